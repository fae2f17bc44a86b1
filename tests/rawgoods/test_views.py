import pytest
from django.urls import reverse

from lims.core.models import AuditEvent
from lims.intake.models import ItemStatus
from lims.intake.services import application_withdraw
from lims.rawgoods.content import ELEMENTS
from lims.rawgoods.models import MetalContent
from lims.rawgoods.services import content_record
from tests.factories import make_application
from tests.rawgoods.conftest import entries

EIGHT = {
    "Au-value": "88,4512",  # a decimal comma, as typed
    "Au-unit": "%",
    "Au-method": "fire assay",
    "Ag-value": "9.8731",
    "Ag-unit": "%",
    "Pt-value": "12.5",
    "Pt-unit": "g/t",
    "Pd-value": "3.75",
    "Pd-unit": "g/t",
    **{f"{e}-unit": "g/t" for e in ("Rh", "Ir", "Ru", "Os")},
    **{f"{e}-not_detected": "on" for e in ("Rh", "Ir", "Ru", "Os")},
    **{f"{e}-detection_limit": "0.05" for e in ("Rh", "Ir", "Ru", "Os")},
}


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def url(item):
    return reverse("rawgoods:content", kwargs={"item_pk": item.pk})


def test_alice_sees_all_eight_rows(client, alice, bar):
    client.force_login(alice)
    response = client.get(url(bar))
    body = response.content.decode()
    assert response.status_code == 200 and bar.lab_number in body
    for element in ELEMENTS:
        assert f'name="{element}-value"' in body and f'name="{element}-not_detected"' in body
    assert "Not yet recorded: Au, Ag, Pt, Pd, Rh, Ir, Ru, Os" in body


def test_alice_records_all_eight_in_one_form(client, alice, bar):
    client.force_login(alice)
    response = client.post(url(bar), EIGHT, follow=True)
    assert response.redirect_chain == [(url(bar), 302)]
    assert "Content of all eight precious metals recorded." in response.content.decode()
    bar.refresh_from_db()
    assert bar.status == ItemStatus.TESTED and bar.metal_contents.count() == 8
    assert str(bar.metal_contents.get(element="Au").value) == "88.4512"
    # Sent again unchanged: nothing is rewritten or audited twice.
    client.post(url(bar), EIGHT)
    assert AuditEvent.objects.filter(action__startswith="metal_content").count() == 8


def test_partial_sheet_is_saved_and_the_missing_metals_are_named(client, alice, bar):
    client.force_login(alice)
    data = {k: v for k, v in EIGHT.items() if not k.startswith(("Rh-", "Os-"))}
    response = client.post(url(bar), data, follow=True)
    body = response.content.decode()
    assert "Still missing: Rh, Os" in body
    bar.refresh_from_db()
    assert bar.status == ItemStatus.REGISTERED and bar.metal_contents.count() == 6


def test_errors_are_shown_in_place_and_nothing_is_saved(client, alice, bar):
    client.force_login(alice)
    data = {**EIGHT, "Rh-detection_limit": "", "Au-value": "101", "Ag-value": "abc", "Pd-unit": ""}
    response = client.post(url(bar), data)
    assert response.status_code == 200
    form = {row.element: row for row in response.context["sheet"]}
    assert form["Rh"].errors["detection_limit"] == ["“Not detected” needs the detection limit."]
    assert "At most 100 %" in form["Au"].errors["value"][0]
    assert form["Ag"].errors["value"] == ["Enter a number."]
    assert form["Pd"].errors["unit"] == ["Choose g/t or %."]
    assert not form["Pt"].errors
    body = response.content.decode()
    assert "Nothing was saved: correct the marked rows." in body and "needs the detection limit" in body
    assert not MetalContent.objects.exists()


def test_a_recorded_figure_cannot_be_blanked_out(client, alice, bar):
    content_record(actor=alice, item=bar, entries=entries(["Au"]))
    client.force_login(alice)
    response = client.post(url(bar), {"Au-unit": "%", "Ag-unit": "%", "Ag-value": "9.8"})
    assert response.status_code == 200
    assert "cannot be removed" in response.content.decode()
    assert bar.metal_contents.count() == 1


def test_an_empty_sheet_saves_nothing(client, alice, bar):
    client.force_login(alice)
    response = client.post(url(bar), {f"{e}-unit": "g/t" for e in ELEMENTS}, follow=True)
    assert "Nothing entered." in response.content.decode()
    assert not MetalContent.objects.exists()


def test_a_closed_application_is_read_only(client, alice, raw_app, bar):
    content_record(actor=alice, item=bar, entries=entries(["Au"]))
    with_reason = "Applicant took the bar back"
    application_withdraw(actor=alice, application=raw_app, reason=with_reason)
    client.force_login(alice)
    body = client.get(url(bar)).content.decode()
    assert "Save content" not in body and "disabled" in body
    response = client.post(url(bar), EIGHT, follow=True)
    assert "can no longer change" in response.content.decode()
    assert bar.metal_contents.count() == 1


@pytest.mark.parametrize(
    ("who", "get", "post"),
    [
        ("alice", 200, 302),
        ("bob", 200, 302),  # the head of laboratory may stand in, as for results
        ("olga", 200, 403),  # organization administrator: sees, does not record
        ("dave", 404, 404),
        ("erin", 404, 404),
        ("pavel", 403, 403),
        ("quinn", 403, 403),
        ("victor", 403, 403),
    ],
)
def test_access(client, cast, bar, who, get, post):
    client.force_login(cast[who])
    assert client.get(url(bar)).status_code == get
    assert client.post(url(bar), EIGHT).status_code == post
    assert MetalContent.objects.exists() == (post == 302)


def test_anonymous_is_sent_to_log_in(client, bar):
    response = client.get(url(bar))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_items_other_than_raw_goods_have_no_content_page(client, alice, pavel_co):
    ring = make_application(alice, pavel_co).items.get()
    client.force_login(alice)
    assert client.get(url(ring)).status_code == 404


def test_page_in_russian_and_kazakh_renders(client, alice, bar):
    client.force_login(alice)
    for language in ("ru", "kk"):
        assert client.get(url(bar), HTTP_ACCEPT_LANGUAGE=language).status_code == 200
