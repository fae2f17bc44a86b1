from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentType(models.TextChoices):
    XRF = "xrf", _("XRF spectrometer")
    ANALYTICAL_BALANCE = "balance", _("Analytical balance")
    HYDROSTATIC_BALANCE = "hydrostatic_balance", _("Hydrostatic balance")
    MUFFLE_FURNACE = "muffle_furnace", _("Muffle furnace")
    ICP_OES = "icp_oes", _("ICP-OES spectrometer")
    REFRACTOMETER = "refractometer", _("Refractometer")


class InstrumentStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("In service")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


class Instrument(models.Model):
    """A measuring instrument of a laboratory. Calibration records and the calibration gate come later."""

    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="instruments",
    )
    name = models.CharField(_("name"), max_length=120)
    type = models.CharField(_("type"), max_length=32, choices=InstrumentType.choices)
    make = models.CharField(_("make"), max_length=80, blank=True)
    model = models.CharField(_("model"), max_length=80, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=80)
    status = models.CharField(
        _("status"), max_length=16, choices=InstrumentStatus.choices, default=InstrumentStatus.IN_SERVICE
    )

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "serial_number"], name="uniq_instrument_serial_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.serial_number})"
