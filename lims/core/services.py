"""Deadlines in operation (rule R1): changing the laboratory's working-day calendar moves every open
application's due date; the periodic deadline scan flags applications due soon or overdue and e-mails the
heads of laboratory."""

from collections import defaultdict
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lims.core.audit import audit_record, audit_record_many
from lims.core.choices import DeadlineState
from lims.core.deadlines import conclusion_due_at, deadline_state, working_calendar
from lims.core.models import CalendarOverride

# Applications locked and updated per statement by the deadline scan.
SCAN_BATCH_SIZE = 500


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
    _recompute_turnaround(day)
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
    _recompute_turnaround(override.day)


def _recompute_turnaround(day: date) -> None:
    """The dashboard's working-day counts (R1) of applications spanning the changed day."""
    from lims.dashboard.services import turnaround_recompute

    turnaround_recompute(day)


def _deadline_lines(applications) -> str:
    lines = []
    for application in sorted(applications, key=lambda a: (a.due_at, a.number)):
        lines.append(
            _("%(number)s, %(applicant)s: due %(due)s, %(state)s")
            % {
                "number": application.number,
                "applicant": application.applicant.name,
                "due": timezone.localtime(application.due_at).strftime("%d.%m.%Y %H:%M"),
                "state": DeadlineState(application.deadline_state).label,
            }
        )
        path = reverse("intake:application_detail", args=[application.pk])
        lines.append(settings.SITE_URL.rstrip("/") + path)
    return "\n".join(lines)


def _notify_managers(flagged: list) -> int:
    """One e-mail per head of laboratory and kind of flag, listing all their newly flagged applications.
    Returns how many e-mails were queued."""
    from lims.accounts.models import Role, User
    from lims.notifications.models import DeliveryKind
    from lims.notifications.services import email_queue

    by_organization = defaultdict(list)
    for application in flagged:
        by_organization[application.organization_id].append(application)
    managers = User.objects.filter(
        role=Role.MANAGER, organization_id__in=by_organization, is_active=True
    ).order_by("pk")
    queued = 0
    for manager in managers:
        applications = by_organization[manager.organization_id]
        for state, kind in (
            (DeadlineState.OVERDUE, DeliveryKind.DEADLINE_OVERDUE),
            (DeadlineState.DUE_SOON, DeliveryKind.DEADLINE_DUE_SOON),
        ):
            group = [a for a in applications if a.deadline_state == state]
            if not group:
                continue
            count = len(group)
            if state == DeadlineState.OVERDUE:
                subject = ngettext(
                    "Synama: %(count)d application is overdue",
                    "Synama: %(count)d applications are overdue",
                    count,
                ) % {"count": count}
            else:
                subject = ngettext(
                    "Synama: %(count)d application is due within one working day",
                    "Synama: %(count)d applications are due within one working day",
                    count,
                ) % {"count": count}
            name = manager.get_full_name() or manager.username
            body = "\n\n".join(
                [
                    _("Dear %(name)s,") % {"name": name},
                    _(
                        "The conclusion on these applications of %(organization)s is due by the end of the "
                        "fifth working day after the application (Law art.12 p.3):"
                    )
                    % {"organization": group[0].organization.name},
                    _deadline_lines(group),
                    "Synama",
                ]
            )
            email_queue(
                kind=kind,
                recipient_name=name,
                recipient_email=manager.email,
                subject=subject,
                body=body,
                application=group[0] if count == 1 else None,
                organization=group[0].organization,
            )
            queued += 1
    return queued


def deadline_scan(*, now: datetime | None = None) -> dict:
    """R1 in operation (Law art.12 p.3): store each open application's deadline state (overdue, due soon,
    on track) as of `now`, audit every change, and e-mail the heads of laboratory about the applications
    that have just become due soon or overdue (one e-mail per head and kind, listing them all). A second
    run finds nothing changed and sends nothing. Closed applications are left as they are.

    Returns the applications newly due soon and newly overdue, and the e-mails queued:
    `{"due_soon": n, "overdue": m, "notified": k}`."""
    from lims.intake.models import Application

    now = now or timezone.now()
    calendar = working_calendar()
    transitions = defaultdict(list)  # (state before, state now) -> application ids
    for pk, due_at, stored in Application.objects.open().values_list("pk", "due_at", "deadline_state"):
        state = deadline_state(due_at, now, calendar)
        if state != stored:
            transitions[(stored, state)].append(pk)
    counts = {DeadlineState.DUE_SOON.value: 0, DeadlineState.OVERDUE.value: 0, "notified": 0}
    if not transitions:
        return counts
    flagged = []
    with transaction.atomic():
        for (before, after), ids in transitions.items():
            for start in range(0, len(ids), SCAN_BATCH_SIZE):
                batch = ids[start : start + SCAN_BATCH_SIZE]
                # Re-read under lock: skip any closed, or changed by a concurrent scan, since.
                changed = list(
                    Application.objects.open()
                    .select_for_update(of=("self",))
                    .select_related("applicant", "organization")
                    .filter(pk__in=batch, deadline_state=before)
                )
                if not changed:
                    continue
                Application.objects.filter(pk__in=[a.pk for a in changed]).update(
                    deadline_state=after,
                    deadline_flagged_at=None if after == DeadlineState.ON_TRACK else now,
                )
                audit_record_many(
                    actor=None,
                    action="application.deadline",
                    objects=changed,
                    before={"deadline_state": before},
                    after={"deadline_state": after},
                    reason=f"R1 deadline scan at {now.isoformat()}",
                    per_application=True,
                )
                if after != DeadlineState.ON_TRACK:
                    for application in changed:
                        application.deadline_state = after
                    flagged.extend(changed)
                    counts[after] += len(changed)
        counts["notified"] = _notify_managers(flagged)
    return counts
