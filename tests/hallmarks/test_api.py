"""The hallmark API: registries, checks, hallmarking and the public lookup, scoped like the pages."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from lims.hallmarks import services
from lims.hallmarks.models import HallmarkCheck, HallmarkedArticle, NameMark
from lims.intake.identifiers import complete
from lims.intake.models import ApplicantKind
from tests.hallmarks.conftest import assayed, register_name_mark, ring

NAME_MARKS = "/api/v1/name-marks/"
ASSAY_MARKS = "/api/v1/assay-marks/"
CHECKS = "/api/v1/hallmark-checks/"
ARTICLES = "/api/v1/hallmarked-articles/"
HALLMARK = "/api/v1/hallmarked-articles/hallmark/"

NEW_MARK = {
    "producer_kind": "legal_entity",
    "producer_name": "Kumis LLP",
    "producer_identifier": complete("16054000777"),
    "code": "km1",
    "email": "notices@kumis.example.kz",
}


@pytest.fixture
def api():
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def as_user(api, user):
    api.force_authenticate(user)
    return api


def check_payload(item, **changes):
    return {
        "item": item.pk,
        "assay_mark_presence": "present",
        "observed_fineness": "585",
        "observed_office_code": "KZA",
        "name_mark_presence": "present",
        "observed_name_code": "ZRG",
        **changes,
    }


# --- Registries --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("alice", 200),
        ("olga", 200),
        ("dave", 200),
        ("erin", 200),
        ("victor", 200),
        ("pavel", 403),
        ("quinn", 403),
    ],
)
def test_the_registries_are_read_by_every_laboratory_and_control_officers(
    api, cast, zerger, gold_585, who, status
):
    client = as_user(api, cast[who])
    response = client.get(NAME_MARKS)
    assert response.status_code == status
    if status == 200:
        assert response.json()["count"] == 1 and response.json()["results"][0]["code"] == "ZRG"
    assert client.get(f"{NAME_MARKS}{zerger.pk}/").status_code == status
    assert client.get(ASSAY_MARKS).status_code == status


def test_anonymous_gets_401(api, zerger):
    for path in (NAME_MARKS, ASSAY_MARKS, CHECKS, ARTICLES):
        assert api.get(path).status_code == 401


def test_search_by_code_in_either_script(api, bob, dave):
    register_name_mark(bob, code="ABC")
    client = as_user(api, dave)
    assert [m["code"] for m in client.get(NAME_MARKS, {"code": "авс"}).json()["results"]] == ["ABC"]
    assert client.get(NAME_MARKS, {"code": "AB"}).json()["count"] == 0  # exact code
    assert client.get(NAME_MARKS, {"q": "ab"}).json()["count"] == 1  # search: a prefix will do


def test_manager_registers_a_name_mark(api, bob):
    response = as_user(api, bob).post(NAME_MARKS, NEW_MARK, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["code"], body["organization"], body["status"]) == ("KM1", "ALM", "active")
    assert body["email"] == NEW_MARK["email"]


def test_registration_errors_are_a_clear_400(api, bob, zerger):
    response = as_user(api, bob).post(NAME_MARKS, {**NEW_MARK, "code": "zrg"}, format="json")
    assert response.status_code == 400
    assert response.json() == ["Name mark ZRG is already registered (as ZRG, with Almaty Assay Laboratory)."]
    response = as_user(api, bob).post(NAME_MARKS, {**NEW_MARK, "email": ""}, format="json")
    assert response.status_code == 400 and "email" in response.json()


@pytest.mark.parametrize("who", ["alice", "dave", "pavel", "victor"])
def test_others_cannot_register(api, cast, who):
    assert as_user(api, cast[who]).post(NAME_MARKS, NEW_MARK, format="json").status_code == 403
    assert not NameMark.objects.exists()


def test_an_individual_producers_iin_and_email_are_hidden_from_other_laboratories(api, bob, dave, victor):
    register_name_mark(
        bob, code="IND", producer_kind=ApplicantKind.INDIVIDUAL, producer_identifier="900101300007"
    )
    row = as_user(api, dave).get(NAME_MARKS).json()["results"][0]
    assert row["producer_identifier"] is None and row["email"] is None
    row = as_user(api, victor).get(NAME_MARKS).json()["results"][0]
    assert row["producer_identifier"] == "900101300007" and row["email"]


def test_assay_marks_are_read_only(api, bob, marks):
    client = as_user(api, bob)
    assert client.get(ASSAY_MARKS, {"metal": "Au"}).json()["count"] == 3
    assert client.post(ASSAY_MARKS, {"office_code": "X"}, format="json").status_code == 405


# --- Checks ------------------------------------------------------------------------------------------------


def test_technician_records_a_check(api, alice, ring_item, marks, zerger):
    response = as_user(api, alice).post(CHECKS, check_payload(ring_item), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["verdict"] == "authentic" and body["current"] and body["measured_fineness"] == "585.4"
    assert body["reason_texts"][0] == "The assay mark matches the registry."


def test_check_problems_are_a_clear_400(api, alice, ring_item):
    response = as_user(api, alice).post(
        CHECKS, check_payload(ring_item, observed_office_code=""), format="json"
    )
    assert response.status_code == 400
    assert response.json() == [f"{ring_item.lab_number}: Enter the assay-office code seen in the assay mark."]


@pytest.mark.parametrize(
    ("who", "status"), [("dave", 404), ("erin", 404), ("olga", 403), ("pavel", 403), ("victor", 403)]
)
def test_others_cannot_check(api, cast, ring_item, who, status):
    assert as_user(api, cast[who]).post(CHECKS, check_payload(ring_item), format="json").status_code == status
    assert not HallmarkCheck.objects.exists()


@pytest.mark.parametrize(
    ("who", "visible"), [("alice", 1), ("olga", 1), ("dave", 0), ("pavel", 0), ("victor", 0)]
)
def test_checks_are_listed_to_the_items_laboratory_only(
    api, cast, alice, ring_item, marks, zerger, who, visible
):
    as_user(api, alice).post(CHECKS, check_payload(ring_item), format="json")
    response = as_user(api, cast[who]).get(CHECKS)
    assert response.status_code == 200 and response.json()["count"] == visible


# --- Hallmarking -------------------------------------------------------------------------------------------


def test_technician_hallmarks_a_batch(api, alice, carol, pavel_co, gold_585):
    application = assayed(alice, pavel_co, ring(quantity=2), ring())
    items = [i.pk for i in application.items.order_by("sequence")]
    data = {"items": items, "assay_mark": gold_585.pk, "method": "electro_spark"}
    response = as_user(api, alice).post(HALLMARK, data, format="json")
    assert response.status_code == 201, response.json()
    rows = response.json()
    assert [(r["item"], r["article_number"]) for r in rows] == [(items[0], 1), (items[0], 2), (items[1], 1)]
    assert all(r["display_id"][4] == "-" and r["fineness"] == "585.0" and r["metal"] == "Au" for r in rows)
    assert as_user(api, alice).get(ARTICLES, {"item": items[0]}).json()["count"] == 2


def test_refused_batch_is_a_400_with_one_message_per_item(api, alice, carol, pavel_co, marks):
    application = assayed(alice, pavel_co, ring(), ring())
    data = {
        "items": [i.pk for i in application.items.all()],
        "assay_mark": marks["Au750"].pk,
        "method": "laser",
    }
    response = as_user(api, alice).post(HALLMARK, data, format="json")
    assert response.status_code == 400 and len(response.json()) == 2
    assert not HallmarkedArticle.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("dave", 404), ("erin", 404), ("olga", 403), ("pavel", 403), ("victor", 403)]
)
def test_others_cannot_hallmark(api, cast, ring_item, gold_585, who, status):
    data = {"items": [ring_item.pk], "assay_mark": gold_585.pk, "method": "laser"}
    assert as_user(api, cast[who]).post(HALLMARK, data, format="json").status_code == status
    assert not HallmarkedArticle.objects.exists()


def test_an_id_past_any_database_key_is_a_400_not_a_crash(api, alice, gold_585):
    """Found by the fuzzer (tests/api/test_fuzz.py): 2**63 overflowed SQLite's integer into a 500."""
    data = {"items": [2**63], "assay_mark": gold_585.pk, "method": "laser"}
    response = as_user(api, alice).post(HALLMARK, data, format="json")
    assert response.status_code == 400 and "items" in response.json()


