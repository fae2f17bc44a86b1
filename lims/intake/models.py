from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lims.core.choices import DeadlineState, Metal


class ApplicantKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual (IIN)")
    LEGAL_ENTITY = "legal_entity", _("Legal entity (BIN)")


class Applicant(models.Model):
    """Whoever applies for expertise: an importer, exporter, jewelry producer or any owner."""

    kind = models.CharField(_("kind"), max_length=16, choices=ApplicantKind.choices)
    name = models.CharField(_("name"), max_length=200)
    identifier = models.CharField(
        _("IIN / BIN"), max_length=12, unique=True, help_text=_("12 digits with a valid check digit.")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_national_bank = models.BooleanField(
        _("National Bank of Kazakhstan"),
        default=False,
        help_text=_("Exempt from special registration (R11) and from state control (R12)."),
    )

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.identifier})"

    def clean(self):
        from lims.intake.validators import clean_identifier

        if self.identifier:
            try:
                self.identifier = clean_identifier(self.kind, self.identifier)
            except ValidationError as error:
                raise ValidationError({"identifier": error}) from error


class Purpose(models.TextChoices):
    """Why expertise is requested (rule R2)."""

    IMPORT = "import", _("Import from outside the EAEU")
    EXPORT = "export", _("Export outside the EAEU")
    DOMESTIC_HALLMARKING = "domestic", _("Domestic hallmarking")
    VOLUNTARY = "voluntary", _("Voluntary")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_TESTING = "in_testing", _("In testing")
    TESTED = "tested", _("Results ready")
    REVIEW = "review", _("Conclusion in review")
    ISSUED = "issued", _("Conclusion issued")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Items and results may change only while the application is editable; once a conclusion is reviewed its
# findings are frozen (until it is returned, or an amendment reopens the application).
EDITABLE_STATUSES = (ApplicationStatus.RECEIVED, ApplicationStatus.IN_TESTING, ApplicationStatus.TESTED)
# Open: the conclusion is still owed, so the five-working-day deadline (R1) runs.
OPEN_STATUSES = (*EDITABLE_STATUSES, ApplicationStatus.REVIEW)


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Application(models.Model):
    """A request for expertise: one applicant, one organization, many items. Changed only by services."""

    number = models.CharField(_("number"), max_length=32, unique=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    applicant = models.ForeignKey(
        Applicant, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="applications"
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    received_at = models.DateTimeField(_("received at"))
    due_at = models.DateTimeField(_("due at"), help_text=_("Five working days from the application (R1)."))
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.RECEIVED
    )
    deadline_state = models.CharField(
        _("deadline"),
        max_length=16,
        choices=DeadlineState.choices,
        default=DeadlineState.ON_TRACK,
        db_index=True,
        help_text=_("As of the last deadline scan (R1)."),
    )
    deadline_flagged_at = models.DateTimeField(
        _("deadline flagged at"),
        null=True,
        blank=True,
        help_text=_("When the last scan found the application due soon or overdue."),
    )
    notes = models.TextField(_("notes"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "status", "due_at"]),
            models.Index(fields=["organization", "-received_at"]),
            models.Index(fields=["applicant", "-received_at"]),
            models.Index(fields=["due_at"]),
            models.Index(fields=["purpose"]),
            # The worksheet's page starts from the few editable applications, not from a walk of every
            # closed one in id order (docs/BENCHMARKS.md, L1).
            models.Index(
                fields=["id"], condition=models.Q(status__in=EDITABLE_STATUSES), name="application_editable"
            ),
            # The at-risk list and the backlog over every laboratory: open applications by due date (D1).
            models.Index(
                fields=["due_at", "id"],
                include=["organization", "status"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="application_open_due",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ItemCategory(models.TextChoices):
    JEWELRY = "jewelry", _("Jewelry or other article")
    PRECIOUS_STONE = "precious_stone", _("Precious stone")
    ROUGH_DIAMOND = "rough_diamond", _("Rough diamond")
    BAR = "bar", _("Bar")
    COIN = "coin", _("Coin")
    RAW_GOODS = "raw_goods", _("Raw goods")


class ItemStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    TESTED = "tested", _("Tested")


class Item(models.Model):
    """One article, stone, bar, coin or lot handed over for expertise."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="items"
    )
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    lab_number = models.CharField(_("lab number"), max_length=32, unique=True)
    category = models.CharField(_("category"), max_length=16, choices=ItemCategory.choices)
    # The article's own code (a producer's tag barcode), by which an instrument file may name it.
    barcode = models.CharField(_("barcode"), max_length=64, blank=True)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    gross_mass_g = models.DecimalField(
        _("gross mass, g"),
        max_digits=12,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    declared_metal = models.CharField(_("declared metal"), max_length=2, choices=Metal.choices, blank=True)
    declared_fineness = models.DecimalField(
        _("declared fineness, ‰"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("1000"))],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.REGISTERED
    )

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["application_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "sequence"], name="uniq_item_sequence_per_org_year"
            ),
            models.CheckConstraint(condition=models.Q(gross_mass_g__gt=0), name="item_gross_mass_positive"),
            models.CheckConstraint(
                condition=models.Q(declared_fineness__isnull=True)
                | models.Q(declared_fineness__gt=0, declared_fineness__lte=1000),
                name="item_declared_fineness_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "category"]),
            models.Index(fields=["organization", "barcode"]),
            # The worksheet's queue: a laboratory's items by status and category (the paginator's count).
            models.Index(fields=["organization", "status", "category"], name="item_queue"),
            # The dashboard's category filter: does the application hold an item of this category?
            models.Index(fields=["application", "category"], name="item_application_category"),
        ]

    def __str__(self) -> str:
        return self.lab_number
