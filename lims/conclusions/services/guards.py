"""Who may take a conclusion's next step, and what must be true first: each guard returns its reasons,
in the user's language; empty means go."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lims.accounts import permissions
from lims.assay.models import Method, Result, ResultStatus
from lims.conclusions.models import (
    Conclusion,
    ConclusionStatus,
)
from lims.core.choices import ExpertiseKind
from lims.gems import services as gems_services
from lims.gems.models import Stone
from lims.hallmarks.models import HallmarkCheck
from lims.intake.models import Application, ApplicationStatus, ItemCategory
from lims.rawgoods import services as rawgoods_services
from lims.rawgoods.models import MetalContent

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


def is_staff_of(user, organization_id: int) -> bool:
    return permissions.can_record_results(user) and user.organization_id == organization_id


def is_head_of(user, organization_id: int) -> bool:
    return permissions.can_issue_conclusion(user) and user.organization_id == organization_id


def content_blockers(application: Application) -> list[str]:
    """Why the application's findings cannot go into a conclusion yet; empty when they can."""
    reasons = []
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
    """A first draft needs complete findings; an amendment needs its reason (the application reopens for
    the correction, and the findings are checked again at review)."""
    if not is_staff_of(user, application.organization_id):
        return [
            _("Only the laboratory staff of %(org)s prepare its conclusions.")
            % {"org": application.organization}
        ]
    reasons = []
    if application.conclusions.in_progress().exists():
        reasons.append(_("A conclusion for this application is already being prepared."))
    if not application.conclusions.filter(status=ConclusionStatus.ISSUED).exists():
        reasons.extend(content_blockers(application))
    elif not amendment_reason.strip():
        reasons.append(
            _("A conclusion has already been issued; an amendment needs the reason for the correction.")
        )
    return reasons


def review_blockers(conclusion: Conclusion, user) -> list[str]:
    if not is_staff_of(user, conclusion.organization_id):
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
    if not is_head_of(user, conclusion.organization_id):
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
    if not is_head_of(user, conclusion.organization_id):
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
