"""R1 in operation: a decree recorded as an override moves the due dates of open applications, not of
issued ones; every change is audited."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from lims.core.models import AuditEvent, CalendarOverride
from lims.core.services import calendar_override_delete, calendar_override_save
from tests.factories import make_application

ALMATY = ZoneInfo("Asia/Almaty")
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=ALMATY)


def due_day(application):
    application.refresh_from_db()
    return application.due_at.astimezone(ALMATY).date()


def test_r1_an_extra_day_off_moves_open_applications_due_dates(alice, pavel_co, admin_user):
    application = make_application(alice, pavel_co, received_at=MONDAY)
    assert due_day(application) == date(2026, 11, 30)
    override = calendar_override_save(
        actor=admin_user, day=date(2026, 11, 25), kind="day_off", decree="Decree No. 999 of 1 November 2026"
    )
    assert due_day(application) == date(2026, 12, 1)
    event = AuditEvent.objects.get(action="application.due_at")
    assert "Decree No. 999" in event.reason and event.after["due_at"].startswith("2026-12-01")
    calendar_override_delete(actor=admin_user, override=override)
    assert due_day(application) == date(2026, 11, 30)


def test_r1_a_worked_saturday_brings_the_due_date_forward(alice, pavel_co, admin_user):
    application = make_application(alice, pavel_co, received_at=MONDAY)
    calendar_override_save(
        actor=admin_user, day=date(2026, 11, 28), kind="working_day", decree="Decree No. 1000"
    )
    assert due_day(application) == date(2026, 11, 28)


def test_withdrawn_applications_keep_their_due_date(alice, pavel_co, admin_user):
    from lims.intake.services import application_withdraw

    application = make_application(alice, pavel_co, received_at=MONDAY)
    application_withdraw(actor=alice, application=application, reason="Applicant withdrew")
    calendar_override_save(actor=admin_user, day=date(2026, 11, 25), kind="day_off", decree="Decree No. 999")
    assert due_day(application) == date(2026, 11, 30)


def test_the_admin_saves_overrides_through_the_service(client, alice, pavel_co, admin_user):
    application = make_application(alice, pavel_co, received_at=MONDAY)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:core_calendaroverride_add"),
        {"day": "2026-11-25", "kind": "day_off", "decree": "Decree No. 999", "note": ""},
    )
    assert response.status_code == 302
    assert CalendarOverride.objects.get().decree == "Decree No. 999"
    assert due_day(application) == date(2026, 12, 1)
    response = client.post(
        reverse("admin:core_calendaroverride_add"), {"day": "2026-11-26", "kind": "day_off"}
    )
    assert response.status_code == 200 and CalendarOverride.objects.count() == 1  # the decree is required


def test_only_administrators_change_the_calendar(client, alice, bob):
    for user in (alice, bob):
        client.force_login(user)
        response = client.post(
            reverse("admin:core_calendaroverride_add"),
            {"day": "2026-11-25", "kind": "day_off", "decree": "Decree No. 999"},
        )
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not CalendarOverride.objects.exists()
