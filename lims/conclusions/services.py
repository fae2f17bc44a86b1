"""The expertise conclusion's lifecycle, and rendering its PDF.

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

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lims.accounts import permissions
from lims.assay.models import Method, Result, ResultStatus
from lims.conclusions import content as conclusion_content
from lims.conclusions.models import (
    IN_PROGRESS,
    Citation,
    Conclusion,
    ConclusionStatus,
    DocumentLanguages,
    PdfStatus,
)
from lims.core.audit import audit_record
from lims.core.choices import ExpertiseKind
from lims.core.pdf import absolute_url
from lims.core.sequences import allocate
from lims.gems import services as gems_services
from lims.gems.models import Stone
from lims.hallmarks.models import HallmarkCheck
from lims.intake import services as intake_services
from lims.intake.models import Application, ApplicationStatus, ItemCategory
from lims.rawgoods import services as rawgoods_services
from lims.rawgoods.models import MetalContent

logger = logging.getLogger(__name__)

# Which kind of expertise each category of item needs (Law art.1 p.2; art.6 p.7 for raw goods).
KIND_BY_CATEGORY = {
    ItemCategory.JEWELRY: ExpertiseKind.METAL_ASSAY,
    ItemCategory.BAR: ExpertiseKind.METAL_ASSAY,
    ItemCategory.COIN: ExpertiseKind.METAL_ASSAY,
    ItemCategory.PRECIOUS_STONE: ExpertiseKind.GEM_IDENTIFICATION,
    ItemCategory.ROUGH_DIAMOND: ExpertiseKind.GEM_IDENTIFICATION,
    ItemCategory.RAW_GOODS: ExpertiseKind.RAW_GOODS_CONTENT,
}


def required_kinds(application: Application) -> set[str]:
    """The kinds of expertise the conclusion reports: by the items' categories, plus identification of the
    stones set in jewelry and verification of hallmarks where the application has them (Law art.1 p.2)."""
    categories = application.items.values_list("category", flat=True).distinct()
    kinds = {KIND_BY_CATEGORY[category] for category in categories}
    if Stone.objects.filter(item__application=application).exists():
        kinds.add(ExpertiseKind.GEM_IDENTIFICATION)
    if HallmarkCheck.objects.filter(item__application=application, current=True).exists():
        kinds.add(ExpertiseKind.HALLMARK_VERIFICATION)
    return kinds


# --- Guards ------------------------------------------------------------------------------------------------


def _is_staff_of(user, organization_id: int) -> bool:
    return permissions.can_record_results(user) and user.organization_id == organization_id


def _is_head_of(user, organization_id: int) -> bool:
    return permissions.can_issue_conclusion(user) and user.organization_id == organization_id


def content_blockers(application: Application) -> list[str]:
    """Why the application's findings cannot go into a conclusion yet; empty when they can."""
    reasons = []
    # Every item must have its result (the application is "results ready").
    if application.status not in (ApplicationStatus.TESTED, ApplicationStatus.REVIEW):
        reasons.append(
            _("The application is %(status)s; every item needs a result first.")
            % {"status": application.get_status_display()}
        )
    # Every result must be verified by a second person (or invalidated); none may await a repeat.
    pending = Result.objects.filter(item__application=application, status=ResultStatus.ENTERED).count()
    if pending:
        reasons.append(
            ngettext(
                "%(count)d result awaits verification by a second person.",
                "%(count)d results await verification by a second person.",
                pending,
            )
            % {"count": pending}
        )
    # Raw goods: the content of all eight precious metals must be recorded (Law art.6 p.7).
    reasons.extend(rawgoods_services.issue_blockers(application))
    # Stones: every stone must be identified, and a stone item must have its stones recorded.
    reasons.extend(gems_services.issue_blockers(application))
    return reasons


def accreditation_blockers(organization, kinds, day) -> list[str]:
    """The accreditation must be valid on `day` and cover every kind of expertise in the conclusion."""
    if not organization.is_accredited_on(day):
        return [
            _("The accreditation of %(org)s is not valid on %(day)s.") % {"org": organization, "day": day}
        ]
    return [
        _("The accreditation of %(org)s does not cover %(kind)s.")
        % {"org": organization, "kind": ExpertiseKind(kind).label}
        for kind in sorted(kinds)
        if kind not in organization.scope
    ]


