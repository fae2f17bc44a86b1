import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lims.core.fields import user_fk
from lims.hallmarks.codes import new_verification_id


def new_verification_token() -> str:
    """The token in the QR code: 32 random bytes, URL-safe; unguessable, so the public page needs no login."""
    return secrets.token_urlsafe(32)


class ConclusionStatus(models.TextChoices):
    # "conclusion" context: the words agree with "conclusion" (Russian: neuter), unlike an application's.
    DRAFT = "draft", pgettext_lazy("conclusion", "Draft")
    REVIEWED = "reviewed", pgettext_lazy("conclusion", "Reviewed")
    SIGNED = "signed", pgettext_lazy("conclusion", "Signed")
    ISSUED = "issued", pgettext_lazy("conclusion", "Issued")
    SUPERSEDED = "superseded", pgettext_lazy("conclusion", "Superseded")
    WITHDRAWN = "withdrawn", pgettext_lazy("conclusion", "Withdrawn")


# Being prepared: at most one per application. Issued, superseded and withdrawn conclusions are frozen.
IN_PROGRESS = (ConclusionStatus.DRAFT, ConclusionStatus.REVIEWED, ConclusionStatus.SIGNED)
FINAL = (ConclusionStatus.ISSUED, ConclusionStatus.SUPERSEDED, ConclusionStatus.WITHDRAWN)


class DocumentLanguages(models.TextChoices):
    """The languages of the printed document: Kazakh and Russian side by side, or English on request."""

    KK_RU = "kk-ru", _("Kazakh and Russian")
    EN = "en", _("English (on request)")


class PdfStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    RENDERING = "rendering", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ConclusionQuerySet(models.QuerySet):
    def in_progress(self):
        return self.filter(status__in=IN_PROGRESS)

    def final(self):
        return self.filter(status__in=FINAL)


class Conclusion(models.Model):
    """The expertise conclusion (сараптама қорытындысы), through draft → reviewed → signed → issued; then
    superseded by an amendment or withdrawn. Changed only by `lims.conclusions.services`.

    `content` is the snapshot of every item and its findings, taken at review; the PDF is rendered from it,
    so what was signed is what is printed. From issue on the row is frozen (a database trigger refuses any
    change but issued → superseded | withdrawn and the one-time attachment of the PDF), and the results it
    cites (`citations`) can no longer change."""

    application = models.ForeignKey(
        "intake.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="conclusions",
    )
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ConclusionStatus.choices, default=ConclusionStatus.DRAFT
    )
    languages = models.CharField(
        _("document languages"),
        max_length=8,
        choices=DocumentLanguages.choices,
        default=DocumentLanguages.KK_RU,
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        help_text=_("The issued conclusion this one corrects and supersedes."),
    )
    amendment_reason = models.TextField(_("reason for the amendment"), blank=True)
    content = models.JSONField(_("content"), default=dict, blank=True)
    content_sha256 = models.CharField(_("content SHA-256"), max_length=64, blank=True)

    prepared_by = user_fk(_("prepared by"))
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    reviewed_by = user_fk(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    signed_by = user_fk(_("signed by"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    issued_by = user_fk(_("issued by"))
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, db_index=True)
    withdrawn_by = user_fk(_("withdrawn by"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    returned_reason = models.TextField(
        _("returned with"), blank=True, help_text=_("Why the draft was last sent back for correction.")
    )

    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("sequence"), null=True, blank=True)
    number = models.CharField(_("number"), max_length=32, unique=True, null=True, blank=True)
    short_code = models.CharField(
        _("verification code"), max_length=8, default=new_verification_id, editable=False
    )
    verification_token = models.CharField(
        max_length=64, unique=True, default=new_verification_token, editable=False
    )

    pdf = models.FileField(_("PDF"), upload_to="conclusions/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    pdf_status = models.CharField(
        _("PDF status"), max_length=16, choices=PdfStatus.choices, default=PdfStatus.PENDING
    )
    pdf_progress = models.PositiveSmallIntegerField(_("PDF progress, %"), default=0)
    pdf_error = models.TextField(_("PDF error"), blank=True)

    objects = ConclusionQuerySet.as_manager()

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["-prepared_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "sequence"], name="uniq_conclusion_sequence_per_org_year"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="issued"),
                name="one_current_conclusion_per_application",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status__in=["draft", "reviewed", "signed"]),
                name="one_conclusion_in_progress_per_application",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["issued", "superseded", "withdrawn"])
                | models.Q(status="withdrawn", issued_at__isnull=True)
                | models.Q(number__isnull=False, issued_at__isnull=False, signed_by__isnull=False),
                name="issued_conclusion_is_numbered_and_signed",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="withdrawn") | ~models.Q(withdrawal_reason=""),
                name="withdrawn_conclusion_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(amends__isnull=True) | ~models.Q(amendment_reason=""),
                name="amendment_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "-issued_at"]),
            models.Index(fields=["application", "status"]),
        ]

    def __str__(self) -> str:
        return self.number or str(_("draft of %(application)s") % {"application": self.application.number})

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split("-")

    @property
    def display_code(self) -> str:
        return f"{self.short_code[:4]}-{self.short_code[4:]}"


class Citation(models.Model):
    """A verified result the conclusion cites. Once the conclusion is issued, the cited result cannot change
    (a database trigger), except through an amendment of that conclusion."""

    conclusion = models.ForeignKey(
        Conclusion, verbose_name=_("conclusion"), on_delete=models.CASCADE, related_name="citations"
    )
    result = models.ForeignKey(
        "assay.Result", verbose_name=_("result"), on_delete=models.PROTECT, related_name="citations"
    )

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [models.UniqueConstraint(fields=["conclusion", "result"], name="uniq_citation")]
        indexes = [models.Index(fields=["result", "conclusion"])]

    def __str__(self) -> str:
        return f"{self.conclusion_id} → {self.result_id}"
