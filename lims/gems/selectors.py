"""Permission-scoped stones: the only way views and the API reach identification records."""

from django.db.models import QuerySet

from lims.accounts import permissions
from lims.gems.models import Stone
from lims.intake.selectors import items_for


def stones_for(user) -> QuerySet[Stone]:
    """Stones of the items the user sees as laboratory staff; applicants read them in their conclusions."""
    if not permissions.can_view_lab_work(user):
        return Stone.objects.none()
    return Stone.objects.filter(item__in=items_for(user)).select_related("item__application", "material")
