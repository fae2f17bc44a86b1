"""The instrument API: scoped like the pages; an instrument's PC posts files with its key, which reaches
nothing else; a technician records the posted file's results in their own name."""

import pytest
from rest_framework.test import APIClient

from instruments import services
from instruments.models import ImportStatus
from instruments.services.imports import import_process
from tests.factories import make_application
from tests.instruments.conftest import as_upload, fixture_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_instruments_are_listed_with_whether_they_may_be_used_only_to_their_laboratory(api, alice, dave, xrf):
    api.force_authenticate(alice)
    [row] = api.get("/api/v1/instruments/").json()["results"]
    assert (row["serial_number"], row["usable"], row["blockers"]) == ("250-00417", True, [])
    api.force_authenticate(dave)
    assert api.get("/api/v1/instruments/").json()["results"] == []
    assert api.get(f"/api/v1/instruments/{xrf.pk}/").status_code == 404


def test_an_instrument_pc_posts_a_file_with_its_key_and_a_technician_records_it(
    api, alice, bob, xrf, pavel_co, django_capture_on_commit_callbacks
):
    ring = make_application(alice, pavel_co).items.get()
    _, key = services.token_create(actor=bob, instrument=xrf, label="XRF PC, room 12")
    content = fixture_bytes("xrf_generic.csv").replace(b"ALM-2026-000101", ring.lab_number.encode())
    api.credentials(HTTP_AUTHORIZATION=f"Instrument {key}")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/instrument-uploads/", {"file": as_upload(content)}, format="multipart")
    assert response.status_code == 202, response.json()
    upload_id = response.json()["id"]
    status = api.get(f"/api/v1/instrument-uploads/{upload_id}/").json()
    assert status["status"] == ImportStatus.AWAITING and status["results_created"] == 0
    assert api.get("/api/v1/items/").status_code == 401  # the key reaches nothing else

    api.credentials()
    api.force_authenticate(alice)
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(f"/api/v1/result-imports/{upload_id}/record/").status_code == 202
    result = ring.results.get()
    assert result.recorded_by == alice and result.source_import_id == upload_id
    rows = api.get(f"/api/v1/result-imports/{upload_id}/rows/").json()["results"]
    assert {r["code"] for r in rows if r["outcome"] == "rejected"} == {"unknown_item"}


def test_a_revoked_or_unknown_key_is_refused(api, bob, xrf):
    token, key = services.token_create(actor=bob, instrument=xrf, label="PC")
    services.token_revoke(actor=bob, token=token)
    for header in (f"Instrument {key}", "Instrument not-a-key"):
        api.credentials(HTTP_AUTHORIZATION=header)
        response = api.post("/api/v1/instrument-uploads/", {"file": as_upload(b"x")}, format="multipart")
        assert response.status_code == 401


def test_a_user_uploads_through_the_api_and_another_laboratory_cannot(api, alice, dave, xrf):
    api.force_authenticate(dave)
    response = api.post(
        "/api/v1/result-imports/", {"instrument": xrf.pk, "file": as_upload(b"a,b\n")}, format="multipart"
    )
    assert response.status_code == 400 and "instrument" in response.json()
    api.force_authenticate(alice)
    response = api.post(
        "/api/v1/result-imports/", {"instrument": xrf.pk, "file": as_upload(b"%PDF-1.4")}, format="multipart"
    )
    assert response.status_code == 202
    refused = import_process(response.json()["id"])
    assert "PDF" in api.get(f"/api/v1/result-imports/{refused.pk}/").json()["errors"][0]


def test_qc_check_by_api_refuses_a_float(api, alice, bob, xrf):
    from decimal import Decimal

    from instruments.services.quality import ReferenceMaterialData

    material = services.reference_material_register(actor=bob, data=ReferenceMaterialData(name="Au 585"))
    value = services.certified_value_add(
        actor=bob, material=material, analyte="Au", unit="permille",
        value=Decimal("585.0"), uncertainty=Decimal("0.3"), tolerance=Decimal("0.6"),
    )  # fmt: skip
    api.force_authenticate(alice)
    payload = {"instrument": xrf.pk, "certified_value": value.pk, "measured": 585.2}
    assert api.post("/api/v1/qc-checks/", payload, format="json").status_code == 400
    response = api.post("/api/v1/qc-checks/", {**payload, "measured": "585.2"}, format="json")
    assert response.status_code == 201 and response.json()["passed"] is True
