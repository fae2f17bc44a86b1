"""Instrument pages not covered by the access matrix (which takes one object per URL)."""

import pytest
from django.urls import reverse

from instruments import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("user", "expected"), [("alice", 403), ("dave", 403), ("erin", 404), ("bob", 302)])
def test_only_the_head_of_its_laboratory_revokes_an_instruments_key(client, cast, xrf, user, expected):
    token, _key = services.token_create(actor=cast["bob"], instrument=xrf, label="XRF PC")
    client.force_login(cast[user])
    response = client.post(reverse("instruments:token_revoke", args=[xrf.pk, token.pk]))
    assert response.status_code == expected
    token.refresh_from_db()
    assert (token.revoked_at is not None) == (user == "bob")


def test_the_upload_form_preselects_the_instrument_it_was_opened_from(client, alice, xrf):
    client.force_login(alice)
    body = client.get(reverse("instruments:import_create") + f"?instrument={xrf.pk}").content.decode()
    assert f'<option value="{xrf.pk}" selected>' in body
