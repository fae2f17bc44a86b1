from django.db.models import QuerySet

from lims.accounts import permissions
from lims.conclusions.models import FINAL, Conclusion


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
