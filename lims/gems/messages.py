"""The words for the identification engine's and the decision rules' stable codes, in the user's language."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

INPUT_ERRORS = {
    "ri_not_above_one": _("A refractive index reading must be above 1."),
    "ri_min_above_max": _("The lowest RI reading is above the highest."),
    "ri_reading_with_over_limit": _(
        "An RI over the limit has no reading: clear the readings or the OTL box."
    ),
    "negative_birefringence": _("Birefringence cannot be negative."),
    "unknown_optic_character": _("Unknown optic character."),
    "not_positive": _("%(quantity)s must be greater than zero."),
    "sg_and_weighings": _("Enter the SG or the hydrostatic weighings, not both."),
    "weighing_missing": _("Both the weight in air and the weight in water are needed."),
    "water_weight_not_below_air": _("The weight in water must be below the weight in air."),
    "mass_and_carats": _(
        "Enter the mass in grams or the weight in carats, not both: carats come from grams."
    ),
}

QUANTITIES = {
    "mass": _("The mass"),
    "sg": _("The SG"),
    "weight_in_air": _("The weight in air"),
    "weight_in_water": _("The weight in water"),
}

# What was compared for a candidate (Candidate.matched / mismatched).
PROPERTIES = {
    "ri": pgettext_lazy("gem property", "RI"),
    "ri_over_limit": pgettext_lazy("gem property", "RI over the limit"),
    "birefringence": pgettext_lazy("gem property", "birefringence"),
    "optic_character": pgettext_lazy("gem property", "optic character"),
    "sg": pgettext_lazy("gem property", "SG"),
    "colour_change": pgettext_lazy("gem property", "colour change"),
}

FLAGS = {
    "birefringence_inconsistent": _(
        "The birefringence entered (%(entered)s) is not the difference of the RI readings (%(computed)s)."
    ),
    "isotropic_with_birefringence": _(
        "A singly refractive stone shows birefringence %(birefringence)s: "
        "check the polariscope and the readings."
    ),
    "claim_contradicts_constants": _("The decided material contradicts its constants in: %(mismatched)s."),
    "colour_change_corundum_not_alexandrite": _(
        "A colour-change stone with corundum constants is not alexandrite: possibly a synthetic "
        "colour-change sapphire."
    ),
    "possible_flux_synthetic_emerald": _(
        "Emerald with RI ≤ 1.565 and SG ≤ 2.66 (here %(ri_max)s and %(sg)s): possibly a flux synthetic."
    ),
    "otl_identify_by_other_means": _(
        "RI over the limit: identify by SG, optic character, thermal probe and reflectivity."
    ),
}

FLAG_TITLES = {
    "birefringence_inconsistent": _("birefringence inconsistent with the RI readings"),
    "isotropic_with_birefringence": _("singly refractive with birefringence"),
    "claim_contradicts_constants": _("material contradicts its constants"),
    "colour_change_corundum_not_alexandrite": _("colour-change corundum is not alexandrite"),
    "possible_flux_synthetic_emerald": _("possible flux synthetic emerald"),
    "otl_identify_by_other_means": _("RI over the limit"),
}

DECISION_PROBLEMS = {
    "variety_required": _("Choose the variety (ruby or sapphire, emerald, alexandrite …)."),
    "variety_not_of_species": _("This variety does not belong to the species %(species)s."),
    "status_impossible_for_material": _("A stone of this material cannot be %(status)s."),
    "pearl_type_required": _("Choose the pearl type: natural, bead cultured or non-bead cultured."),
    "pearl_type_only_for_pearls": _("The pearl type is for pearls only."),
    "natural_needs_evidence": _(
        "“Natural” needs a recorded evidence item (inclusions, spectroscopy, imaging) for corundum, beryl, "
        "chrysoberyl and diamond: constants alone cannot prove it."
    ),
    "pearl_needs_xray": _("A pearl needs an X-ray finding: only radiography tells natural from cultured."),
    "flag_reason_required": _("The decision goes against the flag “%(flag)s”: write why."),
}

PRECIOUS_REASONS = {
    "natural_diamond": _("Natural diamond: a precious stone."),
    "natural_corundum": _("Natural ruby or sapphire: a precious stone."),
    "natural_emerald": _("Natural emerald: a precious stone."),
    "natural_alexandrite": _("Natural alexandrite: a precious stone."),
    "natural_pearl": _("Natural pearl: a precious stone."),
    "unique_amber": _("A unique amber formation: treated as a precious stone."),
    "not_natural": _("Not natural: not a precious stone."),
    "cultured_pearl": _("A cultured pearl is not a precious stone."),
    "amber_not_unique": _("Amber that is not a unique formation is not a precious stone."),
    "variety_not_precious": _("This variety is not a precious stone."),
    "species_not_precious": _("This species is not a precious stone."),
}


def flag_text(code: str, detail: dict) -> str:
    params = dict(detail)
    if "mismatched" in params:
        params["mismatched"] = ", ".join(str(PROPERTIES.get(p, p)) for p in params["mismatched"])
    try:
        return str(FLAGS[code]) % params
    except (KeyError, TypeError):
        return str(FLAGS.get(code, code))
