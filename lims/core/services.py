"""Changing the laboratory's working-day calendar: every open application's due date follows (rule R1)."""

from datetime import date

from django.db import transaction

from lims.core.audit import audit_record
from lims.core.deadlines import conclusion_due_at, working_calendar
from lims.core.models import CalendarOverride


def _recompute_open_due_dates(actor, reason: str) -> int:
    """Recompute `due_at` of every open application; one audit event per changed one. Returns the count."""
    from lims.intake.models import OPEN_STATUSES, Application

    calendar = working_calendar()
    changed = []
    for application in Application.objects.filter(status__in=OPEN_STATUSES).only(
        "id", "number", "received_at", "due_at"
    ):
        due_at = conclusion_due_at(application.received_at, calendar)
        if due_at != application.due_at:
            before = application.due_at
            application.due_at = due_at
            changed.append(application)
            audit_record(
                actor=actor,
                action="application.due_at",
                obj=application,
                application=application,
                before={"due_at": before.isoformat()},
                after={"due_at": due_at.isoformat()},
                reason=reason,
            )
    Application.objects.bulk_update(changed, ["due_at"], batch_size=500)
    return len(changed)


@transaction.atomic
def calendar_override_save(*, actor, day: date, kind: str, decree: str, note: str = "") -> CalendarOverride:
    """Add or change the override of `day` and recompute the open applications' due dates."""
    override, created = CalendarOverride.objects.update_or_create(
        day=day, defaults={"kind": kind, "decree": decree.strip(), "note": note.strip()}
    )
    audit_record(
        actor=actor,
        action="calendar.override" if created else "calendar.override_change",
        obj=override,
        after={"day": day.isoformat(), "kind": kind, "decree": override.decree},
    )
    _recompute_open_due_dates(actor, reason=f"{override}: {override.decree}")
    return override


@transaction.atomic
def calendar_override_delete(*, actor, override: CalendarOverride) -> None:
    audit_record(
        actor=actor,
        action="calendar.override_delete",
        obj=override,
        before={"day": override.day.isoformat(), "kind": override.kind, "decree": override.decree},
    )
    label = str(override)
    override.delete()
    _recompute_open_due_dates(actor, reason=f"{label}: removed")
