from django.utils.functional import SimpleLazyObject

from lims.accounts import permissions
from lims.notifications.models import Delivery, DeliveryStatus


def failed_deliveries(request) -> dict:
    """`failed_deliveries`: how many of the lab's e-mails failed, for the badge in the navigation. Counted
    (one query) only when a page of a lab staff member shows it."""
    user = getattr(request, "user", None)
    if not permissions.can_view_lab_work(user):
        return {"failed_deliveries": 0}
    return {
        "failed_deliveries": SimpleLazyObject(
            lambda: Delivery.objects.filter(
                organization_id=user.organization_id, status=DeliveryStatus.FAILED
            ).count()
        )
    }
