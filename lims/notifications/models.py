from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# Stored untranslated (a record, read in any language); shown translated by `Delivery.error_display`.
NO_ADDRESS = gettext_noop("No e-mail address on file")


class DeliveryKind(models.TextChoices):
    CONCLUSION_ISSUED = "conclusion_issued", _("Conclusion issued")
    DEADLINE_DUE_SOON = "deadline_due_soon", _("Deadline: one working day left")
    DEADLINE_OVERDUE = "deadline_overdue", _("Deadline: overdue")
    KP_RECEIPT = "kp_receipt", _("Kimberley Process: confirmation of receipt")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One e-mail to one recipient and what became of it: every attempt counted, the last error kept with
    the recipient, so a failure is never silent. Changed only by `lims.notifications.services`."""

    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    application = models.ForeignKey(
        "intake.Application",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=DeliveryKind.choices)
    recipient_name = models.CharField(_("recipient"), max_length=200)
    recipient_email = models.EmailField(_("e-mail"), blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The staff page, newest first, with or without its status filter; the failed-count badge.
            models.Index(fields=["organization", "-created_at"]),
            models.Index(fields=["organization", "status", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_name} <{self.recipient_email}>"

    @property
    def error_display(self) -> str:
        return gettext(NO_ADDRESS) if self.last_error == NO_ADDRESS else self.last_error
