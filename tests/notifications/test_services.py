"""E-mail notifications: queued with the change, sent after commit, every failure recorded naming its
recipient (SENAITE's "could not send" names nobody)."""

import logging
import smtplib

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction

from lims.notifications.models import Delivery, DeliveryKind, DeliveryStatus
from lims.notifications.services import delivery_send, email_queue
from lims.notifications.tasks import send_delivery


def queue(organization, **overrides):
    data = {
        "kind": DeliveryKind.DEADLINE_OVERDUE,
        "recipient_name": "Bob Head",
        "recipient_email": "bob@alm.example.kz",
        "subject": "Synama: 1 application is overdue",
        "body": "ALM-2026-A00001 is overdue.",
        "organization": organization,
    }
    with transaction.atomic():
        return email_queue(**(data | overrides))


def test_queued_email_is_sent_after_commit(alm, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        delivery = queue(alm)
        assert delivery.status == DeliveryStatus.QUEUED and not mail.outbox  # nothing before the commit
    assert len(callbacks) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1 and delivery.sent_at
    assert delivery.last_error == "" and delivery.failed_at is None
    (message,) = mail.outbox
    assert message.to == ["bob@alm.example.kz"] and message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == "Synama: 1 application is overdue" and "ALM-2026-A00001" in message.body


def test_a_rolled_back_change_sends_nothing(alm, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            email_queue(
                kind=DeliveryKind.DEADLINE_OVERDUE,
                recipient_name="Bob Head",
                recipient_email="bob@alm.example.kz",
                subject="s",
                body="b",
                organization=alm,
            )
            raise RuntimeError("the change fails")
    assert not Delivery.objects.exists() and not mail.outbox


def test_a_sent_delivery_is_never_sent_twice(alm, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        delivery = queue(alm)
    send_delivery.delay(delivery.pk)  # the task re-run (e.g. redelivered by the broker)
    delivery_send(delivery.pk)
    delivery.refresh_from_db()
    assert len(mail.outbox) == 1 and delivery.attempts == 1 and delivery.status == DeliveryStatus.SENT


def test_no_address_is_recorded_as_failed_at_once_naming_the_recipient(
    alm, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        delivery = queue(alm, recipient_name="Bob Head", recipient_email="  ")
    assert callbacks == [] and not mail.outbox  # no task
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.failed_at and delivery.attempts == 0
    assert delivery.error_display == "No e-mail address on file"
    assert "Bob Head" in caplog.text


def test_a_refused_recipient_is_retried_then_recorded_with_the_error_and_the_recipient(
    alm, refusing_smtp, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.WARNING, logger="lims.notifications")
    with django_capture_on_commit_callbacks(execute=True):  # would raise if the failure escaped
        delivery = queue(alm, recipient_email="bob@alm.example.kz")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.failed_at and delivery.sent_at is None
    assert delivery.attempts == 1 + settings.NOTIFICATION_MAX_RETRIES
    assert "bob@alm.example.kz" in delivery.last_error and "User unknown" in delivery.last_error
    assert "bob@alm.example.kz" in caplog.text and "Bob Head" in caplog.text


def test_an_unreachable_server_is_recorded_too(alm, unreachable_smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        delivery = queue(alm, recipient_email="bob@alm.example.kz")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "bob@alm.example.kz: [Errno 111] Connection refused"


def test_a_worker_gives_up_after_the_last_retry(alm, refusing_smtp, django_capture_on_commit_callbacks):
    """On a worker, autoretry raises the last error and the task's `on_failure` marks the delivery."""
    with django_capture_on_commit_callbacks(execute=False):
        delivery = queue(alm)
    with pytest.raises(smtplib.SMTPRecipientsRefused) as caught:
        delivery_send(delivery.pk)
    send_delivery.on_failure(caught.value, "task-id", (delivery.pk,), {}, None)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1
    assert delivery.last_error.startswith("bob@alm.example.kz: ")
