"""E-mail notifications: queued in the caller's transaction, sent by a Celery task after commit, every
failure recorded on the `Delivery` with its recipient (never a silent "could not send")."""

import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lims.core.audit import audit_record
from lims.notifications.models import NO_ADDRESS, Delivery, DeliveryStatus

logger = logging.getLogger(__name__)

# What a failed send raises: the task retries on these, and the last one is recorded.
SEND_ERRORS = (smtplib.SMTPException, OSError)


def _enqueue(delivery_id: int) -> None:
    """Runs after commit, so it must not raise into the request (or service) that committed. With eager
    tasks the send and its attempts happen right here and record their own failure; anything else that
    goes wrong (the broker is down, an unexpected error) is logged and recorded on the delivery, which a
    head of laboratory can then send again."""
    from lims.notifications.tasks import send_delivery

    try:
        send_delivery.delay(delivery_id)
    except Exception as exc:
        logger.exception("E-mail delivery %s could not be sent or queued", delivery_id)
        try:
            delivery_give_up(delivery_id, exc)
        except Exception:
            logger.exception("E-mail delivery %s: its failure could not be recorded", delivery_id)


def email_queue(
    *,
    kind: str,
    recipient_name: str,
    recipient_email: str,
    subject: str,
    body: str,
    application=None,
    organization=None,
) -> Delivery:
    """Record an e-mail to send and send it once the caller's transaction commits (never for a change that
    is rolled back). Without an address it is recorded as failed at once, naming the recipient."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("email_queue() must run in the transaction of the change it announces")
    recipient_email = (recipient_email or "").strip()
    if organization is None and application is not None:
        organization = application.organization
    delivery = Delivery(
        kind=kind,
        recipient_name=recipient_name,
        recipient_email=recipient_email,
        subject=subject,
        body=body,
        application=application,
        organization=organization,
    )
    if not recipient_email:
        delivery.status = DeliveryStatus.FAILED
        delivery.last_error = NO_ADDRESS
        delivery.failed_at = timezone.now()
        delivery.save()
        logger.warning("E-mail %s to %s not sent: no e-mail address on file", kind, recipient_name)
        return delivery
    delivery.save()
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def delivery_send(delivery_id: int) -> Delivery:
    """Send a queued delivery once. A delivery already sent (or given up) is left alone, so a re-run task
    never sends twice. On an SMTP or network error the attempt and the error are recorded and the error
    is raised again for the task to retry."""
    error = None
    with transaction.atomic():
        # The row lock keeps two workers (a redelivered task) from sending the same e-mail at once.
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.status != DeliveryStatus.QUEUED:
            return delivery
        delivery.attempts += 1
        message = EmailMessage(
            subject=delivery.subject,
            body=delivery.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.recipient_email],
        )
        try:
            message.send()
        except SEND_ERRORS as exc:
            error = exc
            delivery.last_error = f"{delivery.recipient_email}: {exc}"
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
        delivery.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if error is not None:
        logger.warning(
            "E-mail delivery %s to %s <%s> failed (attempt %d): %s",
            delivery.pk,
            delivery.recipient_name,
            delivery.recipient_email,
            delivery.attempts,
            error,
        )
        raise error
    return delivery


def delivery_give_up(delivery_id: int, error: BaseException | str) -> Delivery | None:
    """The task has no retries left: the delivery is failed, with its last error and recipient."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status == DeliveryStatus.SENT:
            return delivery
        delivery.status = DeliveryStatus.FAILED
        delivery.failed_at = timezone.now()
        delivery.last_error = f"{delivery.recipient_email}: {error}"
        delivery.save(update_fields=["status", "failed_at", "last_error"])
    logger.error(
        "E-mail delivery %s to %s <%s> given up after %d attempt(s): %s",
        delivery.pk,
        delivery.recipient_name,
        delivery.recipient_email,
        delivery.attempts,
        delivery.last_error,
    )
    return delivery


@transaction.atomic
def delivery_retry(*, actor, delivery: Delivery) -> Delivery:
    """Queue a failed delivery again (the head of laboratory, after fixing the address or the server)."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status != DeliveryStatus.FAILED:
        raise ValidationError(_("Only a failed e-mail can be sent again."))
    if not delivery.recipient_email:
        raise ValidationError(
            _("%(name)s has no e-mail address on file.") % {"name": delivery.recipient_name}
        )
    audit_record(
        actor=actor,
        action="delivery.retry",
        obj=delivery,
        application=delivery.application,
        before={"status": delivery.status, "attempts": delivery.attempts, "error": delivery.last_error},
        after={"status": DeliveryStatus.QUEUED},
    )
    delivery.status = DeliveryStatus.QUEUED
    delivery.failed_at = None
    delivery.save(update_fields=["status", "failed_at"])
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery
