"""The decisions on a case: receiving the complete documents (R6 starts), the act that releases the lot
(with Kazakhstan's KP certificate on a rough-diamond export, R9, or the confirmation of receipt on import),
the refusal, and the ground on which state control does not apply (R12)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lims.control import rules
from lims.control.models import CaseStatus, ControlCase, Direction
from lims.control.services import guards
from lims.control.services.common import allocate_number, ensure_officer, local_day
from lims.control.services.kimberley import authorized_body_name, confirm_receipt
from lims.core.audit import audit_record
from lims.core.deadlines import END_OF_DAY, working_calendar

# --- Receiving the documents, the act, refusal, exemption ---------------------------------------------------


@transaction.atomic
def case_receive_documents(*, actor, case: ControlCase, now: datetime | None = None) -> ControlCase:
    """The documents are complete: from now the act is due within one working day (R6)."""
    ensure_officer(actor)
    case = ControlCase.objects.select_for_update().get(pk=case.pk)
    now = now or timezone.now()
    today = local_day(now)
    if reasons := guards.receive_blockers(case, today):
        raise ValidationError(reasons)
    due_day = rules.act_due_day(today, working_calendar())
    case.status = CaseStatus.DOCUMENTS_RECEIVED
    case.documents_received_at, case.documents_received_by = now, actor
    case.act_due_at = timezone.make_aware(datetime.combine(due_day, END_OF_DAY))
    case.save(update_fields=["status", "documents_received_at", "documents_received_by", "act_due_at"])
    audit_record(
        actor=actor,
        action="control.documents_received",
        obj=case,
        before={"status": CaseStatus.OPEN},
        after={"status": case.status, "act_due_at": case.act_due_at.isoformat()},
        reason="R6",
    )
    return case


@transaction.atomic
def act_issue(*, actor, case: ControlCase, now: datetime | None = None) -> ControlCase:
    """The state control act (R6): the lot is released for customs declaration. On export of rough
    diamonds Kazakhstan's KP certificate is issued with it (R9); on import the receipt is confirmed to the
    exporting authority (KPCS). Documents are checked again on the day (a certificate may have expired)."""
    ensure_officer(actor)
    case = (
        ControlCase.objects.select_for_update(of=("self",))
        .select_related("applicant", "conclusion")
        .get(pk=case.pk)
    )
    now = now or timezone.now()
    today = local_day(now)
    if reasons := guards.act_blockers(case, today):
        raise ValidationError(reasons)
    case.act_sequence, case.act_number = allocate_number("SCA", "control_act", today.year)
    case.act_year = today.year
    case.status, case.decided_by, case.decided_at = CaseStatus.RELEASED, actor, now
    case.save(update_fields=["act_sequence", "act_number", "act_year", "status", "decided_by", "decided_at"])
    after = {
        "status": case.status,
        "act_number": case.act_number,
        "overdue": bool(case.act_due_at and now > case.act_due_at),
    }
    certificate = guards.certificate_of(case)
    if certificate is not None and case.direction == Direction.EXPORT:
        certificate.sequence, certificate.number = allocate_number("KZ", "kp_certificate", today.year)
        certificate.year = today.year
        certificate.issued_on = today
        certificate.expires_on = today + timedelta(days=settings.KP_CERTIFICATE_VALIDITY_DAYS)
        certificate.issuing_authority = authorized_body_name()
        certificate.save(
            update_fields=["sequence", "number", "year", "issued_on", "expires_on", "issuing_authority"]
        )
        after["kp_certificate"] = certificate.number
    elif certificate is not None:
        certificate.receipt_confirmed_at = now
        certificate.receipt_delivery = confirm_receipt(case, certificate)
        certificate.save(update_fields=["receipt_confirmed_at", "receipt_delivery"])
        after["kp_receipt_confirmed"] = certificate.number
    audit_record(
        actor=actor,
        action="control.act_issue",
        obj=case,
        before={"status": CaseStatus.DOCUMENTS_RECEIVED},
        after=after,
        reason="R9" if case.is_rough_diamonds and case.direction == Direction.EXPORT else "R6",
    )
    transaction.on_commit(lambda: _render_documents(case.pk))
    return case


def _render_documents(case_id: int) -> None:
    from lims.control.tasks import render_control_documents
    from lims.core.tasks_dispatch import dispatch

    dispatch(render_control_documents, case_id)


@transaction.atomic
def act_refuse(*, actor, case: ControlCase, reason: str, now: datetime | None = None) -> ControlCase:
    """The act is refused with its reason (for rough diamonds: R7 when the certificate's data are missing or
    it has expired)."""
    ensure_officer(actor)
    case = ControlCase.objects.select_for_update().get(pk=case.pk)
    reason = reason.strip()
    if case.is_decided:
        raise ValidationError(_("This case is already decided."))
    if not reason:
        raise ValidationError(_("Give the reason for the refusal."))
    before = case.status
    case.status, case.refusal_reason = CaseStatus.REFUSED, reason
    case.decided_by, case.decided_at = actor, now or timezone.now()
    case.save(update_fields=["status", "refusal_reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="control.act_refuse",
        obj=case,
        before={"status": before},
        after={"status": case.status},
        reason=reason,
    )
    return case


@transaction.atomic
def case_exempt(
    *, actor, case: ControlCase, ground: str, note: str = "", now: datetime | None = None
) -> ControlCase:
    """R12 (Law art.6 p.8): state control does not apply; the ground is recorded."""
    ensure_officer(actor)
    case = ControlCase.objects.select_for_update().select_related("applicant").get(pk=case.pk)
    if problems := guards.exemption_problems(case, ground):
        raise ValidationError(problems)
    before = case.status
    case.status, case.exemption_ground, case.exemption_note = CaseStatus.NOT_APPLICABLE, ground, note.strip()
    case.decided_by, case.decided_at = actor, now or timezone.now()
    case.save(update_fields=["status", "exemption_ground", "exemption_note", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="control.not_applicable",
        obj=case,
        before={"status": before},
        after={"status": case.status, "ground": ground},
        reason=f"R12: {ground}" + (f" — {case.exemption_note}" if case.exemption_note else ""),
    )
    return case
