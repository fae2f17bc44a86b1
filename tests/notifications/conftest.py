"""E-mail back-ends that fail the way real SMTP servers do (real Django back-ends, not mocks)."""

import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """The server refuses every recipient (a mistyped address)."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused(
            {address: (550, b"5.1.1 User unknown") for message in email_messages for address in message.to}
        )


class UnreachableBackend(BaseEmailBackend):
    """No SMTP server listens (the network or the server is down)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def refusing_smtp(settings):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.RefusingBackend"


@pytest.fixture
def unreachable_smtp(settings):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.UnreachableBackend"
