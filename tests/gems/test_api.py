"""The stones API: the same services as the pages, scoped the same way."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from lims.gems.models import Stone

LIST = "/api/v1/stones/"


@pytest.fixture
def api():
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


RUBY = {
    "mass_g": "0.4000",
    "ri_min": "1.762",
    "ri_max": "1.770",
    "optic_character": "uniaxial-",
    "weight_in_air_g": "0.4000",
    "weight_in_water_g": "0.3000",
}


def test_a_technician_identifies_a_ruby_through_the_api(api, alice, stones_app):
    item = stones_app.items.order_by("sequence").first()
    api.force_authenticate(alice)
    created = api.post(LIST, {"item": item.pk, **RUBY}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["carats"], body["sg_derived"], body["candidates"][0]["code"]) == ("2.00", "4.00", "corundum")
    url = f"{LIST}{body['id']}/"
    decision = {
        "material": "corundum",
        "status": "natural",
        "variety": "ruby",
        "treatments": {"heating": "minor"},
    }
    refused = api.post(f"{url}decide/", decision, format="json")
    assert refused.status_code == 400 and "evidence" in refused.json()[0]
    photo = SimpleUploadedFile("silk.jpg", b"\xff\xd8 photo", content_type="image/jpeg")
    evidence = api.post(f"{url}evidence/", {"kind": "inclusions", "file": photo}, format="multipart")
    assert evidence.status_code == 201 and len(evidence.json()["sha256"]) == 64
    decided = api.post(f"{url}decide/", decision, format="json")
    assert decided.status_code == 200, decided.content
    body = decided.json()
    assert (body["is_precious"], body["precious_reason"], body["treatments"]) == (
        True,
        "natural_corundum",
        [{"code": "heating", "degree": "minor"}],
    )
    measured = api.post(
        f"{url}measure/", {"sg": "4.01", "weight_in_air_g": None, "weight_in_water_g": None}, format="json"
    )
    assert measured.status_code == 200 and measured.json()["decided_at"] is None


def test_bad_measurements_get_a_clear_error(api, alice, stones_app):
    item = stones_app.items.first()
    api.force_authenticate(alice)
    response = api.post(LIST, {"item": item.pk, "ri_min": "1.770", "ri_max": "1.762"}, format="json")
    assert response.status_code == 400 and "above the highest" in response.json()[0]
    assert not Stone.objects.exists()


def test_other_laboratories_and_applicants_see_no_stone(api, alice, dave, pavel, victor, stones_app):
    item = stones_app.items.first()
    api.force_authenticate(alice)
    stone_id = api.post(LIST, {"item": item.pk, **RUBY}, format="json").json()["id"]
    for user in (dave, pavel, victor):
        api.force_authenticate(user)
        assert api.get(LIST).json()["count"] == 0
        assert api.get(f"{LIST}{stone_id}/").status_code == 404
    api.force_authenticate(dave)
    assert api.post(LIST, {"item": item.pk, **RUBY}, format="json").status_code == 404
    api.force_authenticate(pavel)
    assert api.post(LIST, {"item": item.pk, **RUBY}, format="json").status_code == 403
    api.force_authenticate(None)
    assert api.get(LIST).status_code in (401, 403)