def testers(application: Application) -> set[int]:
    """Who tested the items: entered a cited result, decided a stone, checked hallmarks or recorded the
    content of raw goods."""
    people = set(
        Result.objects.filter(item__application=application, status=ResultStatus.VERIFIED)
        .exclude(method=Method.XRF)
        .values_list("recorded_by_id", flat=True)
    )
    people |= set(
        Stone.objects.filter(item__application=application, decided_by__isnull=False).values_list(
            "decided_by_id", flat=True
        )
    )
    people |= set(
        HallmarkCheck.objects.filter(item__application=application, current=True).values_list(
            "checked_by_id", flat=True
        )
    )
    people |= set(
        MetalContent.objects.filter(item__application=application).values_list("recorded_by_id", flat=True)
    )
    return people


def prepare_blockers(application: Application, user, *, amendment_reason: str = "") -> list[str]:
    if not _is_staff_of(user, application.organization_id):
        return [
            _("Only the laboratory staff of %(org)s prepare its conclusions.")
            % {"org": application.organization}
        ]
    reasons = []
    if application.conclusions.in_progress().exists():
        reasons.append(_("A conclusion for this application is already being prepared."))
    issued = application.conclusions.filter(status=ConclusionStatus.ISSUED).exists()
    if issued and not amendment_reason.strip():
        reasons.append(
            _("A conclusion has already been issued; an amendment needs the reason for the correction.")
        )
    if not issued and application.status not in (ApplicationStatus.TESTED,):
        reasons.append(
            _("The application is %(status)s; every item needs a result first.")
            % {"status": application.get_status_display()}
        )
    return reasons


def review_blockers(conclusion: Conclusion, user) -> list[str]:
    if not _is_staff_of(user, conclusion.organization_id):
        return [
            _("Only the laboratory staff of %(org)s review its conclusions.")
            % {"org": conclusion.organization}
        ]
    reasons = _status_blocker(conclusion, ConclusionStatus.DRAFT)
    if conclusion.prepared_by_id == user.pk:
        reasons.append(_("A draft is reviewed by someone other than the person who prepared it."))
    reasons.extend(content_blockers(conclusion.application))
    return reasons


def sign_blockers(conclusion: Conclusion, user) -> list[str]:
    if not _is_head_of(user, conclusion.organization_id):
        return [_("Only the head of laboratory of %(org)s may sign.") % {"org": conclusion.organization}]
    reasons = _status_blocker(conclusion, ConclusionStatus.REVIEWED)
    reasons.extend(
        accreditation_blockers(
            conclusion.organization, conclusion.content.get("kinds", []), timezone.localdate()
        )
    )
    if testers(conclusion.application) == {user.pk}:
        reasons.append(_("You tested every item yourself; another head of laboratory signs this conclusion."))
    return reasons


def issue_blockers(conclusion: Conclusion, user) -> list[str]:
    if not _is_head_of(user, conclusion.organization_id):
        return [_("Only the head of laboratory of %(org)s may issue.") % {"org": conclusion.organization}]
    reasons = _status_blocker(conclusion, ConclusionStatus.SIGNED)
    reasons.extend(
        accreditation_blockers(
            conclusion.organization, conclusion.content.get("kinds", []), timezone.localdate()
        )
    )
    return reasons


def _status_blocker(conclusion: Conclusion, expected: str) -> list[str]:
    if conclusion.status == expected:
        return []
    return [
        _("The conclusion is %(status)s; this step needs it %(expected)s.")
        % {
            "status": conclusion.get_status_display().lower(),
            "expected": ConclusionStatus(expected).label.lower(),
        }
    ]


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
        _is_staff_of(actor, application.organization_id),
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
    _refuse(review_blockers(conclusion, actor), _is_staff_of(actor, conclusion.organization_id))
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
    _refuse(sign_blockers(conclusion, actor), _is_head_of(actor, conclusion.organization_id))
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
    _refuse(issue_blockers(conclusion, actor), _is_head_of(actor, conclusion.organization_id))
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
    _refuse(
        [] if _is_staff_of(actor, conclusion.organization_id) else [_("You may not return this conclusion.")],
        False,
    )
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
        _is_head_of(actor, conclusion.organization_id)
        if issued
        else _is_staff_of(actor, conclusion.organization_id)
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
    """E-mail the applicant that the conclusion is issued, in the document's first language. A missing
    address or a failed delivery is recorded on the delivery, naming the recipient."""
    from lims.notifications.models import DeliveryKind
    from lims.notifications.services import email_queue

    applicant = application.applicant
    language = conclusion.language_codes[-1] if conclusion.languages == DocumentLanguages.KK_RU else "en"
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


