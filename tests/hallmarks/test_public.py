"""The public verification page: no login, no personal data, an unknown ID is a 404 saying so, and a
client over the rate limit gets 429 (page and API share the budget)."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from lims.hallmarks import services


@pytest.fixture
def article(alice, ring_item, gold_585):
    (row,) = services.hallmarking_record(actor=alice, items=[ring_item], assay_mark=gold_585, method="laser")
    return row


def code_url(code):
    return reverse("hallmarks:verify_code", args=[code])


def test_the_form_needs_no_login_and_sends_to_the_canonical_address(client, article):
    assert client.get(reverse("hallmarks:verify")).status_code == 200
    typed = article.verification_id.lower()  # no dash, lower case
    response = client.get(reverse("hallmarks:verify"), {"code": typed})
    assert response.status_code == 302 and response["Location"] == code_url(article.display_id)


def test_the_form_explains_a_malformed_id(client):
    response = client.get(reverse("hallmarks:verify"), {"code": "K7M2-9QX0"})
    assert response.status_code == 200
    assert "A verification ID is 8 letters and digits" in response.content.decode()


def test_the_article_page_shows_what_the_mark_certifies_and_no_personal_data(
    client, article, alice, carol, pavel_co
):
    for code in (article.display_id, article.verification_id.lower()):
        response = client.get(code_url(code))
        body = response.content.decode()
        assert response.status_code == 200
        assert article.display_id in body and "Gold" in body and "585.0" in body
        assert "Almaty Assay Laboratory" in body and "Jewelry or other article" in body
        assert timezone.localdate(article.hallmarked_at).strftime("%d.%m.%Y") in body
        for private in (
            pavel_co.name,
            pavel_co.identifier,
            alice.username,
            alice.get_full_name(),
            carol.get_full_name(),
            article.item.lab_number,
            article.item.application.number,
        ):
            assert private not in body, private


def test_an_unknown_id_is_a_404_saying_so(client, article):
    response = client.get(code_url("ZZZZ-ZZZZ"))
    assert response.status_code == 404
    assert "No hallmarked article has the verification ID ZZZZ-ZZZZ." in response.content.decode()
    assert client.get(code_url("not-an-id")).status_code == 404


def test_the_404_is_in_the_users_language(client, db):
    response = client.get(code_url("ZZZZ-ZZZZ"), HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 404 and '<html lang="ru">' in response.content.decode()


@override_settings(HALLMARK_VERIFY_RATE="3/m")
def test_over_the_limit_a_client_gets_429_and_another_client_does_not(client, article):
    for _ in range(3):
        assert client.get(code_url(article.display_id)).status_code == 200
    response = client.get(code_url(article.display_id))
    assert response.status_code == 429 and "Too many requests" in response.content.decode()
    assert client.get(code_url("ZZZZ-ZZZZ")).status_code == 429  # unknown IDs count too: no guessing
    assert client.get(code_url(article.display_id), REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get(reverse("hallmarks:verify")).status_code == 200  # the empty form is not counted


@override_settings(HALLMARK_VERIFY_RATE="2/m")
def test_the_page_and_the_api_share_one_budget(client, article):
    api = APIClient()
    url = f"/api/v1/hallmark-verify/{article.display_id}/"
    assert client.get(code_url(article.display_id)).status_code == 200
    assert api.get(url).status_code == 200
    assert api.get(url).status_code == 429
    assert client.get(code_url(article.display_id)).status_code == 429
