from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lims.core.choices import Metal


class Method(models.TextChoices):
    """Assay methods (reference/assay-and-hallmarking.md §2)."""

    FIRE_ASSAY = "iso11426", _("Gold, fire assay (ISO 11426)")
    SILVER_TITRATION = "iso11427", _("Silver, potentiometric titration (ISO 11427)")
    PLATINUM_GRAVIMETRIC = "iso11210", _("Platinum, gravimetric (ISO 11210)")
    PALLADIUM_GRAVIMETRIC = "iso11490", _("Palladium, gravimetric (ISO 11490)")
    ICP_BY_DIFFERENCE = "iso15093", _("High purity by difference, ICP-OES (ISO 15093/15096)")
    XRF = "xrf", _("XRF screening")


class Result(models.Model):
    """One fineness determination of an item. Recorded and changed only through `lims.assay.services`;
    frozen once a conclusion cites it."""

    item = models.ForeignKey(
        "intake.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="results"
    )
    metal = models.CharField(_("metal"), max_length=2, choices=Metal.choices)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    fineness = models.DecimalField(
        _("fineness, ‰"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.0")), MaxValueValidator(Decimal("1000.0"))],
    )
    instrument = models.ForeignKey(
        "instruments.Instrument",
        verbose_name=_("instrument"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="results",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["item_id", "recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fineness__gte=0, fineness__lte=1000), name="result_fineness_in_range"
            )
        ]
        indexes = [models.Index(fields=["recorded_by", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.item} {self.metal} {self.fineness} ‰"
