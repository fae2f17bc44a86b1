from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lims.assay.models import Method
from lims.core.fields import user_fk


class InstrumentType(models.TextChoices):
    XRF = "xrf", _("XRF spectrometer")
    ANALYTICAL_BALANCE = "balance", _("Analytical balance")
    HYDROSTATIC_BALANCE = "hydrostatic_balance", _("Hydrostatic balance")
    REFRACTOMETER = "refractometer", _("Refractometer")
    POLARISCOPE = "polariscope", _("Polariscope")
    UV_LAMP = "uv_lamp", _("UV lamp")
    FTIR = "ftir", _("FTIR spectrometer")
    RAMAN = "raman", _("Raman spectrometer")
    UV_VIS = "uv_vis", _("UV-Vis spectrometer")
    ICP_OES = "icp_oes", _("ICP-OES spectrometer")
    MUFFLE_FURNACE = "muffle_furnace", _("Muffle furnace")
    XRAY = "xray", _("X-ray unit for pearls")


# Indicators (a polariscope, a UV lamp) measure nothing: they are kept in working order, not calibrated.
# Every other type needs a calibration, verification or attestation valid on the day it is used.
CALIBRATED_TYPES = frozenset(InstrumentType) - {InstrumentType.POLARISCOPE, InstrumentType.UV_LAMP}


class InstrumentStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("In service")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")
    RETIRED = "retired", _("Retired")


class InstrumentUse(models.TextChoices):
    """What an instrument serves: the assay methods, and the stone and hallmark examinations."""

    FIRE_ASSAY = Method.FIRE_ASSAY.value, Method.FIRE_ASSAY.label
    SILVER_TITRATION = Method.SILVER_TITRATION.value, Method.SILVER_TITRATION.label
    PLATINUM_GRAVIMETRIC = Method.PLATINUM_GRAVIMETRIC.value, Method.PLATINUM_GRAVIMETRIC.label
    PALLADIUM_GRAVIMETRIC = Method.PALLADIUM_GRAVIMETRIC.value, Method.PALLADIUM_GRAVIMETRIC.label
    ICP_BY_DIFFERENCE = Method.ICP_BY_DIFFERENCE.value, Method.ICP_BY_DIFFERENCE.label
    XRF = Method.XRF.value, Method.XRF.label
    GEM_RI = "gem_ri", _("Stones: refractive index")
    GEM_SG = "gem_sg", _("Stones: specific gravity")
    GEM_OPTIC = "gem_optic", _("Stones: optic character")
    GEM_UV = "gem_uv", _("Stones: UV fluorescence")
    GEM_SPECTRUM = "gem_spectrum", _("Stones: spectroscopy")
    PEARL_XRAY = "pearl_xray", _("Pearls: X-ray structure")
    HALLMARK = "hallmark", _("Hallmark examination")


# What a newly registered instrument of a type serves, until the laboratory says otherwise.
DEFAULT_USES = {
    InstrumentType.XRF: [InstrumentUse.XRF],
    InstrumentType.ANALYTICAL_BALANCE: [
        InstrumentUse.FIRE_ASSAY,
        InstrumentUse.SILVER_TITRATION,
        InstrumentUse.PLATINUM_GRAVIMETRIC,
        InstrumentUse.PALLADIUM_GRAVIMETRIC,
    ],
    InstrumentType.HYDROSTATIC_BALANCE: [InstrumentUse.GEM_SG],
    InstrumentType.REFRACTOMETER: [InstrumentUse.GEM_RI],
    InstrumentType.POLARISCOPE: [InstrumentUse.GEM_OPTIC],
    InstrumentType.UV_LAMP: [InstrumentUse.GEM_UV],
    InstrumentType.FTIR: [InstrumentUse.GEM_SPECTRUM],
    InstrumentType.RAMAN: [InstrumentUse.GEM_SPECTRUM],
    InstrumentType.UV_VIS: [InstrumentUse.GEM_SPECTRUM],
    InstrumentType.ICP_OES: [InstrumentUse.ICP_BY_DIFFERENCE],
    InstrumentType.MUFFLE_FURNACE: [InstrumentUse.FIRE_ASSAY],
    InstrumentType.XRAY: [InstrumentUse.PEARL_XRAY],
}


class Instrument(models.Model):
    """A measuring instrument or item of test equipment of a laboratory. Whether it may be used today is
    `instruments.gate.usage_blockers`: in service, calibrated (if its type is), last QC check passed."""

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
    location = models.CharField(_("location"), max_length=120, blank=True)
    responsible = user_fk(_("responsible person"))
    uses = models.JSONField(_("methods served"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=InstrumentStatus.choices, default=InstrumentStatus.IN_SERVICE
    )
    status_reason = models.CharField(_("reason for the status"), max_length=500, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "serial_number"], name="uniq_instrument_serial_per_org"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["organization", "type"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.serial_number})"

    @property
    def needs_calibration(self) -> bool:
        return self.type in CALIBRATED_TYPES

    def get_uses_display(self) -> list[str]:
        labels = dict(InstrumentUse.choices)
        return [str(labels.get(code, code)) for code in self.uses]


class CalibrationKind(models.TextChoices):
    CALIBRATION = "calibration", _("Calibration")
    VERIFICATION = "verification", _("Verification")
    ATTESTATION = "attestation", _("Attestation of test equipment")


class CalibrationRecord(models.Model):
    """A calibration certificate, a verification (поверка) record or an attestation of test equipment, with
    its validity. Kept as recorded; a new record is added for each new certificate."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="calibrations"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CalibrationKind.choices)
    certificate_number = models.CharField(_("certificate number"), max_length=80)
    performed_on = models.DateField(_("date"))
    valid_until = models.DateField(_("valid until"))
    provider = models.CharField(_("provider"), max_length=200)
    file = models.FileField(_("certificate file"), upload_to="instruments/calibrations/%Y/", blank=True)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    recorded_by = user_fk(_("recorded by"), null=False, blank=False)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calibration or verification record")
        verbose_name_plural = _("calibration and verification records")
        ordering = ["instrument_id", "-performed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("performed_on")),
                name="calibration_valid_after_performed",
            )
        ]
        indexes = [models.Index(fields=["instrument", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.certificate_number} ({self.valid_until})"


class InstrumentToken(models.Model):
    """A key with which an instrument's PC posts result files for that instrument, and nothing else. Only its
    SHA-256 is stored; the key is shown once, when it is made."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="tokens"
    )
    label = models.CharField(_("label"), max_length=120)
    prefix = models.CharField(_("key begins with"), max_length=8)
    key_sha256 = models.CharField(_("SHA-256 of the key"), max_length=64, unique=True)
    created_by = user_fk(_("created by"), null=False, blank=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_by = user_fk(_("revoked by"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("instrument token")
        verbose_name_plural = _("instrument tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
