"""Keeping the turnaround rows: called by the intake services in the transaction of each audited status
change, replayed from the audit trail by `turnaround_rebuild`, recomputed when the working-day calendar
changes."""

from datetime import date, datetime, time, timedelta

from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone

from lims.core.calendar import KazakhstanCalendar, WorkingDayPredicate
from lims.core.deadlines import working_calendar
from lims.dashboard.models import Turnaround
from lims.dashboard.turnaround import STAGE_KEYS, Milestones, Positions, stage_times
from lims.intake.models import ApplicationStatus

MILESTONE_FIELDS = ["first_result_at", "verified_at", "signed_at", "issued_at", "on_time"]
TIME_FIELDS = [f"{kind}_{key}" for kind in ("days", "hours") for key in (*STAGE_KEYS, "total")]

RECEIVED, IN_TESTING, TESTED, ISSUED = (
    ApplicationStatus.RECEIVED,
    ApplicationStatus.IN_TESTING,
    ApplicationStatus.TESTED,
    ApplicationStatus.ISSUED,
)


def advance(row: Turnaround, status: str, at: datetime, *, due_at: datetime, signed_at=None) -> bool:
    """Move the milestones for an application entering `status` at `at`. Pure (no queries, no save);
    False when nothing changes, which is always the case once the first conclusion has been issued."""
    if row.issued_at is not None:
        return False
    before = [getattr(row, name) for name in MILESTONE_FIELDS]
    if status in (IN_TESTING, TESTED) and row.first_result_at is None:
        row.first_result_at = at
    if status in (RECEIVED, IN_TESTING):
        # Back in testing (items added, a result invalidated): verification is still to come.
        row.verified_at = None
        row.signed_at = None
    elif status == TESTED:
        row.verified_at = at
        row.signed_at = None
    elif status == ISSUED:
        row.signed_at = signed_at or at
        row.issued_at = at
        row.on_time = at <= due_at
    return before != [getattr(row, name) for name in MILESTONE_FIELDS]


def compute_times(row: Turnaround, calendar: WorkingDayPredicate, positions: Positions | None = None) -> None:
    """Fill the days and hours of every stage from the milestones (R1 counting, in local dates)."""
    milestones = Milestones(
        received_at=row.received_at,
        first_result_at=row.first_result_at,
        verified_at=row.verified_at,
        signed_at=row.signed_at,
        issued_at=row.issued_at,
    )
    for key, value in stage_times(milestones, calendar, timezone.get_default_timezone(), positions).items():
        setattr(row, f"days_{key}", value.days if value else None)
        setattr(row, f"hours_{key}", value.hours if value else None)


def turnaround_start(application) -> Turnaround:
    """The row of a newly registered application: received, nothing else yet."""
    return Turnaround.objects.create(
        application=application,
        organization_id=application.organization_id,
        purpose=application.purpose,
        received_at=application.received_at,
    )


def _issued_signed_at(application_id: int):
    from lims.conclusions.models import Conclusion, ConclusionStatus

    return (
        Conclusion.objects.filter(application_id=application_id, status=ConclusionStatus.ISSUED)
        .values_list("signed_at", flat=True)
        .first()
    )


def turnaround_on_status(application, status: str, at: datetime) -> None:
    """The application has just entered `status` (called by `intake.services` in the same transaction)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("turnaround_on_status() must run in the transaction of the status change")
    row = Turnaround.objects.filter(application_id=application.pk).first() or turnaround_start(application)
    signed_at = _issued_signed_at(application.pk) if status == ISSUED and row.issued_at is None else None
    if advance(row, status, at, due_at=application.due_at, signed_at=signed_at):
        compute_times(row, working_calendar())
        row.save()


def _bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), zone)
    return start, start + timedelta(days=1)


@transaction.atomic
def turnaround_recompute(day: date | None = None) -> int:
    """Recompute days and hours after the calendar changed on `day` (every row when None): rows received by
    that day and not issued before it. Returns the number of rows recomputed."""
    rows = Turnaround.objects.all()
    if day is not None:
        start, end = _bounds(day)
        rows = rows.filter(received_at__lt=end).exclude(issued_at__lt=start)
    return _save_times(Turnaround, list(rows), working_calendar())


def _save_times(model, rows: list, calendar: WorkingDayPredicate) -> int:
    if not rows:
        return 0
    first_day = min(timezone.localtime(row.received_at).date() for row in rows)
    positions = Positions(first_day - timedelta(days=1), calendar)
    for row in rows:
        compute_times(row, calendar, positions)
    model.objects.bulk_update(rows, TIME_FIELDS, batch_size=500)
    return len(rows)


def turnaround_rebuild(apps=django_apps) -> int:
    """Rebuild every row by replaying each application's audited status changes (the audit trail is the
    record; these rows only summarise it). Returns the number of applications. Takes the app registry so
    the migration that creates the table fills it with the historical models."""
    get = apps.get_model
    model = get("dashboard", "Turnaround")
    calendar = KazakhstanCalendar(
        {
            day: kind == "working_day"
            for day, kind in get("core", "CalendarOverride").objects.values_list("day", "kind")
        }
    )
    signed = dict(
        get("conclusions", "Conclusion")
        .objects.filter(issued_at__isnull=False)
        .order_by("-issued_at")
        .values_list("application_id", "signed_at")
    )  # the earliest issue wins: it is the last one written into the dict
    events: dict[int, list[tuple[datetime, str]]] = {}
    for application_id, at, after in (
        get("core", "AuditEvent")
        .objects.filter(action="application.status")
        .order_by("at", "id")
        .values_list("application_id", "at", "after")
    ):
        events.setdefault(application_id, []).append((at, (after or {}).get("status", "")))
    with transaction.atomic():
        model.objects.all().delete()
        rows = []
        applications = get("intake", "Application").objects.only(
            "id", "organization_id", "purpose", "received_at", "due_at"
        )
        for application in applications.iterator(chunk_size=2000):
            row = model(
                application_id=application.pk,
                organization_id=application.organization_id,
                purpose=application.purpose,
                received_at=application.received_at,
            )
            for at, status in events.get(application.pk, []):
                advance(row, status, at, due_at=application.due_at, signed_at=signed.get(application.pk))
            rows.append(row)
        model.objects.bulk_create(rows, batch_size=1000)
        return _save_times(model, rows, calendar)
