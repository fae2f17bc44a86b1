from django.db.models import QuerySet
from django.utils import timezone

from lims.accounts import permissions
from lims.conclusions.models import FINAL, Conclusion, ConclusionStatus


def conclusions_for(user) -> QuerySet[Conclusion]:
    """Laboratory staff see their organization's conclusions in every state; applicants their own and
    control officers all, once issued (issued, superseded or withdrawn: never a draft)."""
    base = Conclusion.objects.select_related("application", "application__applicant", "organization")
    if permissions.can_view_lab_work(user):
        return base.filter(organization_id=user.organization_id)
    if permissions.is_applicant(user):
        return base.filter(
            application__applicant_id=user.applicant_id, status__in=FINAL, issued_at__isnull=False
        )
    if permissions.is_control_officer(user):
        return base.filter(status__in=FINAL, issued_at__isnull=False)
    return base.none()


def _local_day(moment):
    return timezone.localtime(moment).date() if moment else None


def public_facts(conclusion: Conclusion) -> dict:
    """What the public verification page may show: no applicant, no items' descriptions, no people."""
    superseded_by = None
    if conclusion.status == ConclusionStatus.SUPERSEDED:
        superseded_by = (
            conclusion.amendments.filter(issued_at__isnull=False).values_list("number", flat=True).first()
        )
    organization = conclusion.content.get("organization", {})
    return {
        "number": conclusion.number,
        "status": conclusion.status,
        "status_label": conclusion.get_status_display(),
        "current": conclusion.status == ConclusionStatus.ISSUED,
        "issued_on": _local_day(conclusion.issued_at),
        "withdrawn_on": _local_day(conclusion.withdrawn_at),
        "organization": organization.get("name") or conclusion.organization.name,
        "accreditation_number": organization.get("accreditation_number"),
        "item_count": len(conclusion.content.get("items", [])),
        "amends": conclusion.amends.number if conclusion.amends_id else None,
        "superseded_by": superseded_by,
        "pdf_sha256": conclusion.pdf_sha256,
    }
