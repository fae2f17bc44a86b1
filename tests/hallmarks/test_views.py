"""The hallmark pages: every page × every role of the cast, and what each page does."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from lims.core.models import AuditEvent
from lims.hallmarks import services
from lims.hallmarks.models import HallmarkCheck, HallmarkedArticle, NameMark, NameMarkStatus, Verdict
from lims.intake.identifiers import complete
from lims.intake.models import ApplicantKind
from lims.intake.services import application_withdraw
from tests.factories import make_application
from tests.hallmarks.conftest import assayed, observation, register_name_mark, ring

ROLES = ["alice", "bob", "olga", "dave", "erin", "pavel", "quinn", "victor"]

CHECK = {
    "assay_mark": "present",
    "assay_fineness": "585",
    "assay_office": "kza",
    "name_mark": "present",
    "name_code": "zrg",
}


def png(name="mark.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "gold").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def world(cast, tested_app, ring_item, zerger, gold_585):
    """ALM has Pavel's tested ring and the name mark ZRG; nobody else has anything."""
    return {"app": tested_app, "item": ring_item, "mark": zerger, "assay_mark": gold_585}


READERS = {"alice": 200, "bob": 200, "olga": 200, "dave": 200, "erin": 200, "victor": 200}
OWN_LAB = {"alice": 200, "bob": 200, "olga": 200, "dave": 404, "erin": 404}

# url name, args from world, method, data, expected status per role (missing role → 403).
MATRIX = [
    ("hallmarks:name_mark_list", None, "get", None, READERS),
    ("hallmarks:name_mark_detail", "mark", "get", None, READERS),
    ("hallmarks:name_mark_register", None, "get", None, {"bob": 200, "olga": 200, "erin": 200}),
    (
        "hallmarks:name_mark_status",
        "mark",
        "post",
        {"status": "suspended", "reason": "Notice not answered"},
        {"bob": 302, "olga": 302},
    ),
    ("hallmarks:assay_mark_list", None, "get", None, READERS),
    ("hallmarks:item_check", "item", "get", None, OWN_LAB),
    ("hallmarks:item_check", "item", "post", CHECK, {"alice": 302, "bob": 302, "dave": 404, "erin": 404}),
    ("hallmarks:hallmarking", "app", "get", None, OWN_LAB),
    ("hallmarks:hallmarking", "app", "post", "batch", {"alice": 302, "bob": 302, "dave": 404, "erin": 404}),
    ("hallmarks:articles", "app", "get", None, OWN_LAB),
]
IDS = [f"{row[0]}:{row[2]}" for row in MATRIX]


def _url(name, arg, world):
    return reverse(name, args=[world[arg].pk]) if arg else reverse(name)


def _data(data, world):
    if data == "batch":
        return {"items": [world["item"].pk], "assay_mark": world["assay_mark"].pk, "method": "laser"}
    return data


@pytest.mark.parametrize(("name", "arg", "method", "data", "expected"), MATRIX, ids=IDS)
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, cast, world, name, arg, method, data, expected, role):
    client.force_login(cast[role])
    response = getattr(client, method)(_url(name, arg, world), _data(data, world))
    assert response.status_code == expected.get(role, 403), f"{role} {method} {name}"


