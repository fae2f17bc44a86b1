"""The application's story in plain words, for the applicant: built from the audit trail (one query), with
no staff names and no internal detail. Repeated states (an item retested, results ready again) are told
once."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from lims.core.models import AuditEvent
from lims.intake.models import Application, ApplicationStatus

STATUS_WORDS = {
    ApplicationStatus.IN_TESTING: _("Testing of your items has started."),
    ApplicationStatus.TESTED: _("All items are tested; the conclusion is being prepared."),
    ApplicationStatus.REVIEW: _("The conclusion is being checked and signed."),
    ApplicationStatus.WITHDRAWN: _("The application was withdrawn."),
}


@dataclass(frozen=True)
class Step:
    at: datetime
    text: str
    kind: str = "done"


def _conclusion_step(event: AuditEvent) -> str | None:
    number = (event.after or {}).get("number") or event.object_repr
    if event.action == "conclusion.issue":
        return _("Conclusion %(number)s was issued; you can download it below.") % {"number": number}
    if event.action == "conclusion.supersede":
        return _("Conclusion %(number)s was replaced by an amended conclusion.") % {"number": number}
    if event.action == "conclusion.withdraw" and (event.before or {}).get("status") == "issued":
        return _("Conclusion %(number)s was withdrawn by the laboratory.") % {"number": number}
    return None


def timeline(application: Application) -> list[Step]:
    steps: list[Step] = []
    told: set[str] = set()
    events = application.audit_events.filter(
        action__in=[
            "application.register",
            "application.status",
            "conclusion.issue",
            "conclusion.supersede",
            "conclusion.withdraw",
        ]
    ).order_by("at", "id")
    for event in events.only("at", "action", "before", "after", "object_repr"):
        if event.action == "application.register":
            text = _("We received your application.")
        elif event.action == "application.status":
            status = (event.after or {}).get("status")
            if status not in STATUS_WORDS or status in told:
                continue
            told.add(status)
            text = STATUS_WORDS[status]
        else:
            text = _conclusion_step(event)
            if text is None:
                continue
        steps.append(Step(at=event.at, text=str(text)))
    return steps