# --- PDF ---------------------------------------------------------------------------------------------------


def _set_pdf_progress(conclusion_id: int, status: str, progress: int, **fields) -> None:
    Conclusion.objects.filter(pk=conclusion_id).update(pdf_status=status, pdf_progress=progress, **fields)


def conclusion_render_pdf(conclusion_id: int) -> Conclusion:
    """Render and attach the PDF once, reporting progress on the row. Safe to run again: a conclusion whose
    PDF is ready is left alone, so a retried task never produces a second, different document."""
    from lims.conclusions.pdf import render_conclusion

    conclusion = Conclusion.objects.select_related("organization", "signed_by", "amends").get(
        pk=conclusion_id
    )
    if conclusion.pdf_status == PdfStatus.READY:
        return conclusion
    _set_pdf_progress(conclusion.pk, PdfStatus.RENDERING, 5)
    try:
        content = render_conclusion(
            conclusion,
            progress=lambda percent: _set_pdf_progress(conclusion.pk, PdfStatus.RENDERING, percent),
        )
    except Exception as error:
        logger.exception("PDF of conclusion %s failed", conclusion.number)
        with transaction.atomic():
            _set_pdf_progress(conclusion.pk, PdfStatus.FAILED, 0, pdf_error=str(error)[:2000])
            audit_record(
                actor=None,
                action="conclusion.pdf_failed",
                obj=conclusion,
                application=conclusion.application,
                reason=str(error)[:2000],
            )
        raise
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        locked = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
        if locked.pdf_status == PdfStatus.READY:
            return locked
        locked.pdf.save(f"{conclusion.number}.pdf", ContentFile(content), save=False)
        locked.pdf_sha256 = digest
        locked.pdf_status, locked.pdf_progress, locked.pdf_error = PdfStatus.READY, 100, ""
        locked.save(update_fields=["pdf", "pdf_sha256", "pdf_status", "pdf_progress", "pdf_error"])
        audit_record(
            actor=None,
            action="conclusion.pdf_ready",
            obj=locked,
            application=conclusion.application,
            after={"sha256": digest, "bytes": len(content)},
        )
    return locked


def conclusion_render_pending() -> list[str]:
    """Render, here and now, every issued conclusion whose PDF is not ready: the embedded run's background
    threads die with the process, so `make run` calls this before serving. Returns their numbers."""
    pending = Conclusion.objects.filter(issued_at__isnull=False).exclude(pdf_status=PdfStatus.READY)
    numbers = []
    for pk, number in pending.values_list("pk", "number"):
        try:
            conclusion_render_pdf(pk)
        except Exception:  # recorded on the conclusion (failed, with the error); go on with the others
            logger.warning("PDF of conclusion %s still failing", number)
            continue
        numbers.append(number)
    return numbers


# --- Reading -----------------------------------------------------------------------------------------------


def public_facts(conclusion: Conclusion) -> dict:
    """What the public verification page may show: no applicant, no items' descriptions, no people."""
    current = conclusion.status == ConclusionStatus.ISSUED
    superseded_by = None
    if conclusion.status == ConclusionStatus.SUPERSEDED:
        superseded_by = (
            conclusion.amendments.filter(
                Q(status=ConclusionStatus.ISSUED) | Q(status=ConclusionStatus.SUPERSEDED)
            )
            .values_list("number", flat=True)
            .first()
        )
    return {
        "number": conclusion.number,
        "status": conclusion.status,
        "status_label": conclusion.get_status_display(),
        "current": current,
        "issued_on": timezone.localtime(conclusion.issued_at).date() if conclusion.issued_at else None,
        "withdrawn_on": timezone.localtime(conclusion.withdrawn_at).date()
        if conclusion.withdrawn_at
        else None,
        "organization": conclusion.content.get("organization", {}).get("name")
        or conclusion.organization.name,
        "accreditation_number": conclusion.content.get("organization", {}).get("accreditation_number"),
        "item_count": len(conclusion.content.get("items", [])),
        "amends": conclusion.amends.number if conclusion.amends_id else None,
        "superseded_by": superseded_by,
        "pdf_sha256": conclusion.pdf_sha256,
        "site": settings.SITE_URL,
    }
