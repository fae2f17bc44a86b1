from django.db import models
from django.utils.translation import gettext_lazy as _

from lims.core.fields import user_fk


class ImportFormat(models.TextChoices):
    """The parsers of `instruments.parsers`, by code."""

    XRF_CSV = "xrf_csv", _("XRF, generic CSV export")
    XRF_NITON = "xrf_niton", _("XRF, Niton-style export")
    ICP_OES = "icp_oes", _("ICP-OES, impurities CSV")
    MT_SICS = "mt_sics", _("Balance, Mettler Toledo MT-SICS")


class ImportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Processing")
    AWAITING = "awaiting", _("Waiting for a technician")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Refused")


class ResultImport(models.Model):
    """A result file from an instrument, kept exactly as received with its SHA-256, and what became of each
    of its lines. Written only through `instruments.services.imports`."""

    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    instrument = models.ForeignKey(
        "instruments.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="imports",
    )
    format = models.CharField(_("format"), max_length=16, choices=ImportFormat.choices, blank=True)
    file = models.FileField(_("file"), upload_to="instruments/imports/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("size, bytes"))
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    uploaded_by = user_fk(_("uploaded by"))
    uploaded_via = models.ForeignKey(
        "instruments.InstrumentToken",
        verbose_name=_("uploaded with the token"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="imports",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.RECEIVED
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    error = models.JSONField(_("why the file was refused"), default=dict, blank=True)
    meta = models.JSONField(_("from the file's header"), default=dict, blank=True)
    # The determinations read from the file (`instruments.importing.Entry` as JSON), recorded one by one.
    entries = models.JSONField(_("determinations read"), default=list, blank=True)
    rows_imported = models.PositiveIntegerField(_("lines imported"), default=0)
    rows_rejected = models.PositiveIntegerField(_("lines rejected"), default=0)
    rows_skipped = models.PositiveIntegerField(_("lines skipped"), default=0)
    results_created = models.PositiveIntegerField(_("results created"), default=0)
    applied_by = user_fk(_("results recorded by"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("result file import")
        verbose_name_plural = _("result file imports")
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "uploaded_at"]),
            models.Index(fields=["instrument", "uploaded_at"]),
            models.Index(fields=["organization", "file_sha256"]),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)


class ImportOutcome(models.TextChoices):
    IMPORTED = "imported", _("Imported")
    READ = "read", _("Read")
    REJECTED = "rejected", _("Rejected")
    SKIPPED = "skipped", _("Skipped")


class ImportRow(models.Model):
    """One line of an imported file: the values read, the item it was matched to and the result it gave, or
    the reason it was rejected or skipped (a stable code with its parameters, shown in the reader's
    language)."""

    result_import = models.ForeignKey(
        ResultImport, verbose_name=_("import"), on_delete=models.CASCADE, related_name="rows"
    )
    line = models.PositiveIntegerField(_("line"))
    sample = models.CharField(_("sample ID"), max_length=80, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=ImportOutcome.choices)
    code = models.CharField(_("reason"), max_length=40, blank=True)
    params = models.JSONField(_("reason details"), default=dict, blank=True)
    text = models.CharField(_("line as read"), max_length=200, blank=True)
    values = models.JSONField(_("values read"), default=dict, blank=True)
    item = models.ForeignKey(
        "intake.Item",
        verbose_name=_("item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.ForeignKey(
        "assay.Result",
        verbose_name=_("result"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("imported line")
        verbose_name_plural = _("imported lines")
        ordering = ["result_import_id", "line", "id"]
        indexes = [models.Index(fields=["result_import", "outcome", "line"])]

    def __str__(self) -> str:
        return f"{self.result_import_id}:{self.line} {self.outcome}"
