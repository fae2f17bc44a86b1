"""Permission-scoped querysets of content records, in the style of `lims.intake.selectors`."""

from django.db.models import QuerySet

from lims.intake.selectors import items_for
from lims.rawgoods.models import MetalContent


def contents_for(user) -> QuerySet[MetalContent]:
    """Content records of the items the user may see: staff see their organization's, applicants their
    own items', everyone else nothing (the intake selector decides)."""
    return MetalContent.objects.filter(item__in=items_for(user).values("pk")).select_related(
        "item", "recorded_by"
    )
