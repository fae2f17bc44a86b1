"""Permission-scoped querysets: the only way views and the API reach applications, items and results."""

from django.db.models import QuerySet

from lims.accounts import permissions
from lims.intake.models import Application, Item


def applications_for(user) -> QuerySet[Application]:
    base = Application.objects.select_related("applicant", "organization")
    if permissions.can_view_lab_work(user):
        return base.filter(organization_id=user.organization_id)
    if permissions.is_applicant(user):
        return base.filter(applicant_id=user.applicant_id)
    return base.none()


def items_for(user) -> QuerySet[Item]:
    base = Item.objects.select_related("application", "application__applicant")
    if permissions.can_view_lab_work(user):
        return base.filter(organization_id=user.organization_id)
    if permissions.is_applicant(user):
        return base.filter(application__applicant_id=user.applicant_id)
    return base.none()