@pytest.mark.parametrize(("name", "arg", "method", "data", "expected"), MATRIX, ids=IDS)
def test_anonymous_is_sent_to_log_in(client, world, name, arg, method, data, expected):
    response = getattr(client, method)(_url(name, arg, world), _data(data, world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["olga", "dave", "erin", "pavel", "victor"])
def test_refused_posts_change_nothing(client, cast, world, who):
    client.force_login(cast[who])
    client.post(reverse("hallmarks:item_check", args=[world["item"].pk]), CHECK)
    client.post(reverse("hallmarks:hallmarking", args=[world["app"].pk]), _data("batch", world))
    assert not HallmarkCheck.objects.exists() and not HallmarkedArticle.objects.exists()


@pytest.mark.parametrize("who", ["erin", "alice", "victor"])
def test_status_of_another_organizations_mark_cannot_be_changed(client, cast, world, who):
    client.force_login(cast[who])
    client.post(
        reverse("hallmarks:name_mark_status", args=[world["mark"].pk]), {"status": "revoked", "reason": "x"}
    )
    world["mark"].refresh_from_db()
    assert world["mark"].status == NameMarkStatus.ACTIVE


# --- Name-mark registry ------------------------------------------------------------------------------------


def test_search_by_code_in_either_script_producer_and_bin(client, bob, erin, dave):
    register_name_mark(bob, code="ABC", producer_name="Altyn Zerger LLP")
    register_name_mark(
        erin, code="KZ7", producer_name="Kumis LLP", producer_identifier=complete("16054000777")
    )
    client.force_login(dave)  # a technician of the other laboratory finds both
    url = reverse("hallmarks:name_mark_list")
    for query, found, hidden in [
        ("авс", "ABC", "KZ7"),  # Cyrillic look-alikes find the Latin code
        ("kz", "KZ7", "ABC"),
        ("altyn", "ABC", "KZ7"),
        (complete("16054000777"), "KZ7", "ABC"),
    ]:
        body = client.get(url, {"q": query}).content.decode()
        assert found in body and f">{hidden}<" not in body, query
    body = client.get(url, {"status": "revoked"}).content.decode()
    assert "No name marks match." in body


def test_an_individual_producers_iin_and_email_stay_with_the_registering_organization(
    client, bob, dave, victor
):
    mark = register_name_mark(
        bob, code="IND", producer_kind=ApplicantKind.INDIVIDUAL, producer_identifier="900101300007"
    )
    client.force_login(dave)
    assert "900101300007" not in client.get(reverse("hallmarks:name_mark_list")).content.decode()
    body = client.get(reverse("hallmarks:name_mark_detail", args=[mark.pk])).content.decode()
    assert "900101300007" not in body and mark.email not in body
    for who in (bob, victor):
        client.force_login(who)
        body = client.get(reverse("hallmarks:name_mark_detail", args=[mark.pk])).content.decode()
        assert "900101300007" in body and mark.email in body


def test_manager_registers_a_mark_with_its_image(client, bob, alice):
    client.force_login(bob)
    data = {
        "producer_kind": "legal_entity",
        "producer_name": "Kumis LLP",
        "producer_identifier": complete("16054000777"),
        "code": "k m 1",
        "email": "notices@kumis.example.kz",
        "image": png(),
    }
    response = client.post(reverse("hallmarks:name_mark_register"), data, follow=True)
    mark = NameMark.objects.get()
    assert response.redirect_chain == [(reverse("hallmarks:name_mark_detail", args=[mark.pk]), 302)]
    assert "Name mark KM1 registered." in response.content.decode()
    assert mark.code == "KM1" and mark.image.name.startswith("hallmarks/name-marks/")
    client.force_login(alice)  # a technician sees the impression
    image = client.get(reverse("hallmarks:name_mark_image", args=[mark.pk]))
    assert image.status_code == 200 and b"".join(image.streaming_content).startswith(b"\x89PNG")


def test_register_form_shows_errors_in_place(client, bob, zerger):
    client.force_login(bob)
    data = {
        "producer_kind": "legal_entity",
        "producer_name": "Copy LLP",
        "producer_identifier": "150440001230",
        "code": "zrg",
        "email": "",
    }
    response = client.post(reverse("hallmarks:name_mark_register"), data)
    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors["producer_identifier"] == [
        "The check digit does not match: please re-check the IIN or BIN."
    ]
    assert form.errors["email"] == ["This field is required."]
    data.update(producer_identifier=complete("16054000777"), email="x@example.kz")
    response = client.post(reverse("hallmarks:name_mark_register"), data)
    assert "Name mark ZRG is already registered" in response.content.decode()
    assert NameMark.objects.count() == 1


def test_status_change_on_the_detail_page(client, bob, world):
    client.force_login(bob)
    url = reverse("hallmarks:name_mark_detail", args=[world["mark"].pk])
    assert 'name="reason"' in client.get(url).content.decode()
    status_url = reverse("hallmarks:name_mark_status", args=[world["mark"].pk])
    response = client.post(status_url, {"status": "revoked", "reason": ""}, follow=True)
    assert "Choose the new status and give the reason." in response.content.decode()
    response = client.post(status_url, {"status": "revoked", "reason": "Producer closed"}, follow=True)
    body = response.content.decode()
    assert "Name mark ZRG is now revoked." in body and "Producer closed" in body
    assert 'name="reason"' not in body  # revoked is final: no form any more


def test_technician_sees_the_registry_without_the_status_form(client, alice, world):
    client.force_login(alice)
    body = client.get(reverse("hallmarks:name_mark_detail", args=[world["mark"].pk])).content.decode()
    assert "ZRG" in body and 'name="reason"' not in body


def test_name_mark_list_queries_do_not_grow_with_rows(client, bob, erin):
    client.force_login(bob)
    register_name_mark(bob, code="A1")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("hallmarks:name_mark_list"))
    for n in range(2, 15):
        register_name_mark(erin if n % 2 else bob, code=f"A{n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("hallmarks:name_mark_list"))
    assert "A14" in response.content.decode()
    assert len(many) == len(few)


def test_assay_mark_list_shows_unverified_entries(client, dave, marks):
    client.force_login(dave)
    body = client.get(reverse("hallmarks:assay_mark_list"), {"metal": "Au"}).content.decode()
    assert "583.0" in body and "925.0" not in body and "not verified" in body


# --- Item check --------------------------------------------------------------------------------------------


def test_check_page_records_a_verdict_and_keeps_history(client, alice, world, marks):
    client.force_login(alice)
    url = reverse("hallmarks:item_check", args=[world["item"].pk])
    assert "Not checked yet." in client.get(url).content.decode()
    response = client.post(url, CHECK, follow=True)
    body = response.content.decode()
    assert f"Hallmarks of {world['item'].lab_number} checked: authentic." in body
    assert "The assay mark matches the registry." in body and "The name mark matches the registry." in body
    response = client.post(url, {**CHECK, "name_code": "XXX"}, follow=True)
    body = response.content.decode()
    assert "checked: counterfeit." in body and "No name mark with this code is registered." in body
    assert "1 earlier check" in body
    assert HallmarkCheck.objects.get(current=True).verdict == Verdict.COUNTERFEIT


def test_check_form_errors_are_shown_beside_the_field(client, alice, world):
    client.force_login(alice)
    url = reverse("hallmarks:item_check", args=[world["item"].pk])
    response = client.post(url, {**CHECK, "assay_fineness": "", "name_mark": "absent"})
    form = response.context["form"]
    assert form.errors["assay_fineness"] == ["Enter the fineness figure seen in the assay mark."]
    assert form.errors["name_mark"] == ["Leave the details empty when the mark is absent or unreadable."]
    assert not HallmarkCheck.objects.exists()


def test_check_page_of_a_closed_application_is_read_only(client, alice, world):
    application_withdraw(actor=alice, application=world["app"], reason="Taken back")
    client.force_login(alice)
    url = reverse("hallmarks:item_check", args=[world["item"].pk])
    assert "Record check" not in client.get(url).content.decode()
    response = client.post(url, CHECK, follow=True)
    assert "can no longer change" in response.content.decode() and not HallmarkCheck.objects.exists()


def test_items_other_than_jewelry_have_no_check_page(client, alice, pavel_co):
    from lims.intake.models import ItemCategory
    from lims.intake.services import ItemData, application_register

    bar = ItemData(ItemCategory.BAR, "Bar", Decimal("100"), 1, "Au", Decimal("999.9"))
    item = application_register(actor=alice, applicant=pavel_co, purpose="export", items=[bar]).items.get()
    client.force_login(alice)
    assert client.get(reverse("hallmarks:item_check", args=[item.pk])).status_code == 404


# --- Hallmarking -------------------------------------------------------------------------------------------


def test_batch_page_lists_only_hallmarkable_items(client, alice, carol, pavel_co, gold_585):
    application = assayed(alice, pavel_co, ring(), ring("585"), measured=("585.4", "580.0"))
    good, low = application.items.order_by("sequence")
    client.force_login(alice)
    body = client.get(reverse("hallmarks:hallmarking", args=[application.pk])).content.decode()
    assert good.lab_number in body and low.lab_number not in body


def test_batch_hallmarking_leads_to_the_printable_list(client, alice, carol, pavel_co, gold_585):
    application = assayed(alice, pavel_co, ring(quantity=2), ring())
    items = list(application.items.order_by("sequence"))
    client.force_login(alice)
    url = reverse("hallmarks:hallmarking", args=[application.pk])
    data = {"items": [i.pk for i in items], "assay_mark": gold_585.pk, "method": "impact"}
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(reverse("hallmarks:articles", args=[application.pk]), 302)]
    body = response.content.decode()
    assert "3 articles hallmarked." in body
    for article in HallmarkedArticle.objects.all():
        assert article.display_id in body
    assert "http://127.0.0.1:8000/hallmarks/verify/" in body and "1/2" in body and "2/2" in body
    assert AuditEvent.objects.filter(action="hallmark.apply").count() == 3
    assert "No item of this application is ready" in client.get(url).content.decode()


