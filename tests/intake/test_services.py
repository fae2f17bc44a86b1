from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lims.core.models import AuditEvent
from lims.intake.models import Applicant, ApplicationStatus, Item, ItemCategory, Purpose
from lims.intake.services import (
    ItemData,
    application_register,
    application_register_for_applicant,
    application_withdraw,
    items_add,
)
from tests.factories import jewelry, make_application, make_tested_application


def test_register_numbers_items_per_organization_and_year(alice, dave, pavel_co):
    first = make_application(alice, pavel_co, n_items=3)
    second = make_application(alice, pavel_co, n_items=2)
    other_org = make_application(dave, pavel_co, n_items=1)
    year = first.received_at.year
    assert [i.lab_number for i in first.items.all()] == [f"ALM-{year}-00000{n}" for n in (1, 2, 3)]
    assert [i.lab_number for i in second.items.all()] == [f"ALM-{year}-00000{n}" for n in (4, 5)]
    assert [i.lab_number for i in other_org.items.all()] == [f"AST-{year}-000001"]
    assert first.number == f"ALM-{year}-A00001" and second.number == f"ALM-{year}-A00002"


def test_lab_numbers_restart_each_year(alice, pavel_co):
    tz = ZoneInfo("Asia/Almaty")
    old = make_application(alice, pavel_co, received_at=datetime(2025, 12, 31, 23, 0, tzinfo=tz))
    new = make_application(alice, pavel_co, received_at=datetime(2026, 1, 1, 0, 30, tzinfo=tz))
    assert old.items.get().lab_number == "ALM-2025-000001"
    assert new.items.get().lab_number == "ALM-2026-000001"


def test_failed_registration_leaves_no_gap(alice, pavel_co):
    make_application(alice, pavel_co)
    bad = ItemData(ItemCategory.JEWELRY, "ring", Decimal("1"), 1, "Au", Decimal("1200"))  # fineness > 1000
    with pytest.raises(ValidationError):
        application_register(
            actor=alice, applicant=pavel_co, purpose=Purpose.VOLUNTARY, items=[jewelry(), bad]
        )
    after = make_application(alice, pavel_co)
    assert after.items.get().sequence == 2


def test_register_sets_r1_due_at_and_quantizes_mass(alice, pavel_co):
    received = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))  # Friday
    application = application_register(
        actor=alice,
        applicant=pavel_co,
        purpose=Purpose.EXPORT,
        items=[ItemData(ItemCategory.BAR, "bar", Decimal("100.0204"), 1, "Au", Decimal("999.95"))],
        received_at=received,
    )
    assert application.due_at == datetime(2026, 11, 27, 23, 59, 59, tzinfo=ZoneInfo("Asia/Almaty"))
    item = Item.objects.get(application=application)
    assert item.gross_mass_g == Decimal("100.020")
    assert item.declared_fineness == Decimal("1000.0")  # 999.95 → half-even to 0.1 ‰


def test_register_writes_audit_events_naming_the_actor(alice, pavel_co):
    application = make_application(alice, pavel_co, n_items=2)
    events = AuditEvent.objects.filter(application=application)
    assert [(e.action, e.actor) for e in events] == [
        ("application.register", alice),
        ("item.register", alice),
        ("item.register", alice),
    ]
    assert events[0].after["status"] == ApplicationStatus.RECEIVED


@pytest.mark.parametrize("who", ["pavel", "victor", "olga"])
def test_only_lab_technicians_and_managers_register(cast, pavel_co, who):
    with pytest.raises(PermissionDenied):
        make_application(cast[who], pavel_co)


def test_application_needs_items(alice, pavel_co):
    with pytest.raises(ValidationError):
        application_register(actor=alice, applicant=pavel_co, purpose=Purpose.VOLUNTARY, items=[])


def test_items_added_to_tested_application_send_it_back_to_testing(alice, pavel_co):
    application = make_tested_application(alice, pavel_co)
    assert application.status == ApplicationStatus.TESTED
    items_add(actor=alice, application=application, items=[jewelry()])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_TESTING


def test_other_organization_cannot_add_items(alice, dave, pavel_co):
    application = make_application(alice, pavel_co)
    with pytest.raises(PermissionDenied):
        items_add(actor=dave, application=application, items=[jewelry()])


def test_withdraw_needs_a_reason_and_is_audited(alice, pavel_co):
    application = make_application(alice, pavel_co)
    with pytest.raises(ValidationError):
        application_withdraw(actor=alice, application=application, reason="  ")
    application_withdraw(actor=alice, application=application, reason="Applicant took the items back")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    event = AuditEvent.objects.filter(application=application, action="application.status").get()
    assert (event.before, event.after, event.reason) == (
        {"status": "received"},
        {"status": "withdrawn"},
        "Applicant took the items back",
    )
    with pytest.raises(ValidationError):
        items_add(actor=alice, application=application, items=[jewelry()])


def test_refused_application_leaves_no_new_applicant_behind(alice):
    bad = ItemData(ItemCategory.JEWELRY, "ring", Decimal("1"), 1, "Au", Decimal("1200"))
    with pytest.raises(ValidationError):
        application_register_for_applicant(
            actor=alice,
            existing=None,
            kind="individual",
            identifier="900101300007",
            name="New Person",
            purpose=Purpose.VOLUNTARY,
            items=[bad],
        )
    assert not Applicant.objects.exists()
    assert not AuditEvent.objects.filter(action="applicant.register").exists()
