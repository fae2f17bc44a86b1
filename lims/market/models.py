"""Market data the investment-gold classifier needs (issue 3): the LBMA Gold Price AM and the tenge
exchange rate, one stored value per date. Written only by `lims.market.services`."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

LBMA_GOLD_AM = "LBMA Gold Price AM"
NATIONAL_BANK_KZ = "National Bank of Kazakhstan"

currency_code = RegexValidator(r"^[A-Z]{3}\Z", _("Enter a three-letter ISO 4217 currency code, e.g. USD."))


class GoldPrice(models.Model):
    """The LBMA Gold Price AM of one date, in US dollars per troy ounce."""

    date = models.DateField(_("date"), unique=True)
    usd_per_troy_ounce = models.DecimalField(_("USD per troy ounce"), max_digits=12, decimal_places=3)
    source = models.CharField(_("source"), max_length=120, default=LBMA_GOLD_AM)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("gold price")
        verbose_name_plural = _("gold prices")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(usd_per_troy_ounce__gt=0), name="market_gold_price_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}: {self.usd_per_troy_ounce} USD/oz t"


class ExchangeRate(models.Model):
    """The official rate of one currency against the tenge on one date: how many KZT one unit buys."""

    date = models.DateField(_("date"))
    currency = models.CharField(_("currency"), max_length=3, default="USD", validators=[currency_code])
    kzt_per_unit = models.DecimalField(_("KZT per unit"), max_digits=12, decimal_places=4)
    source = models.CharField(_("source"), max_length=120, default=NATIONAL_BANK_KZ)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["-date", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="market_uniq_rate_per_currency_date"),
            models.CheckConstraint(condition=models.Q(kzt_per_unit__gt=0), name="market_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}: 1 {self.currency} = {self.kzt_per_unit} KZT"


class MarketDataKind(models.TextChoices):
    PRICES = "prices", _("LBMA gold prices")
    RATES = "rates", _("Exchange rates")


def upload_path(instance: "MarketDataUpload", filename: str) -> str:
    return f"market/uploads/{instance.kind}/{instance.sha256[:16]}-{filename}"


class MarketDataUpload(models.Model):
    """A CSV file as it was uploaded, kept with its checksum and what the import made of it, whether or
    not any line was accepted. Never edited."""

    kind = models.CharField(_("kind"), max_length=16, choices=MarketDataKind.choices)
    file = models.FileField(_("file"), upload_to=upload_path, max_length=255)
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("market data upload")
        verbose_name_plural = _("market data uploads")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"

    @property
    def rejected(self) -> list[dict]:
        return self.summary.get("rejected", [])
