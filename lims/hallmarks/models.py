from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lims.assay.models import FINENESS_VALIDATORS
from lims.core.choices import Metal
from lims.hallmarks import authenticity, codes
from lims.hallmarks.messages import code_error_message
from lims.intake.models import ApplicantKind


class NameMarkStatus(models.TextChoices):
    ACTIVE = authenticity.ACTIVE, _("Active")
    SUSPENDED = authenticity.SUSPENDED, _("Suspended")
    REVOKED = authenticity.REVOKED, _("Revoked")


class NameMark(models.Model):
    """A producer's name mark (атаулы таңба, Law art.1 p.4) as registered with an accredited organization
    (art.6 p.5-5), with the e-mail the producer gives for notices of desk control (rule R13). Registered and
    its status changed only through `lims.hallmarks.services`."""

    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("registered with"),
        on_delete=models.PROTECT,
        related_name="name_marks",
    )
    producer_kind = models.CharField(_("producer is"), max_length=16, choices=ApplicantKind.choices)
    producer_name = models.CharField(_("producer"), max_length=200)
    producer_identifier = models.CharField(
        _("producer IIN / BIN"), max_length=12, help_text=_("12 digits with a valid check digit.")
    )
    code = models.CharField(
        _("mark code"), max_length=codes.CODE_MAX_LENGTH, unique=True, help_text=_("Upper-case, no spaces.")
    )
    # The code with Cyrillic look-alikes folded to Latin (codes.match_key): two marks that read the same on a
    # stamp cannot both be registered, and an observed code finds its mark in either script.
    code_key = models.CharField(max_length=codes.CODE_MAX_LENGTH, unique=True, editable=False)
    image = models.ImageField(_("impression image"), upload_to="hallmarks/name-marks/%Y/", blank=True)
    email = models.EmailField(_("e-mail for notices"))
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=NameMarkStatus.choices, default=NameMarkStatus.ACTIVE
    )
    status_reason = models.TextField(_("reason for the status"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("name mark")
        verbose_name_plural = _("name marks")
        ordering = ["code"]
        constraints = [
            # A suspended or revoked mark always says why.
            models.CheckConstraint(
                condition=Q(status=NameMarkStatus.ACTIVE) | ~Q(status_reason=""),
                name="name_mark_status_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=NameMarkStatus.values), name="name_mark_status_known"
            ),
        ]
        indexes = [
            models.Index(fields=["producer_identifier"]),
            models.Index(fields=["producer_name"]),
            models.Index(fields=["status"]),
            models.Index(fields=["organization", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.producer_name}"


class AssayMark(models.Model):
    """An assay mark of established pattern (Law art.1 p.21): which office strikes it, for which metal and
    fineness figure, in which period. Reference data kept in the Django admin; `verified` is False until an
    administrator has confirmed the entry against the official register (the demo entries are invented)."""

    office_code = models.CharField(_("assay-office code"), max_length=codes.CODE_MAX_LENGTH)
    metal = models.CharField(_("metal"), max_length=2, choices=Metal.choices)
    fineness = models.DecimalField(
        _("fineness figure, ‰"), max_digits=5, decimal_places=1, validators=FINENESS_VALIDATORS
    )
    valid_from = models.DateField(_("in use from"))
    valid_to = models.DateField(_("in use until"), null=True, blank=True, help_text=_("Empty: still in use."))
    image = models.ImageField(_("reference image"), upload_to="hallmarks/assay-marks/", blank=True)
    description = models.TextField(_("description"), blank=True)
    verified = models.BooleanField(_("verified against the source"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("assay mark")
        verbose_name_plural = _("assay marks")
        ordering = ["metal", "fineness", "office_code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["office_code", "metal", "fineness", "valid_from"], name="uniq_assay_mark_period"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="assay_mark_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(fineness__gt=0, fineness__lte=1000), name="assay_mark_fineness_in_range"
            ),
        ]
        indexes = [
            models.Index(fields=["fineness", "office_code"]),
            models.Index(fields=["metal", "fineness"]),
            models.Index(fields=["office_code"]),
            models.Index(fields=["valid_from", "valid_to"]),
        ]

    def __str__(self) -> str:
        return f"{self.office_code} {self.metal} {self.fineness.normalize():f}"

    def clean(self):
        # Stored as it is matched: upper-case, no spaces (the admin is this record's editor).
        if self.office_code:
            try:
                self.office_code = codes.normalize_code(self.office_code)
            except codes.CodeError as error:
                raise ValidationError({"office_code": code_error_message(error)}) from error

    def in_use_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def entry(self) -> authenticity.AssayMarkEntry:
        return authenticity.AssayMarkEntry(
            self.pk, self.office_code, self.metal, self.fineness, self.valid_from, self.valid_to
        )


class MarkPresence(models.TextChoices):
    PRESENT = authenticity.PRESENT, _("Present")
    ABSENT = authenticity.ABSENT, _("Absent")
    UNREADABLE = authenticity.UNREADABLE, _("Unreadable")


class Verdict(models.TextChoices):
    AUTHENTIC = authenticity.AUTHENTIC, _("Authentic")
    COUNTERFEIT = authenticity.COUNTERFEIT, _("Counterfeit")
    ABSENT = authenticity.ABSENT, _("Mark absent")
    UNREADABLE = authenticity.UNREADABLE, _("Mark unreadable")


class HallmarkCheck(models.Model):
    """One verification of the hallmarks on an article (Law art.1 p.2(c)): what was observed, what it was
    matched with, and the verdict with its reasons (stable codes, see `authenticity`). A re-check supersedes
    the current one, which stays as history. Written only by `hallmark_check_record`."""

    item = models.ForeignKey(
        "intake.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="hallmark_checks"
    )
    assay_mark_presence = models.CharField(_("assay mark"), max_length=12, choices=MarkPresence.choices)
    observed_fineness = models.DecimalField(
        _("fineness figure seen, ‰"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    observed_office_code = models.CharField(
        _("assay-office code seen"), max_length=codes.CODE_MAX_LENGTH, blank=True
    )
    name_mark_presence = models.CharField(_("name mark"), max_length=12, choices=MarkPresence.choices)
    observed_name_code = models.CharField(
        _("name-mark code seen"), max_length=codes.CODE_MAX_LENGTH, blank=True
    )
    stamped_on = models.DateField(_("date of hallmarking, if known"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    assay_mark = models.ForeignKey(
        AssayMark,
        verbose_name=_("matched assay mark"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checks",
    )
    name_mark = models.ForeignKey(
        NameMark,
        verbose_name=_("matched name mark"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checks",
    )
    result = models.ForeignKey(
        "assay.Result",
        verbose_name=_("result compared"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    measured_fineness = models.DecimalField(
        _("measured fineness, ‰"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices)
    reasons = models.JSONField(_("reasons"), default=list)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("hallmark check")
        verbose_name_plural = _("hallmark checks")
        ordering = ["item_id", "-checked_at", "-id"]
        constraints = [
            # One current check per item; a re-check marks the previous one superseded first.
            models.UniqueConstraint(
                fields=["item"], condition=Q(current=True), name="uniq_current_hallmark_check"
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=Verdict.values), name="hallmark_check_verdict_known"
            ),
        ]
        indexes = [
            models.Index(fields=["item", "current"]),
            models.Index(fields=["verdict", "current"]),
            models.Index(fields=["checked_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.verdict}"


class HallmarkingMethod(models.TextChoices):
    IMPACT = "impact", _("Impact stamping")
    LASER = "laser", _("Laser")
    ELECTRO_SPARK = "electro_spark", _("Electro-spark")


class HallmarkedArticle(models.Model):
    """One article of an item that received an assay-mark impression (Law art.1 p.22) after a conforming
    assay, with its public verification ID. An item of quantity n has n rows. Written only by
    `hallmarking_record`."""

    item = models.ForeignKey(
        "intake.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="hallmarked_articles"
    )
    article_number = models.PositiveIntegerField(_("article"), validators=[MinValueValidator(1)])
    verification_id = models.CharField(_("verification ID"), max_length=codes.ID_LENGTH, unique=True)
    assay_mark = models.ForeignKey(
        AssayMark, verbose_name=_("assay mark"), on_delete=models.PROTECT, related_name="articles"
    )
    method = models.CharField(_("method"), max_length=16, choices=HallmarkingMethod.choices)
    result = models.ForeignKey(
        "assay.Result", verbose_name=_("conforming result"), on_delete=models.PROTECT, related_name="+"
    )
    hallmarked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("hallmarked by"), on_delete=models.PROTECT, related_name="+"
    )
    hallmarked_at = models.DateTimeField(_("hallmarked at"), default=timezone.now)

    class Meta:
        verbose_name = _("hallmarked article")
        verbose_name_plural = _("hallmarked articles")
        ordering = ["item_id", "article_number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "article_number"], name="uniq_hallmarked_article_number"),
            models.CheckConstraint(
                condition=Q(article_number__gte=1), name="hallmarked_article_number_positive"
            ),
        ]
        indexes = [models.Index(fields=["hallmarked_at"]), models.Index(fields=["method"])]

    def __str__(self) -> str:
        return f"{self.item} #{self.article_number} {self.display_id}"

    @property
    def display_id(self) -> str:
        return codes.format_verification_id(self.verification_id)
