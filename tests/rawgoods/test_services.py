from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from lims.core.models import AuditEvent
from lims.intake.models import ApplicationStatus, ItemStatus
from lims.intake.services import application_register, application_withdraw, item_mark_tested
from lims.rawgoods.content import ELEMENTS
from lims.rawgoods.models import MetalContent
from lims.rawgoods.selectors import contents_for
from lims.rawgoods.services import ContentEntry, content_record, issue_blockers, missing_elements
from tests.factories import issue, make_application
from tests.rawgoods.conftest import dore_bar, entries


def test_all_eight_make_the_item_tested_and_the_application_results_ready(alice, raw_app, bar):
    rows = content_record(actor=alice, item=bar, entries=entries())
    assert [row.element for row in rows] == list(ELEMENTS)
    bar.refresh_from_db()
    raw_app.refresh_from_db()
    assert bar.status == ItemStatus.TESTED and raw_app.status == ApplicationStatus.TESTED
    assert missing_elements(bar) == [] and issue_blockers(raw_app) == []
    gold = bar.metal_contents.get(element="Au")
    assert (gold.unit, gold.value, gold.not_detected, gold.method) == (
        "%",
        Decimal("88.4512"),
        False,
        "fire assay",
    )
    osmium = bar.metal_contents.get(element="Os")
    assert (osmium.value, osmium.not_detected, osmium.detection_limit) == (None, True, Decimal("0.0500"))


def test_seven_leave_the_item_untested_and_block_the_document_naming_the_missing_metal(alice, raw_app, bar):
    content_record(actor=alice, item=bar, entries=entries([e for e in ELEMENTS if e != "Rh"]))
    bar.refresh_from_db()
    raw_app.refresh_from_db()
    assert bar.status == ItemStatus.REGISTERED and raw_app.status == ApplicationStatus.IN_TESTING
    assert missing_elements(bar) == ["Rh"]
    (line,) = issue_blockers(raw_app)
    assert bar.lab_number in line and "Rh" in line and "Au" not in line
    content_record(actor=alice, item=bar, entries=entries(["Rh"]))  # the eighth, later
    bar.refresh_from_db()
    assert bar.status == ItemStatus.TESTED and issue_blockers(raw_app) == []


def test_issue_blockers_one_line_per_incomplete_raw_goods_item(alice, mixed_app):
    ring, first, second = mixed_app.items.order_by("sequence")
    content_record(actor=alice, item=first, entries=entries(["Au", "Ag"]))
    lines = issue_blockers(mixed_app)
    assert len(lines) == 2
    assert first.lab_number in lines[0] and "Pt, Pd, Rh, Ir, Ru, Os" in lines[0]
    assert second.lab_number in lines[1] and "Au, Ag, Pt" in lines[1]
    assert ring.lab_number not in " ".join(lines)


def test_issue_blockers_need_no_query_per_item(alice, mixed_app, django_assert_num_queries):
    with django_assert_num_queries(2):
        issue_blockers(mixed_app)


def test_an_item_marked_tested_elsewhere_still_blocks_until_all_eight_are_recorded(alice, raw_app, bar):
    # Whatever else marks a raw-goods item tested (today the assay services do not refuse raw goods; see
    # the report), the content guard reads the content record itself.
    with transaction.atomic():
        item_mark_tested(actor=alice, item=bar)
    assert issue_blockers(raw_app) == [
        f"Raw goods {bar.lab_number}: the content of Au, Ag, Pt, Pd, Rh, Ir, Ru, Os is not recorded."
    ]


def test_mixed_application_is_results_ready_only_when_every_item_is_tested(alice, mixed_app):
    ring, first, second = mixed_app.items.order_by("sequence")
    with transaction.atomic():  # the ring's fineness is settled by the assay services
        item_mark_tested(actor=alice, item=ring)
    content_record(actor=alice, item=first, entries=entries())
    mixed_app.refresh_from_db()
    assert mixed_app.status == ApplicationStatus.IN_TESTING
    content_record(actor=alice, item=second, entries=entries())
    mixed_app.refresh_from_db()
    assert mixed_app.status == ApplicationStatus.TESTED


