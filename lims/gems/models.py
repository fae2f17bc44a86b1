from django.db import models
from django.utils.translation import gettext_lazy as _


class OpticCharacter(models.TextChoices):
    ISOTROPIC = "isotropic", _("Isotropic")
    UNIAXIAL_POSITIVE = "uniaxial+", _("Uniaxial positive")
    UNIAXIAL_NEGATIVE = "uniaxial-", _("Uniaxial negative")
    BIAXIAL_POSITIVE = "biaxial+", _("Biaxial positive")
    BIAXIAL_NEGATIVE = "biaxial-", _("Biaxial negative")
    AGGREGATE = "aggregate", _("Aggregate")
    AMORPHOUS = "amorphous", _("Amorphous")


class MaterialKind(models.TextChoices):
    NATURAL = "natural", _("Natural")
    SYNTHETIC = "synthetic", _("Synthetic")
    IMITATION = "imitation", _("Imitation")
    ORGANIC = "organic", _("Organic")


class GemConstant(models.Model):
    """Identification constants of a gem material (reference data from reference/gems-and-kimberley.md §1,
    editable in the admin). RI empty means over the limit of a standard refractometer (OTL) or not
    applicable; `verified` is False where the reference marks the value secondary or unverified."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    species = models.CharField(_("species"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=MaterialKind.choices)
    ri_min = models.DecimalField(_("RI from"), max_digits=5, decimal_places=3, null=True, blank=True)
    ri_max = models.DecimalField(_("RI to"), max_digits=5, decimal_places=3, null=True, blank=True)
    birefringence_min = models.DecimalField(
        _("birefringence from"), max_digits=5, decimal_places=3, null=True, blank=True
    )
    birefringence_max = models.DecimalField(
        _("birefringence to"), max_digits=5, decimal_places=3, null=True, blank=True
    )
    optic_character = models.CharField(_("optic character"), max_length=10, choices=OpticCharacter.choices)
    sg_min = models.DecimalField(_("SG from"), max_digits=5, decimal_places=3)
    sg_max = models.DecimalField(_("SG to"), max_digits=5, decimal_places=3)
    mohs = models.CharField(_("Mohs hardness"), max_length=20, blank=True)
    colour_change = models.BooleanField(_("colour change"), default=False)
    key_features = models.TextField(_("key features"), blank=True)
    verified = models.BooleanField(_("verified against the source"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("gem constant")
        verbose_name_plural = _("gem constants")
        ordering = ["species", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(sg_min__lte=models.F("sg_max")), name="gem_sg_range"),
            models.CheckConstraint(
                condition=models.Q(ri_min__isnull=True)
                | models.Q(ri_max__isnull=True)
                | models.Q(ri_min__lte=models.F("ri_max")),
                name="gem_ri_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name
