from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lims.assay.methods import MethodCode
from lims.core.choices import Metal


class Method(models.TextChoices):
    """Assay methods (reference/assay-and-hallmarking.md §2); codes from `lims.assay.methods`."""

    FIRE_ASSAY = MethodCode.FIRE_ASSAY.value, _("Gold, fire assay (ISO 11426)")
    SILVER_TITRATION = MethodCode.SILVER_TITRATION.value, _("Silver, potentiometric titration (ISO 11427)")
    PLATINUM_GRAVIMETRIC = MethodCode.PLATINUM_GRAVIMETRIC.value, _("Platinum, gravimetric (ISO 11210)")
    PALLADIUM_GRAVIMETRIC = MethodCode.PALLADIUM_GRAVIMETRIC.value, _("Palladium, gravimetric (ISO 11490)")
    ICP_BY_DIFFERENCE = (
        MethodCode.BY_DIFFERENCE.value,
        _("High purity by difference, ICP-OES (ISO 15093/15096)"),
    )
    XRF = MethodCode.XRF.value, _("XRF screening")


FINENESS_VALIDATORS = [MinValueValidator(Decimal("0.0")), MaxValueValidator(Decimal("1000.0"))]


class StandardFineness(models.Model):
    """A standard fineness of a metal (reference data, editable in the admin). `verified` is False where the
    reference file marks the value [U]: an administrator should confirm it against СТ РК 967."""

    metal = models.CharField(_("metal"), max_length=2, choices=Metal.choices)
    value = models.DecimalField(
        _("fineness, ‰"), max_digits=5, decimal_places=1, validators=FINENESS_VALIDATORS
    )
    active = models.BooleanField(_("in use"), default=True)
    verified = models.BooleanField(_("verified against the source"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("standard fineness")
        verbose_name_plural = _("standard finenesses")
        ordering = ["metal", "value"]
        constraints = [models.UniqueConstraint(fields=["metal", "value"], name="uniq_standard_fineness")]

    def __str__(self) -> str:
        return f"{self.metal} {self.value.normalize():f}"


class MethodSetting(models.Model):
    """Per-method limits kept as data (reference §2: not retrieved from the standards, so editable):
    replicates needed, agreement limit (max − min), expanded uncertainty, gravimetric factor."""

    method = models.CharField(_("method"), max_length=16, choices=Method.choices, unique=True)
    minimum_replicates = models.PositiveSmallIntegerField(
        _("replicates needed"), default=2, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    agreement_limit = models.DecimalField(
        _("agreement limit, ‰"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    expanded_uncertainty = models.DecimalField(
        _("expanded uncertainty U (k=2), ‰"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    gravimetric_factor = models.DecimalField(
        _("gravimetric factor"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    verified = models.BooleanField(_("verified against the source"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("method setting")
        verbose_name_plural = _("method settings")
        ordering = ["method"]

    def __str__(self) -> str:
        return self.get_method_display()


class AssayPolicy(models.Model):
    """A laboratory's documented choice: whether the expanded uncertainty is subtracted from the measured
    fineness before it is compared with standards (guarded acceptance). Without a row, it is not."""

    organization = models.OneToOneField(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="assay_policy",
    )
    subtract_uncertainty = models.BooleanField(
        _("subtract measurement uncertainty before comparing"), default=False
    )
    document = models.CharField(_("policy document"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("assay policy")
        verbose_name_plural = _("assay policies")

    def __str__(self) -> str:
        return str(self.organization)


class ResultStatus(models.TextChoices):
    ENTERED = "entered", _("Entered")
    VERIFIED = "verified", _("Verified")
    INVALIDATED = "invalidated", _("Invalidated")


CURRENT_RESULT = ~models.Q(status=ResultStatus.INVALIDATED)


# What the dashboard reads of the results entered and verified in a period (see its indexes); the id too,
# which it counts.
ENTERED_COLUMNS = [
    "id",
    "recorded_by",
    "method",
    "status",
    "metal",
    "declared_fineness",
    "conforms",
    "application",
    "applicant",
]
VERIFIED_COLUMNS = ["id", "verified_by", "application"]


class Result(models.Model):
    """One determination of an item's fineness by one method: the raw measurements as entered, each
    replicate's fineness, agreement, and the verdict against the standards. Written only through
    `lims.assay.services`; invalidated (with a reason), never edited or deleted."""

    item = models.ForeignKey(
        "intake.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="results"
    )
    # The item's, copied when the result is recorded (none ever changes), so that the dashboard's
    # aggregates over a laboratory's results read one indexed table instead of joining every item.
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        "intake.Application", verbose_name=_("application"), on_delete=models.PROTECT, related_name="+"
    )
    applicant = models.ForeignKey(
        "intake.Applicant", verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="+"
    )
    metal = models.CharField(_("metal"), max_length=2, choices=Metal.choices)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ResultStatus.choices, default=ResultStatus.ENTERED
    )
    raw = models.JSONField(_("raw measurements"), default=dict, blank=True)
    replicate_values = models.JSONField(_("replicate finenesses, ‰"), default=list, blank=True)
    spread = models.DecimalField(_("spread, ‰"), max_digits=9, decimal_places=4, null=True, blank=True)
    correction_mg = models.DecimalField(
        _("proof correction, mg"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    # The reported mean, half-even to 0.1 ‰; empty when the replicates disagree (repeat required).
    fineness = models.DecimalField(
        _("fineness, ‰"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=FINENESS_VALIDATORS,
    )
    repeat_required = models.BooleanField(_("repeat required"), default=False)
    # The verdict, as judged when the result was recorded (standards and policy of that moment).
    declared_fineness = models.DecimalField(
        _("declared fineness, ‰"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    judged_fineness = models.DecimalField(
        _("judged fineness, ‰"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    uncertainty = models.DecimalField(
        _("uncertainty subtracted, ‰"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    conforms = models.BooleanField(_("conforms to the declared fineness"), null=True, blank=True)
    assignable_standard = models.DecimalField(
        _("assignable standard, ‰"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    is_precious_article = models.BooleanField(_("precious-metal article"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    instrument = models.ForeignKey(
        "instruments.Instrument",
        verbose_name=_("instrument"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="results",
    )
    source_import = models.ForeignKey(
        "instruments.ResultImport",
        verbose_name=_("from the instrument file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="results",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    invalidated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invalidated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    invalidated_at = models.DateTimeField(_("invalidated at"), null=True, blank=True)
    invalidation_reason = models.TextField(_("reason for invalidation"), blank=True)
    retest_of = models.ForeignKey(
        "self",
        verbose_name=_("retest of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="retests",
    )

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["item_id", "recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fineness__isnull=True) | models.Q(fineness__gte=0, fineness__lte=1000),
                name="result_fineness_in_range",
            ),
            # One current determination per item, metal and method; a retest invalidates the old one first.
            models.UniqueConstraint(
                fields=["item", "metal", "method"], condition=CURRENT_RESULT, name="uniq_current_result"
            ),
            # The one who entered a result never verifies it.
            models.CheckConstraint(
                condition=models.Q(verified_by__isnull=True) | ~models.Q(verified_by=models.F("recorded_by")),
                name="result_verifier_not_enterer",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ResultStatus.INVALIDATED) | ~models.Q(invalidation_reason=""),
                name="result_invalidation_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["recorded_by", "recorded_at"]),
            models.Index(fields=["item", "status"]),
            models.Index(fields=["status", "method"]),
            # The dashboard's period filters (results entered, results verified), of one laboratory or all,
            # covering the columns it groups by: PostgreSQL answers from the index alone (SQLite ignores
            # `include`).
            models.Index(
                fields=["organization", "recorded_at"], include=ENTERED_COLUMNS, name="result_org_entered"
            ),
            models.Index(
                fields=["recorded_at"], include=["organization", *ENTERED_COLUMNS], name="result_entered"
            ),
            models.Index(
                fields=["organization", "verified_at"], include=VERIFIED_COLUMNS, name="result_org_verified"
            ),
            models.Index(
                fields=["verified_at"], include=["organization", *VERIFIED_COLUMNS], name="result_verified"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.metal} {self.fineness if self.fineness is not None else '—'} ‰"

    @property
    def decisive(self) -> bool:
        return self.method != Method.XRF


class CoinOrBar(models.TextChoices):
    COIN = "coin", _("Coin")
    STANDARD_BAR = "standard", _("Standard bar or plate")
    MEASURED_BAR = "measured", _("Measured bar or plate")


class InvestmentAssessment(models.Model):
    """Whether a coin or bar is investment gold (Law art.1 p.15), with the inputs the Law's criteria need and
    the verdict with every reason. The fineness comes from the item's verified decisive gold result."""

    item = models.ForeignKey(
        "intake.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="investment_assessments"
    )
    result = models.ForeignKey(Result, verbose_name=_("result"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=CoinOrBar.choices)
    fine_gold_g = models.DecimalField(
        _("fine gold, g"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    # Coins
    minted_year = models.PositiveSmallIntegerField(_("year minted"), null=True, blank=True)
    proof_quality = models.BooleanField(_("proof quality"), null=True, blank=True)
    mintage = models.PositiveIntegerField(_("mintage (empty: unlimited)"), null=True, blank=True)
    market_price_kzt = models.DecimalField(
        _("market price, KZT"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    sale_date = models.DateField(_("sale date"), null=True, blank=True)
    gold_value_kzt = models.DecimalField(
        _("gold-content value, KZT"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Bars and plates
    refined = models.BooleanField(_("refined"), null=True, blank=True)
    made_to_standard = models.BooleanField(
        _("made to a national or international standard"), null=True, blank=True
    )
    markings = models.JSONField(_("markings present"), default=list, blank=True)
    serial_contains_year = models.BooleanField(_("year is part of the serial number"), default=False)
    # Verdict
    is_investment_gold = models.BooleanField(_("investment gold"))
    reasons = models.JSONField(_("reasons"), default=list)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), auto_now_add=True)
    current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("investment-gold assessment")
        verbose_name_plural = _("investment-gold assessments")
        ordering = ["item_id", "-assessed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(current=True), name="uniq_current_investment_assessment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.get_kind_display()}"
