"""The expertise conclusion's lifecycle.

    prepare ──► draft ──review──► reviewed ──sign──► signed ──issue──► issued ──amendment issued──► superseded
                  ▲                  │                  │                 │
                  └──── return ──────┴──────────────────┘                 └──withdraw──► withdrawn
    (a draft, reviewed or signed conclusion may also be withdrawn: abandoned with a reason)

Guards, each with its reason in the user's language:
- prepare: laboratory staff of the application's organization; results ready (or, for an amendment, an
  issued conclusion to correct and the reason for the correction); no other conclusion in progress.
- review: laboratory staff other than the one who prepared it; every finding complete. The content (every
  item and finding) is frozen here and the results it cites are recorded; the application is locked.
- sign: a head of laboratory of the organization, whose accreditation is valid and covers every kind of
  expertise in the conclusion, and who is not the only person who tested the items.
- issue: a head of laboratory of the organization; the accreditation still valid. The number is allocated
  here (per organization and year, gapless: a refused or rolled-back issue consumes none); an amended
  original becomes superseded in the same transaction; the PDF and the applicant's e-mail are queued.
Every transition writes an audit event in its transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lims.conclusions import content as conclusion_content
from lims.conclusions.models import (
    IN_PROGRESS,
    Citation,
    Conclusion,
    ConclusionStatus,
    DocumentLanguages,
)
from lims.conclusions.services.guards import (
    is_head_of,
    is_staff_of,
    issue_blockers,
    prepare_blockers,
    required_kinds,
    review_blockers,
    sign_blockers,
)
from lims.core.audit import audit_record
from lims.core.pdf import absolute_url
from lims.core.sequences import allocate
from lims.intake import services as intake_services
from lims.intake.models import Application, ApplicationStatus


def _refuse(blockers: list[str], permitted: bool) -> None:
    """Raise the blockers: PermissionDenied when the role or organization is wrong, ValidationError else."""
    if not blockers:
        return
    if not permitted:
        raise PermissionDenied(blockers[0])
    raise ValidationError(blockers)


def _locked(conclusion: Conclusion) -> Conclusion:
    return (
        Conclusion.objects.select_for_update(of=("self",))
        .select_related("application", "organization", "amends")
        .get(pk=conclusion.pk)
    )


def _locked_application(application_id: int) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("organization", "applicant")
        .get(pk=application_id)
    )


def _audit(actor, conclusion: Conclusion, action: str, before: str, reason: str = "", **after) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=conclusion,
        application=conclusion.application,
        before={"status": before},
        after={"status": conclusion.status, **after},
        reason=reason,
    )


def _reopen(actor, application: Application, reason: str) -> None:
    """The findings may change again: results ready, or in testing if an item lost its result meanwhile."""
    intake_services.application_set_status(
        actor=actor, application=application, status=ApplicationStatus.TESTED, reason=reason
    )


# --- Transitions -------------------------------------------------------------------------------------------


@transaction.atomic
def conclusion_prepare(
    *, actor, application: Application, languages: str = DocumentLanguages.KK_RU, amendment_reason: str = ""
) -> Conclusion:
    """Start a draft. With an issued conclusion on the application this is an amendment: the reason is
    required, and the application reopens so the findings can be corrected before review."""
    application = _locked_application(application.pk)
    amendment_reason = amendment_reason.strip()
    _refuse(
        prepare_blockers(application, actor, amendment_reason=amendment_reason),
        is_staff_of(actor, application.organization_id),
    )
    if languages not in DocumentLanguages.values:
        raise ValidationError(_("Choose the languages of the document."))
    original = application.conclusions.filter(status=ConclusionStatus.ISSUED).first()
    conclusion = Conclusion.objects.create(
        application=application,
        organization=application.organization,
        languages=languages,
        amends=original,
        amendment_reason=amendment_reason if original else "",
        prepared_by=actor,
    )
    _audit(
        actor,
        conclusion,
        "conclusion.prepare",
        before="",
        reason=conclusion.amendment_reason,
        amends=original.number if original else None,
        languages=languages,
    )
    if original:
        _reopen(
            actor,
            application,
            _("Amendment of %(number)s: %(reason)s")
            % {"number": original.number, "reason": amendment_reason},
        )
    return conclusion


@transaction.atomic
def conclusion_review(*, actor, conclusion: Conclusion) -> Conclusion:
    """The second person has read the draft: its content is frozen and the application locked."""
    conclusion = _locked(conclusion)
    application = _locked_application(conclusion.application_id)
    conclusion.application = application
    _refuse(review_blockers(conclusion, actor), is_staff_of(actor, conclusion.organization_id))
    content = conclusion_content.snapshot(application, required_kinds(application))
    conclusion.content = content
    conclusion.content_sha256 = conclusion_content.content_digest(content)
    conclusion.status, conclusion.reviewed_by, conclusion.reviewed_at = (
        ConclusionStatus.REVIEWED,
        actor,
        timezone.now(),
    )
    conclusion.returned_reason = ""
    conclusion.save(
        update_fields=["content", "content_sha256", "status", "reviewed_by", "reviewed_at", "returned_reason"]
    )
    Citation.objects.bulk_create(
        Citation(conclusion=conclusion, result_id=result_id)
        for result_id in conclusion_content.cited_result_ids(content)
    )
    _audit(
        actor,
        conclusion,
        "conclusion.review",
        before=ConclusionStatus.DRAFT,
        content_sha256=conclusion.content_sha256,
        items=len(content["items"]),
    )
    intake_services.application_set_status(
        actor=actor, application=application, status=ApplicationStatus.REVIEW
    )
    return conclusion


@transaction.atomic
def conclusion_sign(*, actor, conclusion: Conclusion) -> Conclusion:
    conclusion = _locked(conclusion)
    _refuse(sign_blockers(conclusion, actor), is_head_of(actor, conclusion.organization_id))
    conclusion.status, conclusion.signed_by, conclusion.signed_at = (
        ConclusionStatus.SIGNED,
        actor,
        timezone.now(),
    )
    conclusion.save(update_fields=["status", "signed_by", "signed_at"])
    _audit(actor, conclusion, "conclusion.sign", before=ConclusionStatus.REVIEWED)
    return conclusion


@transaction.atomic
def conclusion_issue(*, actor, conclusion: Conclusion) -> Conclusion:
    """Number the signed conclusion and issue it; supersede the original it amends; queue the PDF and the
    applicant's e-mail."""
    conclusion = _locked(conclusion)
    _refuse(issue_blockers(conclusion, actor), is_head_of(actor, conclusion.organization_id))
    application = _locked_application(conclusion.application_id)
    now = timezone.now()
    year = timezone.localtime(now).year
    original = conclusion.amends
    if original is not None:
        # First, so that one issued conclusion per application holds at every statement.
        Conclusion.objects.filter(pk=original.pk).update(status=ConclusionStatus.SUPERSEDED)
        original.status = ConclusionStatus.SUPERSEDED
        _audit(
            actor,
            original,
            "conclusion.supersede",
            before=ConclusionStatus.ISSUED,
            reason=conclusion.amendment_reason,
        )
    (sequence,) = allocate(organization_id=conclusion.organization_id, kind="conclusion", year=year)
    conclusion.year, conclusion.sequence = year, sequence
    conclusion.number = f"{conclusion.organization.short_code}-{year}-C{sequence:05d}"
    conclusion.status, conclusion.issued_by, conclusion.issued_at = ConclusionStatus.ISSUED, actor, now
    conclusion.save(update_fields=["year", "sequence", "number", "status", "issued_by", "issued_at"])
    _audit(
        actor,
        conclusion,
        "conclusion.issue",
        before=ConclusionStatus.SIGNED,
        number=conclusion.number,
        supersedes=original.number if original else None,
    )
    intake_services.application_set_status(
        actor=actor, application=application, status=ApplicationStatus.ISSUED
    )
    _notify_applicant(conclusion, application)

    from lims.conclusions.tasks import render_conclusion_pdf  # tasks import services; import here
    from lims.core.tasks_dispatch import dispatch

    pk = conclusion.pk
    transaction.on_commit(lambda: dispatch(render_conclusion_pdf, pk))
    return conclusion


