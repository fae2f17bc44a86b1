from django.conf import settings
from django.db import models
from django.utils.translation import get_language
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
    name_kk = models.CharField(_("name in Kazakh"), max_length=100, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=100, blank=True)
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
        return self.localized_name

    @property
    def localized_name(self) -> str:
        """The name in the active language (the English name where no translation is kept)."""
        return getattr(self, f"name_{get_language() or 'en'}"[:7], "") or self.name


# --- The identification record of one stone ----------------------------------------------------------------


class ObservedOptic(models.TextChoices):
    """What the polariscope and conoscope showed; without a sign where it was not determined."""

    ISOTROPIC = "isotropic", _("Isotropic (singly refractive)")
    ANISOTROPIC = "anisotropic", _("Anisotropic (doubly refractive)")
    UNIAXIAL = "uniaxial", _("Uniaxial")
    UNIAXIAL_POSITIVE = "uniaxial+", _("Uniaxial positive")
    UNIAXIAL_NEGATIVE = "uniaxial-", _("Uniaxial negative")
    BIAXIAL = "biaxial", _("Biaxial")
    BIAXIAL_POSITIVE = "biaxial+", _("Biaxial positive")
    BIAXIAL_NEGATIVE = "biaxial-", _("Biaxial negative")
    AGGREGATE = "aggregate", _("Aggregate")
    AMORPHOUS = "amorphous", _("Amorphous")


class Mounting(models.TextChoices):
    LOOSE = "loose", _("Loose")
    MOUNTED = "mounted", _("Mounted")


class Transparency(models.TextChoices):
    TRANSPARENT = "transparent", _("Transparent")
    SEMI_TRANSPARENT = "semi_transparent", _("Semi-transparent")
    TRANSLUCENT = "translucent", _("Translucent")
    OPAQUE = "opaque", _("Opaque")


class StoneStatus(models.TextChoices):
    NATURAL = "natural", _("Natural")
    SYNTHETIC = "synthetic", _("Synthetic")
    IMITATION = "imitation", _("Imitation")
    COMPOSITE = "composite", _("Composite")


class Variety(models.TextChoices):
    RUBY = "ruby", _("Ruby")
    SAPPHIRE = "sapphire", _("Sapphire")
    EMERALD = "emerald", _("Emerald")
    AQUAMARINE = "aquamarine", _("Aquamarine")
    HELIODOR = "heliodor", _("Heliodor")
    MORGANITE = "morganite", _("Morganite")
    GOSHENITE = "goshenite", _("Goshenite")
    ALEXANDRITE = "alexandrite", _("Alexandrite")
    CHRYSOBERYL_CATS_EYE = "chrysoberyl_cats_eye", _("Chrysoberyl cat's-eye")
    CHRYSOBERYL = "chrysoberyl", _("Chrysoberyl")


class PearlType(models.TextChoices):
    NATURAL = "natural", _("Natural pearl")
    BEAD_CULTURED = "bead_cultured", _("Bead cultured pearl")
    NON_BEAD_CULTURED = "non_bead_cultured", _("Non-bead cultured pearl")


# Diamond colour grades D to Z, one member per letter.
DiamondColour = models.TextChoices(
    "DiamondColour", [(letter, letter) for letter in "DEFGHIJKLMNOPQRSTUVWXYZ"]
)


class Clarity(models.TextChoices):
    FL = "FL", "FL"
    IF = "IF", "IF"
    VVS1 = "VVS1", "VVS1"
    VVS2 = "VVS2", "VVS2"
    VS1 = "VS1", "VS1"
    VS2 = "VS2", "VS2"
    SI1 = "SI1", "SI1"
    SI2 = "SI2", "SI2"
    I1 = "I1", "I1"
    I2 = "I2", "I2"
    I3 = "I3", "I3"


class CutGrade(models.TextChoices):
    EXCELLENT = "EX", _("Excellent")
    VERY_GOOD = "VG", _("Very good")
    GOOD = "G", _("Good")
    FAIR = "F", _("Fair")
    POOR = "P", _("Poor")


class Fluorescence(models.TextChoices):
    NONE = "NON", _("None")
    FAINT = "FNT", _("Faint")
    MEDIUM = "MED", _("Medium")
    STRONG = "STG", _("Strong")
    VERY_STRONG = "VST", _("Very strong")


class StoneQuerySet(models.QuerySet):
    def decided(self):
        return self.filter(decided_at__isnull=False)

    def undecided(self):
        return self.filter(decided_at__isnull=True)


