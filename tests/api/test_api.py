import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from lims.intake.models import Application
from tests.factories import make_application, make_tested_application, record_verified

NEW_APPLICATION = {
    "applicant_kind": "individual",
    "applicant_identifier": "900101300007",
    "applicant_name": "Айгерім Серікова",
    "purpose": "export",
    "items": [
        {
            "category": "jewelry",
            "description": "Ring",
            "gross_mass_g": "3.250",
            "declared_metal": "Au",
            "declared_fineness": "585.0",
        },
        {"category": "bar", "description": "Bar 100 g", "gross_mass_g": "100.020"},
    ],
}


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def test_token_authentication(api, alice, pavel_co):
    make_application(alice, pavel_co)
    token = Token.objects.create(user=alice)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/applications/")
    assert response.status_code == 200 and response.json()["count"] == 1
    api.credentials(HTTP_AUTHORIZATION="Token wrong")
    assert api.get("/api/v1/applications/").status_code == 401


def test_anonymous_gets_401_or_403(api):
    for path in ("/api/v1/applications/", "/api/v1/items/", "/api/v1/results/"):
        assert api.get(path).status_code == 401


def test_technician_registers_application_through_api(api, alice):
    response = as_user(api, alice).post("/api/v1/applications/", NEW_APPLICATION, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["item_count"] == 2 and body["applicant"]["identifier"] == "900101300007"
    items = as_user(api, alice).get("/api/v1/items/", {"application": body["number"]}).json()["results"]
    assert [i["lab_number"][-6:] for i in items] == ["000001", "000002"]
    assert items[0]["gross_mass_g"] == "3.250"


def test_bad_identifier_is_a_clear_400(api, alice):
    payload = {**NEW_APPLICATION, "applicant_identifier": "900101300008"}
    response = as_user(api, alice).post(
        "/api/v1/applications/", payload, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "check digit" in str(response.json()["applicant_identifier"])
    assert not Application.objects.exists()


@pytest.mark.parametrize("who", ["pavel", "victor", "olga"])
def test_only_lab_staff_register_through_api(api, cast, who):
    assert (
        as_user(api, cast[who]).post("/api/v1/applications/", NEW_APPLICATION, format="json").status_code
        == 403
    )
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("who", "visible"),
    [("alice", 1), ("bob", 1), ("olga", 1), ("dave", 0), ("pavel", 1), ("quinn", 0), ("victor", 0)],
)
@pytest.mark.parametrize("endpoint", ["applications", "items", "results"])
def test_lists_are_scoped(api, cast, alice, pavel_co, who, visible, endpoint):
    make_tested_application(alice, pavel_co)
    response = as_user(api, cast[who]).get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200 and response.json()["count"] == visible


@pytest.mark.parametrize("who", ["dave", "quinn", "victor"])
def test_other_peoples_records_are_404(api, cast, alice, pavel_co, who):
    application = make_tested_application(alice, pavel_co)
    item = application.items.get()
    result = item.results.get()
    client = as_user(api, cast[who])
    assert client.get(f"/api/v1/applications/{application.pk}/").status_code == 404
    assert client.get(f"/api/v1/items/{item.pk}/").status_code == 404
    assert client.get(f"/api/v1/results/{result.pk}/").status_code == 404


def test_applicant_cannot_record_results(api, alice, pavel, pavel_co):
    item = make_application(alice, pavel_co).items.get()
    payload = {"item": item.pk, "method": "iso11426", "raw": {"portion_1_mass_mg": "250"}}
    assert as_user(api, pavel).post("/api/v1/results/", payload, format="json").status_code == 403


def test_application_list_query_count_is_flat(api, alice, pavel_co):
    client = as_user(api, alice)
    make_application(alice, pavel_co)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/applications/")
    for _ in range(10):
        make_application(alice, pavel_co, n_items=3)
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/applications/")
    assert len(many) == len(few)


def test_openapi_schema(api, alice):
    response = as_user(api, alice).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/applications/", "/api/v1/items/", "/api/v1/results/"} <= set(paths)


def test_applicants_do_not_see_withdrawn_results(api, alice, pavel, pavel_co):
    """As on the application's page: the laboratory sees a withdrawn result in its history, the applicant
    sees only the results that stand."""
    from lims.assay.services import result_invalidate

    item = make_tested_application(alice, pavel_co).items.get()
    withdrawn = item.results.get()
    result_invalidate(actor=alice, result=withdrawn, reason="Retest: the cornet was lost")
    standing = record_verified(alice, item)
    seen = {row["id"] for row in as_user(api, pavel).get("/api/v1/results/").json()["results"]}
    assert seen == {standing.pk}
    assert as_user(api, pavel).get(f"/api/v1/results/{withdrawn.pk}/").status_code == 404
    lab = {row["id"] for row in as_user(APIClient(), alice).get("/api/v1/results/").json()["results"]}
    assert lab == {withdrawn.pk, standing.pk}