@transaction.atomic
def conclusion_return(*, actor, conclusion: Conclusion, reason: str) -> Conclusion:
    """Send a reviewed or signed conclusion back to draft for correction: its frozen content is dropped and
    the application unlocked."""
    conclusion = _locked(conclusion)
    if not is_staff_of(actor, conclusion.organization_id):
        raise PermissionDenied(_("You may not return this conclusion."))
    if conclusion.status not in (ConclusionStatus.REVIEWED, ConclusionStatus.SIGNED):
        raise ValidationError(_("Only a reviewed or signed conclusion can be returned to draft."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for returning the conclusion."))
    before = conclusion.status
    conclusion.citations.all().delete()
    conclusion.status, conclusion.content, conclusion.content_sha256 = ConclusionStatus.DRAFT, {}, ""
    conclusion.reviewed_by = conclusion.reviewed_at = conclusion.signed_by = conclusion.signed_at = None
    conclusion.returned_reason = reason.strip()
    conclusion.save(
        update_fields=[
            "status",
            "content",
            "content_sha256",
            "reviewed_by",
            "reviewed_at",
            "signed_by",
            "signed_at",
            "returned_reason",
        ]
    )
    _audit(actor, conclusion, "conclusion.return", before=before, reason=conclusion.returned_reason)
    _reopen(actor, _locked_application(conclusion.application_id), conclusion.returned_reason)
    return conclusion


@transaction.atomic
def conclusion_withdraw(*, actor, conclusion: Conclusion, reason: str) -> Conclusion:
    """Abandon a conclusion in preparation, or withdraw an issued one (head of laboratory only). A
    withdrawn conclusion stays on record and its verification page says it is withdrawn; the application
    reopens so a valid conclusion can be prepared (an abandoned amendment leaves the original issued)."""
    conclusion = _locked(conclusion)
    issued = conclusion.status == ConclusionStatus.ISSUED
    allowed = (
        is_head_of(actor, conclusion.organization_id)
        if issued
        else is_staff_of(actor, conclusion.organization_id)
    )
    if not allowed:
        raise PermissionDenied(_("You may not withdraw this conclusion."))
    if conclusion.status not in (*IN_PROGRESS, ConclusionStatus.ISSUED):
        raise ValidationError(
            _("A %(status)s conclusion cannot be withdrawn.")
            % {"status": conclusion.get_status_display().lower()}
        )
    if not reason.strip():
        raise ValidationError(_("Give the reason for withdrawal."))
    before = conclusion.status
    if not issued:
        conclusion.citations.all().delete()
    conclusion.status, conclusion.withdrawn_by, conclusion.withdrawn_at = (
        ConclusionStatus.WITHDRAWN,
        actor,
        timezone.now(),
    )
    conclusion.withdrawal_reason = reason.strip()
    conclusion.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdrawal_reason"])
    _audit(actor, conclusion, "conclusion.withdraw", before=before, reason=conclusion.withdrawal_reason)
    application = _locked_application(conclusion.application_id)
    if not issued and conclusion.amends_id and conclusion.amends.status == ConclusionStatus.ISSUED:
        # The amendment is abandoned; the original stands.
        intake_services.application_set_status(
            actor=actor,
            application=application,
            status=ApplicationStatus.ISSUED,
            reason=conclusion.withdrawal_reason,
        )
    else:
        _reopen(actor, application, conclusion.withdrawal_reason)
    return conclusion


# --- Notification ------------------------------------------------------------------------------------------


def _notify_applicant(conclusion: Conclusion, application: Application) -> None:
    """E-mail the applicant that the conclusion is issued: in Russian for a Kazakh-Russian document (the
    language of most applicants' business correspondence), in English for an English one. A missing
    address or a failed delivery is recorded on the delivery, naming the recipient."""
    from lims.notifications.models import DeliveryKind
    from lims.notifications.services import email_queue

    applicant = application.applicant
    language = "ru" if conclusion.languages == DocumentLanguages.KK_RU else "en"
    with translation.override(language):
        subject = _("Conclusion %(number)s issued") % {"number": conclusion.number}
        body = render_to_string(
            "conclusions/email_issued.txt",
            {
                "conclusion": conclusion,
                "application": application,
                "applicant": applicant,
                "portal_url": absolute_url(reverse("intake:application_detail", args=[application.pk])),
                "verify_url": absolute_url(
                    reverse("conclusions:verify", args=[conclusion.verification_token])
                ),
            },
        )
    email_queue(
        kind=DeliveryKind.CONCLUSION_ISSUED,
        recipient_name=applicant.name,
        recipient_email=applicant.email,
        subject=subject,
        body=body,
        application=application,
        organization=conclusion.organization,
    )
