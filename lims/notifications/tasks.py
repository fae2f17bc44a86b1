from celery import Task, shared_task
from django.conf import settings

from lims.notifications.models import DeliveryStatus
from lims.notifications.services import SEND_ERRORS, delivery_give_up, delivery_send


class DeliveryTask(Task):
    """When the last retry has failed too (or the send failed in a way not worth retrying), the delivery
    is marked failed, so the staff page shows it with its recipient and error."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        delivery_id = args[0] if args else kwargs.get("delivery_id")
        if delivery_id is not None:
            delivery_give_up(delivery_id, exc)


@shared_task(
    bind=True,
    base=DeliveryTask,
    autoretry_for=SEND_ERRORS,
    retry_backoff=True,
    max_retries=settings.NOTIFICATION_MAX_RETRIES,
    acks_late=True,
)
def send_delivery(self, delivery_id: int) -> str:
    if not self.request.is_eager:
        # A worker retries SMTP and network errors with back-off; after the last one, `on_failure`.
        return delivery_send(delivery_id).status
    # Eager (no broker): Celery cannot retry an eagerly run task whose errors propagate, so the same
    # number of attempts is made here, at once, and the delivery is marked failed after the last one.
    error = None
    for _attempt in range(self.max_retries + 1):
        try:
            return delivery_send(delivery_id).status
        except SEND_ERRORS as exc:
            error = exc
    delivery_give_up(delivery_id, error)
    return DeliveryStatus.FAILED