@pytest.mark.parametrize(
    ("entry", "fragment"),
    [
        (ContentEntry("Pt", "g/t", not_detected=True), "“Not detected” needs the detection limit."),
        (ContentEntry("Pt", "g/t"), "Enter the mass fraction"),
        (
            ContentEntry("Pt", "g/t", Decimal("1"), not_detected=True, detection_limit=Decimal("0.05")),
            "Leave the mass fraction empty",
        ),
        (ContentEntry("Au", "%", Decimal("100.01")), "At most 100 %"),
        (ContentEntry("Au", "g/t", Decimal("1000001")), "At most 100 %"),
        (ContentEntry("Ag", "%", Decimal("-1")), "cannot be negative"),
        (ContentEntry("Pd", "%", Decimal("0.00002")), "enter it in g/t"),
        (ContentEntry("Pd", "g/t", "abc"), "Enter a number."),
        (ContentEntry("Xx", "g/t", Decimal("1")), "Xx is not a precious metal."),
    ],
)
def test_bad_entries_are_refused_naming_the_metal(alice, bar, entry, fragment):
    with pytest.raises(ValidationError) as refused:
        content_record(actor=alice, item=bar, entries=[entry])
    text = " ".join(refused.value.messages)
    assert fragment in text
    if entry.element != "Xx":
        assert f"({entry.element}):" in text
    assert not MetalContent.objects.exists()


def test_one_bad_entry_refuses_the_whole_submission(alice, bar):
    bad = ContentEntry("Rh", "g/t", not_detected=True)
    with pytest.raises(ValidationError) as refused:
        content_record(actor=alice, item=bar, entries=[*entries(["Au", "Ag"]), bad])
    assert refused.value.messages == ["Rhodium (Rh): “Not detected” needs the detection limit."]
    assert (
        not MetalContent.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="metal").exists()
    )


def test_an_element_twice_or_nothing_at_all_is_refused(alice, bar):
    with pytest.raises(ValidationError, match="Au is given more than once"):
        content_record(actor=alice, item=bar, entries=entries(["Au", "Au"]))
    with pytest.raises(ValidationError, match="at least one"):
        content_record(actor=alice, item=bar, entries=[])


def test_values_are_quantized_to_a_ten_thousandth_half_even(alice, bar):
    content_record(
        actor=alice,
        item=bar,
        entries=[
            ContentEntry("Au", "%", Decimal("88.45125")),
            ContentEntry("Ag", "%", "9,87315"),  # str with a decimal comma, as typed
            ContentEntry("Pt", "g/t", not_detected=True, detection_limit=Decimal("0.00015")),
        ],
    )
    values = {r.element: (r.value, r.detection_limit) for r in bar.metal_contents.all()}
    assert values == {
        "Au": (Decimal("88.4512"), None),
        "Ag": (Decimal("9.8732"), None),
        "Pt": (None, Decimal("0.0002")),
    }


def test_floats_are_refused(alice, bar):
    with pytest.raises(TypeError):
        content_record(actor=alice, item=bar, entries=[ContentEntry("Au", "%", 88.45)])


def test_recording_and_correcting_are_audited_with_before_and_after(alice, carol, raw_app, bar):
    content_record(actor=alice, item=bar, entries=entries())
    recorded = AuditEvent.objects.filter(action="metal_content.record", application=raw_app)
    assert recorded.count() == 8 and recorded.filter(actor=alice).count() == 8
    gold = recorded.get(object_id=str(bar.metal_contents.get(element="Au").pk))
    assert gold.after["value"] == "88.4512" and gold.after["unit"] == "%" and gold.before is None

    content_record(
        actor=carol,
        item=bar,
        entries=[
            ContentEntry("Au", "%", Decimal("88.4600"), method="fire assay"),  # corrected
            ContentEntry("Ag", "%", Decimal("9.8731"), method="fire assay"),  # unchanged: no event
            ContentEntry("Rh", "g/t", Decimal("0.2")),  # was not detected
        ],
    )
    changed = AuditEvent.objects.filter(action="metal_content.change").order_by("id")
    assert [(e.before["element"], e.actor) for e in changed] == [("Au", carol), ("Rh", carol)]
    assert (changed[0].before["value"], changed[0].after["value"]) == ("88.4512", "88.4600")
    assert changed[1].before["not_detected"] is True and changed[1].after == {
        "item": bar.lab_number,
        "element": "Rh",
        "unit": "g/t",
        "value": "0.2000",
        "not_detected": False,
        "detection_limit": None,
        "method": "",
    }
    gold_row = bar.metal_contents.get(element="Au")
    assert gold_row.recorded_by == carol and gold_row.value == Decimal("88.4600")
    assert bar.metal_contents.count() == 8  # upsert, never a second row


