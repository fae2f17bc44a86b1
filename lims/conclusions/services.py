"""Issuing expertise conclusions and rendering their PDF."""

import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lims.accounts import permissions
from lims.assay.models import Result, ResultStatus
from lims.conclusions.models import Conclusion, ConclusionStatus, PdfStatus
from lims.core.audit import audit_record
from lims.core.choices import ExpertiseKind
from lims.core.sequences import allocate
from lims.gems import services as gems_services
from lims.gems.models import Stone
from lims.hallmarks.models import HallmarkCheck
from lims.intake import services as intake_services
from lims.intake.models import Application, ApplicationStatus, ItemCategory
from lims.rawgoods import services as rawgoods_services

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


def issue_blockers(application: Application, user) -> list[str]:
    """Why `user` cannot issue the application's conclusion now; empty when they can. Each guard is one
    line with its reason."""
    reasons = []
    # Only the head of laboratory of the application's own organization signs.
    if not permissions.can_issue_conclusion(user) or user.organization_id != application.organization_id:
        reasons.append(
            _("Only the head of laboratory of %(org)s may issue.") % {"org": application.organization}
        )
    # Every item must have its result (the application is "results ready").
    if application.status != ApplicationStatus.TESTED:
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
    # The accreditation must be valid today and cover every kind of expertise in the conclusion.
    organization = application.organization
    today = timezone.localdate()
    if not organization.is_accredited_on(today):
        reasons.append(
            _("The accreditation of %(org)s is not valid on %(day)s.") % {"org": organization, "day": today}
        )
    else:
        for kind in sorted(required_kinds(application)):
            if kind not in organization.scope:
                reasons.append(
                    _("The accreditation of %(org)s does not cover %(kind)s.")
                    % {"org": organization, "kind": ExpertiseKind(kind).label}
                )
    # One current conclusion per application.
    if application.conclusions.filter(status=ConclusionStatus.ISSUED).exists():
        reasons.append(_("A conclusion has already been issued for this application."))
    return reasons


@transaction.atomic
def conclusion_issue(*, actor, application: Application, language: str = "ru") -> Conclusion:
    """Issue the application's conclusion: number it, freeze it, and queue its PDF."""
    application = (
        Application.objects.select_for_update().select_related("organization").get(pk=application.pk)
    )
    blockers = issue_blockers(application, actor)
    if blockers:
        if (
            not permissions.can_issue_conclusion(actor)
            or actor.organization_id != application.organization_id
        ):
            raise PermissionDenied(blockers[0])
        raise ValidationError(blockers)
    now = timezone.now()
    year = timezone.localtime(now).year
    (sequence,) = allocate(organization_id=application.organization_id, kind="conclusion", year=year)
    conclusion = Conclusion.objects.create(
        application=application,
        organization=application.organization,
        year=year,
        sequence=sequence,
        number=f"{application.organization.short_code}-{year}-C{sequence:05d}",
        status=ConclusionStatus.ISSUED,
        issued_at=now,
        issued_by=actor,
        language=language,
    )
    audit_record(
        actor=actor,
        action="conclusion.issue",
        obj=conclusion,
        application=application,
        after={"number": conclusion.number, "status": conclusion.status, "language": language},
    )
    intake_services.application_mark_issued(actor=actor, application=application)

    from lims.conclusions.tasks import render_conclusion_pdf  # tasks import services; import here

    transaction.on_commit(lambda: render_conclusion_pdf.delay(conclusion.pk))
    return conclusion


def _set_pdf_status(conclusion: Conclusion, status: str, **fields) -> None:
    Conclusion.objects.filter(pk=conclusion.pk).update(pdf_status=status, **fields)
    conclusion.pdf_status = status


def conclusion_render_pdf(conclusion_id: int) -> Conclusion:
    """Render and attach the PDF once. Safe to run again: a conclusion whose PDF is ready is left alone,
    so a retried task never produces a second, different document."""
    from lims.conclusions.pdf import render_conclusion

    conclusion = Conclusion.objects.select_related("application__applicant", "organization", "issued_by").get(
        pk=conclusion_id
    )
    if conclusion.pdf_status == PdfStatus.READY:
        return conclusion
    _set_pdf_status(conclusion, PdfStatus.RENDERING)
    try:
        content = render_conclusion(conclusion)
    except Exception as error:
        logger.exception("PDF of conclusion %s failed", conclusion.number)
        with transaction.atomic():
            _set_pdf_status(conclusion, PdfStatus.FAILED, pdf_error=str(error)[:2000])
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
        locked.pdf_status = PdfStatus.READY
        locked.pdf_error = ""
        locked.save(update_fields=["pdf", "pdf_sha256", "pdf_status", "pdf_error"])
        audit_record(
            actor=None,
            action="conclusion.pdf_ready",
            obj=locked,
            application=conclusion.application,
            after={"sha256": digest, "bytes": len(content)},
        )
    return locked
