import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_verification_token() -> str:
    return secrets.token_urlsafe(24)


class ConclusionStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")


class PdfStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    RENDERING = "rendering", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Conclusion(models.Model):
    """The expertise conclusion (сараптама қорытындысы). Created at issue by `conclusion_issue` and never
    modified afterwards; only its PDF rendition is attached once by the rendering task."""

    application = models.ForeignKey(
        "intake.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="conclusions",
    )
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=32, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=ConclusionStatus.choices)
    issued_at = models.DateTimeField(_("issued at"), db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, default="ru")
    verification_token = models.CharField(
        max_length=64, unique=True, default=new_verification_token, editable=False
    )
    pdf = models.FileField(_("PDF"), upload_to="conclusions/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    pdf_status = models.CharField(
        _("PDF status"), max_length=16, choices=PdfStatus.choices, default=PdfStatus.PENDING
    )
    pdf_error = models.TextField(_("PDF error"), blank=True)

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "sequence"], name="uniq_conclusion_sequence_per_org_year"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="issued"),
                name="one_current_conclusion_per_application",
            ),
        ]

    def __str__(self) -> str:
        return self.number
