from django.db.models import QuerySet

from lims.accounts import permissions
from lims.conclusions.models import Conclusion, ConclusionStatus


def conclusions_for(user) -> QuerySet[Conclusion]:
    base = Conclusion.objects.select_related("application", "application__applicant", "organization")
    if permissions.can_view_lab_work(user):
        return base.filter(organization_id=user.organization_id)
    if permissions.is_applicant(user):
        return base.filter(application__applicant_id=user.applicant_id)
    if permissions.is_control_officer(user):
        return base.filter(status=ConclusionStatus.ISSUED)
    return base.none()