@pytest.mark.parametrize(
    ("who", "visible"), [("alice", 1), ("bob", 1), ("dave", 0), ("pavel", 0), ("victor", 0)]
)
def test_articles_are_listed_to_the_items_laboratory_only(
    api, cast, alice, ring_item, gold_585, who, visible
):
    services.hallmarking_record(actor=alice, items=[ring_item], assay_mark=gold_585, method="laser")
    response = as_user(api, cast[who]).get(ARTICLES)
    assert response.status_code == 200 and response.json()["count"] == visible


def test_article_list_query_count_is_flat(api, alice, carol, pavel_co, gold_585):
    client = as_user(api, alice)
    first = assayed(alice, pavel_co, ring())
    services.hallmarking_record(
        actor=alice, items=list(first.items.all()), assay_mark=gold_585, method="laser"
    )
    with CaptureQueriesContext(connection) as few:
        client.get(ARTICLES)
    more = assayed(alice, pavel_co, *[ring(quantity=4) for _ in range(4)])
    services.hallmarking_record(
        actor=alice, items=list(more.items.all()), assay_mark=gold_585, method="laser"
    )
    with CaptureQueriesContext(connection) as many:
        assert client.get(ARTICLES).json()["count"] == 17
    assert len(many) == len(few)


def test_name_mark_list_query_count_is_flat(api, bob, erin):
    client = as_user(api, bob)
    register_name_mark(bob, code="A1")
    with CaptureQueriesContext(connection) as few:
        client.get(NAME_MARKS)
    for n in range(2, 12):
        register_name_mark(erin if n % 2 else bob, code=f"A{n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(NAME_MARKS).json()["count"] == 11
    assert len(many) == len(few)


# --- Public lookup -----------------------------------------------------------------------------------------


def test_public_lookup_needs_no_login_and_shows_no_personal_data(api, alice, ring_item, gold_585, pavel_co):
    (row,) = services.hallmarking_record(actor=alice, items=[ring_item], assay_mark=gold_585, method="laser")
    response = api.get(f"/api/v1/hallmark-verify/{row.verification_id.lower()}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "verification_id",
        "metal",
        "metal_label",
        "fineness",
        "organization",
        "hallmarked_on",
        "category",
        "category_label",
    }
    assert (body["verification_id"], body["fineness"], body["organization"]) == (
        row.display_id,
        "585.0",
        "Almaty Assay Laboratory",
    )
    assert pavel_co.name not in response.content.decode() and "alice" not in response.content.decode()


def test_public_lookup_of_an_unknown_id_is_404(api, db):
    response = api.get("/api/v1/hallmark-verify/ZZZZ-ZZZZ/")
    assert response.status_code == 404
    assert response.json()["detail"] == "No hallmarked article has the verification ID ZZZZ-ZZZZ."


def test_the_schema_lists_the_hallmark_paths(api, alice):
    response = as_user(api, alice).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = set(response.json()["paths"])
    assert {
        NAME_MARKS,
        ASSAY_MARKS,
        CHECKS,
        ARTICLES,
        HALLMARK,
        "/api/v1/hallmark-verify/{code}/",
    } <= paths


def test_decimal_figure_in_check_is_kept(api, alice, ring_item, marks, zerger):
    response = as_user(api, alice).post(
        CHECKS, check_payload(ring_item, observed_fineness="585.0"), format="json"
    )
    assert HallmarkCheck.objects.get(pk=response.json()["id"]).observed_fineness == Decimal("585.0")