def test_batch_refusals_are_shown_one_per_item(client, alice, carol, pavel_co, marks):
    application = assayed(alice, pavel_co, ring(), ring("585"), measured=("585.4", "585.2"))
    client.force_login(alice)
    data = {
        "items": [i.pk for i in application.items.all()],
        "assay_mark": marks["Au750"].pk,
        "method": "laser",
    }
    response = client.post(reverse("hallmarks:hallmarking", args=[application.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200 and body.count("is above the measured fineness") == 2
    assert not HallmarkedArticle.objects.exists()


def test_org_admin_sees_the_batch_page_without_the_form(client, olga, world):
    client.force_login(olga)
    body = client.get(reverse("hallmarks:hallmarking", args=[world["app"].pk])).content.decode()
    assert world["item"].lab_number in body and "Record hallmarking" not in body


def test_hallmarked_article_list_queries_do_not_grow_with_rows(client, alice, carol, pavel_co, gold_585):
    client.force_login(alice)
    small = assayed(alice, pavel_co, ring())
    large = assayed(alice, pavel_co, *[ring(quantity=3) for _ in range(5)], measured=["585.4"] * 5)
    for application in (small, large):
        services.hallmarking_record(
            actor=alice, items=list(application.items.all()), assay_mark=gold_585, method="laser"
        )
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("hallmarks:articles", args=[small.pk]))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("hallmarks:articles", args=[large.pk]))
    assert response.content.decode().count("<tr>") == 1 + 15
    assert len(many) == len(few)


def test_pages_in_russian_and_kazakh_render(client, alice, world, marks):
    services.hallmark_check_record(actor=alice, item=world["item"], observation=observation())
    client.force_login(alice)
    for name, arg in [
        ("hallmarks:name_mark_list", None),
        ("hallmarks:name_mark_detail", "mark"),
        ("hallmarks:assay_mark_list", None),
        ("hallmarks:item_check", "item"),
        ("hallmarks:hallmarking", "app"),
        ("hallmarks:articles", "app"),
    ]:
        for language in ("ru", "kk"):
            response = client.get(_url(name, arg, world), HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (name, language)


def test_untested_items_are_not_offered(client, alice, pavel_co, gold_585):
    application = make_application(alice, pavel_co)
    client.force_login(alice)
    body = client.get(reverse("hallmarks:hallmarking", args=[application.pk])).content.decode()
    assert "No item of this application is ready for hallmarking." in body


@pytest.mark.parametrize(("who", "status"), [("dave", 200), ("victor", 200), ("pavel", 403), ("quinn", 403)])
def test_mark_images_are_served_to_registry_readers_only(client, cast, bob, gold_585, who, status):
    mark = register_name_mark(bob, code="IMG", image=png())
    gold_585.image.save("gold.png", png(), save=True)
    client.force_login(cast[who])
    assert client.get(reverse("hallmarks:name_mark_image", args=[mark.pk])).status_code == status
    assert client.get(reverse("hallmarks:assay_mark_image", args=[gold_585.pk])).status_code == status


def test_a_mark_without_an_image_is_404(client, bob, zerger, gold_585):
    client.force_login(bob)
    assert client.get(reverse("hallmarks:name_mark_image", args=[zerger.pk])).status_code == 404
    assert client.get(reverse("hallmarks:assay_mark_image", args=[gold_585.pk])).status_code == 404


def test_a_withdrawn_application_offers_nothing_to_hallmark(client, alice, world):
    application_withdraw(actor=alice, application=world["app"], reason="Taken back")
    client.force_login(alice)
    body = client.get(reverse("hallmarks:hallmarking", args=[world["app"].pk])).content.decode()
    assert "No item of this application is ready for hallmarking." in body
