"""The content viewset, registered here through a URL override until lims/api/urls.py wires it."""

import pytest
from rest_framework.test import APIClient

from lims.intake.models import ItemStatus
from lims.rawgoods.services import content_record
from tests.factories import make_application
from tests.rawgoods.conftest import entries

pytestmark = pytest.mark.urls("tests.rawgoods.api_urls")

RECORD = "/api/v1/metal-contents/record/"
LIST = "/api/v1/metal-contents/"


def payload(item, elements=("Au", "Ag", "Pt", "Pd", "Rh", "Ir", "Ru", "Os")):
    rows = []
    for element in elements:
        if element in ("Au", "Ag"):
            rows.append(
                {"element": element, "unit": "%", "value": "88.45125" if element == "Au" else "9.8731"}
            )
        else:
            rows.append({"element": element, "unit": "g/t", "not_detected": True, "detection_limit": "0.05"})
    return {"item": item.pk, "entries": rows}


@pytest.fixture
def api():
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def as_user(api, user):
    api.force_authenticate(user)
    return api


def test_technician_records_all_eight_and_the_item_is_tested(api, alice, bar):
    response = as_user(api, alice).post(RECORD, payload(bar), format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == ItemStatus.TESTED and body["missing"] == []
    assert [row["element"] for row in body["contents"]] == ["Au", "Ag", "Pt", "Pd", "Rh", "Ir", "Ru", "Os"]
    gold = body["contents"][0]
    assert (gold["value"], gold["unit"], gold["lab_number"]) == ("88.4512", "%", bar.lab_number)
    assert body["contents"][-1]["detection_limit"] == "0.0500" and body["contents"][-1]["value"] is None


def test_partial_record_reports_what_is_missing(api, alice, bar):
    body = as_user(api, alice).post(RECORD, payload(bar, ["Au", "Ag"]), format="json").json()
    assert body["status"] == ItemStatus.REGISTERED and body["missing"] == ["Pt", "Pd", "Rh", "Ir", "Ru", "Os"]


def test_bad_entries_are_a_clear_400(api, alice, bar):
    data = {"item": bar.pk, "entries": [{"element": "Pt", "unit": "g/t", "not_detected": True}]}
    response = as_user(api, alice).post(RECORD, data, format="json")
    assert response.status_code == 400
    assert response.json() == ["Platinum (Pt): “Not detected” needs the detection limit."]
    assert as_user(api, alice).post(RECORD, {"item": bar.pk, "entries": []}, format="json").status_code == 400


def test_items_other_than_raw_goods_are_refused(api, alice, pavel_co):
    ring = make_application(alice, pavel_co).items.get()
    response = as_user(api, alice).post(RECORD, payload(ring), format="json")
    assert response.status_code == 400 and "is not raw goods" in response.json()[0]


@pytest.mark.parametrize(("who", "status"), [("dave", 404), ("erin", 404), ("pavel", 403), ("olga", 403)])
def test_others_cannot_record(api, cast, bar, who, status):
    assert as_user(api, cast[who]).post(RECORD, payload(bar), format="json").status_code == status
    assert not bar.metal_contents.exists()


def test_anonymous_gets_401(api, bar):
    assert api.get(LIST).status_code == 401
    assert api.post(RECORD, payload(bar), format="json").status_code == 401


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("alice", 8),
        ("bob", 8),
        ("olga", 8),
        ("pavel", 8),
        ("dave", 0),
        ("erin", 0),
        ("quinn", 0),
        ("victor", 0),
    ],
)
def test_lists_are_scoped_like_items(api, cast, alice, bar, who, visible):
    content_record(actor=alice, item=bar, entries=entries())
    response = as_user(api, cast[who]).get(LIST)
    assert response.status_code == 200 and response.json()["count"] == visible


@pytest.mark.parametrize("who", ["dave", "quinn", "victor"])
def test_other_peoples_records_are_404(api, cast, alice, bar, who):
    (row, *_) = content_record(actor=alice, item=bar, entries=entries(["Au"]))
    assert as_user(api, cast[who]).get(f"{LIST}{row.pk}/").status_code == 404
    assert as_user(api, alice).get(f"{LIST}{row.pk}/").json()["element"] == "Au"


def test_filter_by_item_and_element(api, alice, bar, raw_app):
    content_record(actor=alice, item=bar, entries=entries())
    client = as_user(api, alice)
    assert client.get(LIST, {"item": bar.pk}).json()["count"] == 8
    assert client.get(LIST, {"element": "Os", "not_detected": "true"}).json()["count"] == 1
