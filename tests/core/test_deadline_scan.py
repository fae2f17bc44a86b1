"""Rule R1 in operation (Law art.12 p.3: the conclusion is due by the end of the fifth working day): the
state of a deadline at its edges, on Kazakhstan's real 2026 calendar, and the periodic scan that flags
applications and e-mails the heads of laboratory once."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from lims import celery_app
from lims.accounts.models import Role
from lims.core.calendar import KazakhstanCalendar
from lims.core.choices import DeadlineState
from lims.core.deadlines import deadline_state, due_soon_until, working_days_left
from lims.core.models import AuditEvent
from lims.core.services import deadline_scan
from lims.core.tasks import scan_deadlines
from lims.intake.models import Application
from lims.intake.services import application_withdraw
from lims.notifications.models import Delivery, DeliveryKind, DeliveryStatus
from tests.factories import UserFactory, make_application

ALMATY = ZoneInfo("Asia/Almaty")
KZ = KazakhstanCalendar()


def at(day: date, hour=12, minute=0, second=0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=ALMATY)


def end_of(day: date) -> datetime:
    return at(day, 23, 59, 59)


# --- The pure rule: working days left and the state ---------------------------------------------------


@pytest.mark.parametrize(
    ("today", "due_day", "left"),
    [
        (date(2026, 11, 23), date(2026, 11, 23), 0),  # due today (Monday)
        (date(2026, 11, 20), date(2026, 11, 23), 1),  # Friday → Monday across the weekend
        (date(2026, 11, 20), date(2026, 11, 24), 2),
        (date(2026, 11, 21), date(2026, 11, 23), 1),  # from a Saturday
        # Capital Day, Monday 6 July 2026: from Friday 3 July the next working day is Tuesday 7 July.
        (date(2026, 7, 3), date(2026, 7, 7), 1),
        (date(2026, 7, 3), date(2026, 7, 8), 2),
        # Nowruz 21-25 March 2026 (with the days observed): Friday 20 March → Thursday 26 March.
        (date(2026, 3, 20), date(2026, 3, 26), 1),
        # Past: the next working day after a Monday due day; a weekend after a Friday due day.
        (date(2026, 11, 24), date(2026, 11, 23), -1),
        (date(2026, 11, 21), date(2026, 11, 20), -1),
        (date(2026, 11, 25), date(2026, 11, 23), -2),
    ],
)
def test_r1_working_days_left(today, due_day, left):
    assert working_days_left(today, due_day, KZ) == left


@pytest.mark.parametrize(
    ("now", "due_at", "state"),
    [
        (at(date(2026, 11, 23), 9), end_of(date(2026, 11, 23)), DeadlineState.DUE_SOON),  # due today
        (end_of(date(2026, 11, 23)), end_of(date(2026, 11, 23)), DeadlineState.DUE_SOON),  # last second
        (
            end_of(date(2026, 11, 23)) + timedelta(seconds=1),
            end_of(date(2026, 11, 23)),
            DeadlineState.OVERDUE,
        ),
        (at(date(2026, 11, 24)), end_of(date(2026, 11, 23)), DeadlineState.OVERDUE),  # the day after
        (at(date(2026, 11, 20)), end_of(date(2026, 11, 23)), DeadlineState.DUE_SOON),  # Fri → Mon
        (at(date(2026, 11, 19)), end_of(date(2026, 11, 23)), DeadlineState.ON_TRACK),  # Thu: Fri, Mon
        (at(date(2026, 7, 3)), end_of(date(2026, 7, 7)), DeadlineState.DUE_SOON),  # over Capital Day
        (at(date(2026, 7, 3)), end_of(date(2026, 7, 8)), DeadlineState.ON_TRACK),
    ],
)
def test_r1_deadline_state_at_the_edges(now, due_at, state):
    assert deadline_state(due_at, now, KZ) == state


def test_r1_due_soon_window_ends_with_the_next_working_day():
    # Friday 3 July 2026: the window covers Tuesday 7 July (Monday is Capital Day) and ends at its midnight.
    assert due_soon_until(at(date(2026, 7, 3)), KZ) == at(date(2026, 7, 8), 0)
    # A Tuesday: through Wednesday.
    assert due_soon_until(at(date(2026, 11, 24)), KZ) == at(date(2026, 11, 26), 0)


def test_r1_the_states_have_translatable_labels():
    assert [str(label) for label in DeadlineState.labels] == ["Overdue", "One working day left", "On track"]


# --- The scan ---------------------------------------------------------------------------------------------

MONDAY = at(date(2026, 11, 16), 10)  # received Monday 16 November 2026: due end of Monday 23 November
THURSDAY = at(date(2026, 11, 19), 12)
FRIDAY = at(date(2026, 11, 20), 12)
TUESDAY_AFTER = at(date(2026, 11, 24), 0, 30)


@pytest.fixture
def heads(bob, alm, erin):
    """Two heads of the ALM laboratory with addresses; Erin heads AST and must hear nothing of ALM."""
    bob.email = "bob@alm.example.kz"
    bob.save(update_fields=["email"])
    erin.email = "erin@ast.example.kz"
    erin.save(update_fields=["email"])
    zarina = UserFactory(
        username="zarina", role=Role.MANAGER, organization=alm, email="zarina@alm.example.kz"
    )
    return [bob, zarina]


def scan(now, capture):
    with capture(execute=True):
        return deadline_scan(now=now)


def test_r1_scan_flags_due_soon_and_emails_each_head_once(
    alice, pavel_co, heads, django_capture_on_commit_callbacks
):
    first = make_application(alice, pavel_co, received_at=MONDAY)
    second = make_application(alice, pavel_co, received_at=MONDAY + timedelta(hours=2))
    assert scan(THURSDAY, django_capture_on_commit_callbacks) == {"due_soon": 0, "overdue": 0, "notified": 0}

    counts = scan(FRIDAY, django_capture_on_commit_callbacks)

    assert counts == {"due_soon": 2, "overdue": 0, "notified": 2}
    for application in (first, second):
        application.refresh_from_db()
        assert (
            application.deadline_state == DeadlineState.DUE_SOON and application.deadline_flagged_at == FRIDAY
        )
    assert sorted(message.to[0] for message in mail.outbox) == ["bob@alm.example.kz", "zarina@alm.example.kz"]
    message = next(m for m in mail.outbox if m.to == ["bob@alm.example.kz"])
    assert message.subject == "Synama: 2 applications are due within one working day"
    assert first.number in message.body and second.number in message.body and pavel_co.name in message.body
    assert "23.11.2026" in message.body and "One working day left" in message.body
    assert f"/applications/{first.pk}/" in message.body
    deliveries = Delivery.objects.filter(kind=DeliveryKind.DEADLINE_DUE_SOON)
    assert deliveries.count() == 2 and {d.status for d in deliveries} == {DeliveryStatus.SENT}
    assert {d.organization_id for d in deliveries} == {first.organization_id}


def test_r1_the_second_scan_sends_nothing(alice, pavel_co, heads, django_capture_on_commit_callbacks):
    make_application(alice, pavel_co, received_at=MONDAY)
    scan(FRIDAY, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    assert scan(FRIDAY + timedelta(minutes=30), django_capture_on_commit_callbacks) == {
        "due_soon": 0,
        "overdue": 0,
        "notified": 0,
    }
    assert len(mail.outbox) == sent == 2 and Delivery.objects.count() == 2


def test_r1_scan_flags_overdue_and_names_the_application(
    alice, pavel_co, heads, django_capture_on_commit_callbacks
):
    application = make_application(alice, pavel_co, received_at=MONDAY)
    scan(FRIDAY, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    counts = scan(TUESDAY_AFTER, django_capture_on_commit_callbacks)

    assert counts == {"due_soon": 0, "overdue": 1, "notified": 2}
    application.refresh_from_db()
    assert application.deadline_state == DeadlineState.OVERDUE
    assert {m.subject for m in mail.outbox} == {"Synama: 1 application is overdue"}
    delivery = Delivery.objects.get(kind=DeliveryKind.DEADLINE_OVERDUE, recipient_email="bob@alm.example.kz")
    assert delivery.application == application  # one application: the e-mail is linked to it
    assert scan(TUESDAY_AFTER + timedelta(hours=1), django_capture_on_commit_callbacks)["notified"] == 0


def test_r1_scan_writes_an_audit_event_per_change(alice, pavel_co, heads, django_capture_on_commit_callbacks):
    application = make_application(alice, pavel_co, received_at=MONDAY)
    scan(FRIDAY, django_capture_on_commit_callbacks)
    scan(TUESDAY_AFTER, django_capture_on_commit_callbacks)
    events = list(AuditEvent.objects.filter(action="application.deadline").order_by("id"))
    assert [(e.before, e.after) for e in events] == [
        ({"deadline_state": "on_track"}, {"deadline_state": "due_soon"}),
        ({"deadline_state": "due_soon"}, {"deadline_state": "overdue"}),
    ]
    assert all(e.application_id == application.pk and e.actor is None and "R1" in e.reason for e in events)


def test_r1_scan_leaves_closed_applications_alone(alice, pavel_co, heads, django_capture_on_commit_callbacks):
    application = make_application(alice, pavel_co, received_at=MONDAY)
    application_withdraw(actor=alice, application=application, reason="Applicant withdrew")
    assert scan(TUESDAY_AFTER, django_capture_on_commit_callbacks) == {
        "due_soon": 0,
        "overdue": 0,
        "notified": 0,
    }
    application.refresh_from_db()
    assert application.deadline_state == DeadlineState.ON_TRACK and application.deadline_flagged_at is None
    assert not AuditEvent.objects.filter(action="application.deadline").exists() and not mail.outbox


def test_r1_a_head_without_an_address_is_recorded_as_a_failed_delivery(
    alice, bob, pavel_co, django_capture_on_commit_callbacks
):
    make_application(alice, pavel_co, received_at=MONDAY)
    assert scan(FRIDAY, django_capture_on_commit_callbacks)["notified"] == 1
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.recipient_name == bob.get_full_name()
    assert delivery.error_display == "No e-mail address on file" and not mail.outbox


def test_r1_a_date_moved_later_returns_to_on_track_without_an_email(
    alice, pavel_co, heads, django_capture_on_commit_callbacks
):
    application = make_application(alice, pavel_co, received_at=MONDAY)
    scan(FRIDAY, django_capture_on_commit_callbacks)
    Application.objects.filter(pk=application.pk).update(due_at=end_of(date(2026, 11, 30)))
    mail.outbox.clear()
    assert scan(FRIDAY + timedelta(hours=1), django_capture_on_commit_callbacks) == {
        "due_soon": 0,
        "overdue": 0,
        "notified": 0,
    }
    application.refresh_from_db()
    assert application.deadline_state == DeadlineState.ON_TRACK and application.deadline_flagged_at is None
    assert not mail.outbox


def test_r1_scan_queries_do_not_grow_per_application(
    alice, pavel_co, heads, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    for hour in range(6):
        make_application(alice, pavel_co, received_at=MONDAY + timedelta(hours=hour))
    with django_assert_max_num_queries(12):  # calendar, open list, lock, update, audit, heads, deliveries
        deadline_scan(now=FRIDAY)


def test_r1_check_deadlines_command_prints_the_counts(
    alice, pavel_co, heads, django_capture_on_commit_callbacks
):
    make_application(alice, pavel_co, received_at=MONDAY)
    out = StringIO()
    with time_machine.travel(FRIDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("check_deadlines", stdout=out)
    assert out.getvalue().strip() == "Newly due soon: 1, newly overdue: 0, e-mails queued: 2."
    assert len(mail.outbox) == 2


def test_r1_scan_task_runs_the_same_scan_and_beat_runs_it_every_half_hour(
    alice, pavel_co, heads, django_capture_on_commit_callbacks
):
    make_application(alice, pavel_co, received_at=MONDAY)
    with time_machine.travel(FRIDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert scan_deadlines.delay().get() == {"due_soon": 1, "overdue": 0, "notified": 2}
    entry = celery_app.conf.beat_schedule["scan-deadlines"]
    assert entry["task"] == scan_deadlines.name and entry["schedule"].minute == {0, 30}
