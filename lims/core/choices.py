"""Vocabularies shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExpertiseKind(models.TextChoices):
    """The kinds of expertise an organization can be accredited for (Law art.1 p.2, art.6 p.7)."""

    METAL_ASSAY = "metal_assay", _("Precious-metal assay")
    GEM_IDENTIFICATION = "gem_identification", _("Gemstone identification")
    HALLMARK_VERIFICATION = "hallmark_verification", _("Hallmark verification")
    RAW_GOODS_CONTENT = "raw_goods_content", _("Raw-goods content")


class Metal(models.TextChoices):
    """Precious metals (Law art.1 p.7)."""

    GOLD = "Au", _("Gold")
    SILVER = "Ag", _("Silver")
    PLATINUM = "Pt", _("Platinum")
    PALLADIUM = "Pd", _("Palladium")
    RHODIUM = "Rh", _("Rhodium")
    IRIDIUM = "Ir", _("Iridium")
    RUTHENIUM = "Ru", _("Ruthenium")
    OSMIUM = "Os", _("Osmium")


class DeadlineState(models.TextChoices):
    """Where an open application stands against its conclusion deadline (rule R1, Law art.12 p.3)."""

    OVERDUE = "overdue", _("Overdue")
    DUE_SOON = "due_soon", _("One working day left")
    ON_TRACK = "on_track", _("On track")