def test_only_raw_goods_take_a_content_record(alice, pavel_co):
    ring = make_application(alice, pavel_co).items.get()
    with pytest.raises(ValidationError, match="is not raw goods"):
        content_record(actor=alice, item=ring, entries=entries())
    assert not MetalContent.objects.exists()


@pytest.mark.parametrize("who", ["dave", "erin", "pavel", "quinn", "victor", "olga"])
def test_only_own_organization_technicians_and_head_record(cast, bar, who):
    with pytest.raises(PermissionDenied):
        content_record(actor=cast[who], item=bar, entries=entries())
    assert not MetalContent.objects.exists()


def test_head_of_laboratory_may_stand_in(bob, bar):
    content_record(actor=bob, item=bar, entries=entries(["Au"]))
    assert bar.metal_contents.get().recorded_by == bob


def test_withdrawn_application_is_refused(alice, raw_app, bar):
    application_withdraw(actor=alice, application=raw_app, reason="Applicant took the bar back")
    with pytest.raises(ValidationError, match="can no longer change"):
        content_record(actor=alice, item=bar, entries=entries())


def test_issued_application_is_refused(alice, bob, alm, raw_app, bar, django_capture_on_commit_callbacks):
    alm.scope = [*alm.scope, "raw_goods_content"]
    alm.save()
    content_record(actor=alice, item=bar, entries=entries())
    with django_capture_on_commit_callbacks(execute=True):
        issue(raw_app, signer=bob)
    with pytest.raises(ValidationError, match="can no longer change"):
        content_record(actor=alice, item=bar, entries=[ContentEntry("Au", "%", Decimal("90"))])
    assert bar.metal_contents.get(element="Au").value == Decimal("88.4512")


@pytest.mark.parametrize(
    "fields",
    [
        {"value": None, "not_detected": False},  # neither a value nor "not detected"
        {"value": Decimal("1"), "not_detected": True, "detection_limit": Decimal("0.05")},  # both
        {"value": None, "not_detected": True, "detection_limit": None},  # not detected, no limit
        {"value": Decimal("-1")},
        {"value": Decimal("100.5"), "unit": "%"},
        {"value": Decimal("1"), "unit": "ppm"},
        {"value": None, "not_detected": True, "detection_limit": Decimal("0")},
    ],
)
def test_database_constraints_hold_without_the_service(alice, bar, fields):
    row = {"item": bar, "element": "Au", "unit": "g/t", "recorded_by": alice, **fields}
    with pytest.raises(IntegrityError), transaction.atomic():
        MetalContent.objects.create(**row)


def test_one_row_per_element_in_the_database(alice, bar):
    MetalContent.objects.create(item=bar, element="Au", unit="%", value=Decimal("1"), recorded_by=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        MetalContent.objects.create(item=bar, element="Au", unit="%", value=Decimal("2"), recorded_by=alice)


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
def test_contents_are_scoped_like_items(cast, alice, bar, who, visible):
    content_record(actor=alice, item=bar, entries=entries())
    assert contents_for(cast[who]).count() == visible


def test_other_organizations_contents_stay_apart(alice, dave, pavel_co, bar):
    ast_bar = application_register(actor=dave, applicant=pavel_co, purpose="export", items=[dore_bar()])
    content_record(actor=dave, item=ast_bar.items.get(), entries=entries(["Au"]))
    content_record(actor=alice, item=bar, entries=entries(["Au", "Ag"]))
    assert contents_for(dave).count() == 1 and contents_for(alice).count() == 2
