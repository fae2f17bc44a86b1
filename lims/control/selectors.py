"""Who sees which control cases: control officers all of them (across organizations and applicants),
applicants their own; laboratory staff none (they see their conclusions, not the customs file)."""

from django.db.models import QuerySet

from lims.accounts import permissions
from lims.control.models import ControlCase


def cases_for(user) -> QuerySet[ControlCase]:
    base = ControlCase.objects.select_related("applicant", "conclusion")
    if permissions.is_control_officer(user):
        return base
    if permissions.is_applicant(user):
        return base.filter(applicant_id=user.applicant_id)
    return base.none()
