from django.db import models
from django.utils.translation import gettext_lazy as _

from lims.core.fields import user_fk


class ReferenceMaterial(models.Model):
    """A certified reference material, a check weight or an in-house control sample, with its certificate
    and expiry. Its certified values (one per analyte) are what QC checks are measured against."""

    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="reference_materials",
    )
    name = models.CharField(_("name"), max_length=160)
    producer = models.CharField(_("producer"), max_length=160, blank=True)
    lot = models.CharField(_("lot or serial"), max_length=80, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=80, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    registered_by = user_fk(_("registered by"), null=False, blank=False)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reference material")
        verbose_name_plural = _("reference materials")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["organization", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.name} {self.lot}".strip()


class AnalyteUnit(models.TextChoices):
    PERMILLE = "permille", "‰"
    PERCENT = "percent", "%"
    MG = "mg", _("mg")
    G = "g", _("g")
    MG_PER_KG = "mg_kg", _("mg/kg")
    CARAT = "ct", _("ct")
    RI = "ri", _("refractive index")
    SG = "sg", _("specific gravity")


class CertifiedValue(models.Model):
    """One certified value of a reference material: the analyte (Au, Ag, a mass…), its value with the
    expanded uncertainty (k=2), and the laboratory's QC tolerance: a check passes when the measured value
    lies within ± tolerance of the certified one."""

    reference_material = models.ForeignKey(
        ReferenceMaterial,
        verbose_name=_("reference material"),
        on_delete=models.PROTECT,
        related_name="certified_values",
    )
    analyte = models.CharField(_("analyte"), max_length=40)
    unit = models.CharField(_("unit"), max_length=12, choices=AnalyteUnit.choices)
    value = models.DecimalField(_("certified value"), max_digits=14, decimal_places=6)
    uncertainty = models.DecimalField(_("expanded uncertainty (k=2)"), max_digits=14, decimal_places=6)
    tolerance = models.DecimalField(_("QC tolerance, ±"), max_digits=14, decimal_places=6)

    class Meta:
        verbose_name = _("certified value")
        verbose_name_plural = _("certified values")
        ordering = ["reference_material_id", "analyte"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference_material", "analyte", "unit"], name="uniq_certified_value_analyte"
            ),
            models.CheckConstraint(
                condition=models.Q(uncertainty__gte=0, tolerance__gt=0),
                name="certified_value_limits_positive",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.reference_material} · {self.analyte} {self.value.normalize():f} {self.get_unit_display()}"
        )


class QcCheck(models.Model):
    """An instrument measured a reference material: the measured value against the certified one, with the
    certified value and tolerance as they were at the time, the deviation and the verdict."""

    instrument = models.ForeignKey(
        "instruments.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="qc_checks",
    )
    certified_value = models.ForeignKey(
        CertifiedValue, verbose_name=_("certified value"), on_delete=models.PROTECT, related_name="qc_checks"
    )
    measured = models.DecimalField(_("measured value"), max_digits=14, decimal_places=6)
    certified = models.DecimalField(_("certified value"), max_digits=14, decimal_places=6)
    tolerance = models.DecimalField(_("tolerance, ±"), max_digits=14, decimal_places=6)
    deviation = models.DecimalField(_("deviation"), max_digits=14, decimal_places=6)
    passed = models.BooleanField(_("passed"))
    performed_at = models.DateTimeField(_("performed at"))
    performed_by = user_fk(_("performed by"), null=False, blank=False)
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("QC check")
        verbose_name_plural = _("QC checks")
        ordering = ["instrument_id", "-performed_at", "-id"]
        indexes = [
            models.Index(fields=["instrument", "performed_at"]),
            models.Index(fields=["certified_value", "instrument", "performed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.certified_value.analyte} {self.measured.normalize():f}"