class Stone(models.Model):
    """The identification record of one stone, loose or mounted in an item: what was measured, what the
    engine suggested and flagged, and what the technician decided. Written only through
    `lims.gems.services`; the decision (material, status, variety) is gated by evidence and flags."""

    item = models.ForeignKey(
        "intake.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="stones"
    )
    number = models.PositiveSmallIntegerField(_("stone number"))
    mounting = models.CharField(_("mounting"), max_length=8, choices=Mounting.choices, default=Mounting.LOOSE)
    # Weight and measurements: carats from grams × 5 to 0.01 ct; mounted stones may carry an estimate.
    mass_g = models.DecimalField(_("mass, g"), max_digits=9, decimal_places=4, null=True, blank=True)
    carats = models.DecimalField(_("weight, ct"), max_digits=9, decimal_places=2, null=True, blank=True)
    weight_estimated = models.BooleanField(_("weight estimated (mounted)"), default=False)
    length_mm = models.DecimalField(_("length, mm"), max_digits=6, decimal_places=2, null=True, blank=True)
    width_mm = models.DecimalField(_("width, mm"), max_digits=6, decimal_places=2, null=True, blank=True)
    depth_mm = models.DecimalField(_("depth, mm"), max_digits=6, decimal_places=2, null=True, blank=True)
    shape = models.CharField(_("shape and cutting style"), max_length=100, blank=True)
    colour = models.CharField(_("colour"), max_length=100, blank=True)
    transparency = models.CharField(
        _("transparency"), max_length=16, choices=Transparency.choices, blank=True
    )
    # Gemmological measurements.
    ri_min = models.DecimalField(
        _("RI, lowest reading"), max_digits=5, decimal_places=3, null=True, blank=True
    )
    ri_max = models.DecimalField(
        _("RI, highest reading"), max_digits=5, decimal_places=3, null=True, blank=True
    )
    ri_over_limit = models.BooleanField(_("RI over the limit (OTL)"), default=False)
    birefringence = models.DecimalField(
        _("birefringence"), max_digits=5, decimal_places=3, null=True, blank=True
    )
    sg = models.DecimalField(_("SG, entered"), max_digits=5, decimal_places=2, null=True, blank=True)
    weight_in_air_g = models.DecimalField(
        _("weight in air, g"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    weight_in_water_g = models.DecimalField(
        _("weight in water, g"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    sg_derived = models.DecimalField(
        _("SG used"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("As entered, or from the hydrostatic weighings."),
    )
    optic_character = models.CharField(
        _("optic character"), max_length=12, choices=ObservedOptic.choices, blank=True
    )
    colour_change = models.BooleanField(_("colour change"), null=True, blank=True)
    pleochroism = models.CharField(_("pleochroism"), max_length=200, blank=True)
    uv_long_wave = models.CharField(_("UV long wave"), max_length=200, blank=True)
    uv_short_wave = models.CharField(_("UV short wave"), max_length=200, blank=True)
    spectroscopy = models.TextField(_("spectroscopy"), blank=True)
    inclusions = models.TextField(_("inclusions"), blank=True)
    magnification = models.TextField(_("magnification notes"), blank=True)
    xray_findings = models.TextField(_("X-ray findings (pearls)"), blank=True)
    # Diamond grading.
    diamond_colour = models.CharField(
        _("diamond colour"), max_length=1, choices=DiamondColour.choices, blank=True
    )
    clarity = models.CharField(_("clarity"), max_length=4, choices=Clarity.choices, blank=True)
    cut_grade = models.CharField(_("cut grade"), max_length=2, choices=CutGrade.choices, blank=True)
    fluorescence = models.CharField(_("fluorescence"), max_length=3, choices=Fluorescence.choices, blank=True)
    # Unique amber formations: what the criteria are judged on.
    amber_monolithic_percent = models.DecimalField(
        _("monolithic part, %"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    amber_inclusion_mm = models.DecimalField(
        _("largest inclusion, mm"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    amber_characteristic_colour = models.BooleanField(_("characteristic colour"), null=True, blank=True)
    # What the engine said about the measurements at the last save (codes, translated for display).
    candidates = models.JSONField(_("candidates"), default=list, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("measured by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("measured at"))
    # The decision.
    material = models.ForeignKey(
        GemConstant,
        verbose_name=_("identified as"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    species = models.CharField(_("species"), max_length=60, blank=True, db_index=True)
    variety = models.CharField(_("variety"), max_length=24, choices=Variety.choices, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=StoneStatus.choices, blank=True)
    pearl_type = models.CharField(_("pearl type"), max_length=20, choices=PearlType.choices, blank=True)
    flag_reasons = models.JSONField(_("reasons for deciding against a flag"), default=dict, blank=True)
    is_precious = models.BooleanField(_("precious stone under the Law"), null=True, blank=True)
    precious_reason = models.CharField(_("why (not) precious"), max_length=24, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = StoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("stone")
        verbose_name_plural = _("stones")
        ordering = ["item_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="uniq_stone_number_per_item"),
            models.CheckConstraint(
                condition=models.Q(decided_at__isnull=True)
                | (
                    models.Q(material__isnull=False)
                    & ~models.Q(status="")
                    & models.Q(is_precious__isnull=False)
                ),
                name="stone_decision_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(ri_min__isnull=True)
                | models.Q(ri_max__isnull=True)
                | models.Q(ri_min__lte=models.F("ri_max")),
                name="stone_ri_ordered",
                violation_error_message=_("The lowest RI reading is above the highest."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "species"]),
            models.Index(fields=["is_precious"]),
            models.Index(fields=["decided_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.item} #{self.number}"


class EvidenceKind(models.TextChoices):
    INCLUSIONS = "inclusions", _("Inclusions (photomicrograph)")
    SPECTROSCOPY = "spectroscopy", _("Spectroscopy (UV-Vis, FTIR, Raman)")
    IMAGING = "imaging", _("Imaging (DiamondView, fluorescence)")
    XRAY = "xray", _("X-ray (radiography, micro-CT)")
    PHOTO = "photo", _("Photograph")
    OTHER = "other", _("Other")


class Evidence(models.Model):
    """A file or an observation that supports a stone's identification (photo, spectrum, radiograph).
    Files are kept as uploaded; evidence is added, never edited or deleted."""

    stone = models.ForeignKey(
        Stone, verbose_name=_("stone"), on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to="gems/evidence/%Y/%m/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["stone_id", "recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(note=""), name="evidence_has_file_or_note"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stone} {self.get_kind_display()}"

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class TreatmentCode(models.TextChoices):
    HEATING = "heating", _("Heating")
    FLUX_HEALING = "flux_healing", _("Heating with flux (healed fissures)")
    GLASS_FILLING = "glass_filling", _("Lead-glass filling")
    DIFFUSION = "diffusion", _("Diffusion (beryllium, titanium)")
    OIL = "oil", _("Fissure filling: oil")
    RESIN = "resin", _("Fissure filling: resin")
    HPHT = "hpht", _("HPHT")
    LASER_DRILLING = "laser_drilling", _("Laser drilling")
    FRACTURE_FILLING = "fracture_filling", _("Fracture filling (diamond)")
    COATING = "coating", _("Coating")
    IRRADIATION = "irradiation", _("Irradiation")
    DYEING = "dyeing", _("Dyeing")
    BLEACHING = "bleaching", _("Bleaching")


class TreatmentDegree(models.TextChoices):
    NONE = "none", _("None")
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    SIGNIFICANT = "significant", _("Significant")


class Treatment(models.Model):
    """One treatment found in a stone, from the controlled vocabulary, with its degree."""

    stone = models.ForeignKey(
        Stone, verbose_name=_("stone"), on_delete=models.CASCADE, related_name="treatments"
    )
    code = models.CharField(_("treatment"), max_length=20, choices=TreatmentCode.choices)
    degree = models.CharField(_("degree"), max_length=12, choices=TreatmentDegree.choices)

    class Meta:
        verbose_name = _("treatment")
        verbose_name_plural = _("treatments")
        ordering = ["stone_id", "code"]
        constraints = [models.UniqueConstraint(fields=["stone", "code"], name="uniq_treatment_per_stone")]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.get_degree_display()}"


class AmberMeasure(models.TextChoices):
    MASS_G = "mass_g", _("Mass, g")
    MONOLITHIC_PERCENT = "monolithic_percent", _("Monolithic part, %")
    INCLUSION_MM = "inclusion_mm", _("Largest inclusion, mm")
    CHARACTERISTIC_COLOUR = "characteristic_colour", _("Characteristic colour")


class AmberCriterion(models.Model):
    """A condition for a unique amber formation (Law art.1 p.1), editable reference data. All criteria of a
    group must hold; any one group suffices. The seeded values follow Russian/Kyrgyz criteria and are
    UNVERIFIED for Kazakhstan (reference/gems-and-kimberley.md rule 7)."""

    group = models.CharField(_("group"), max_length=40)
    measure = models.CharField(_("measure"), max_length=24, choices=AmberMeasure.choices)
    minimum = models.DecimalField(_("minimum"), max_digits=9, decimal_places=1, null=True, blank=True)
    exclusive = models.BooleanField(_("strictly above the minimum"), default=False)
    verified = models.BooleanField(_("verified against the source"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("unique amber criterion")
        verbose_name_plural = _("unique amber criteria")
        ordering = ["group", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["group", "measure"], name="uniq_amber_criterion"),
            models.CheckConstraint(
                condition=models.Q(measure="characteristic_colour") | models.Q(minimum__isnull=False),
                name="amber_criterion_minimum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.get_measure_display()}"
