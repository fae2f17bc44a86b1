"""The user's language for the pure engine's stable codes: input errors, verdict reasons, investment-gold
criteria. One table each, so a new code without a text is caught by a test."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lims.assay.fineness import AssayInputError

QUANTITIES = {
    "proof_gold_taken": _("gold taken for the proof"),
    "proof_cornet": _("proof cornet"),
    "portion_mass": _("portion mass"),
    "cornet_mass": _("cornet mass"),
    "titrant_volume": _("titrant volume"),
    "titrant_concentration": _("titrant concentration"),
    "titer_factor": _("titer factor"),
    "weighed_form_mass": _("weighed form mass"),
    "gravimetric_factor": _("gravimetric factor"),
}

INPUT_ERRORS = {
    "not_positive": _("The %(quantity)s must be greater than zero."),
    "no_portions": _("Enter at least one complete assay portion."),
    "no_proofs": _("Enter the proof (check) assays: the correction needs them."),
    "cornet_heavier": _("A cornet cannot weigh more than its assay portion."),
    "no_impurities": _("Enter the impurities measured, as Element=mg/kg."),
    "negative_impurity": _("An impurity cannot be negative."),
    "impurities_over_1000": _("The impurities add up to more than 1000 ‰."),
    "impurity_format": _("Cannot read “%(text)s”: write each impurity as Element=mg/kg, separated by “;”."),
    "impurity_twice": _("%(element)s is listed twice."),
    "portion_incomplete": _("Portion %(number)s is incomplete: fill in every field of it or none."),
    "proof_incomplete": _("Proof %(number)s is incomplete: fill in both masses or neither."),
    "no_concentration": _("Enter the titrant concentration."),
    "no_factor": _("The gravimetric factor of this method is not set; ask the administrator."),
    "reading_out_of_range": _("A reading must lie between 0 and 1000 ‰."),
    "no_values": _("No determinations were entered."),
    "no_standards": _("No standard finenesses are set for this metal."),
}

REASONS = {
    "screening_only": _("XRF screening: it may route or flag the item, never decide the conclusion."),
    "repeat_required": _("The replicates disagree beyond the method's limit: repeat the assay."),
    "uncertainty_subtracted": _(
        "The expanded uncertainty was subtracted before comparing (laboratory policy)."
    ),
    "below_lowest_standard": _(
        "Below the metal's lowest standard fineness: not a precious-metal article of this metal."
    ),
    "meets_declared": _("Meets the declared fineness (no negative tolerance)."),
    "below_declared": _("Below the declared fineness: does not conform (no negative tolerance)."),
    "assignable_differs": _("The assignable standard differs from the declared one."),
}

INVESTMENT_CRITERIA = {
    "coin_fineness_at_least_900": _("Fineness at least 900 ‰"),
    "minted_in_or_after_1800": _("Minted in 1800 or later"),
    "not_proof_quality": _("Not of proof quality"),
    "mintage_over_1000": _("Mintage over 1000 pieces"),
    "price_within_180_percent_of_gold_value": _(
        "Market price not above the gold-content value by more than 80 %"
    ),
    "refined_gold": _("Refined gold"),
    "bar_fineness_at_least_995": _("Fineness at least 995 ‰"),
    "made_to_a_standard": _("Made to a national or international standard"),
    "required_markings_present": _("Carries every marking the Law requires"),
}

MARKINGS = {
    "serial_number": pgettext_lazy("bar marking", "serial number"),
    "producer_trademark": _("producer's trademark"),
    "purity": _("purity"),
    "year": _("year of manufacture"),
    "metal_name": _("name of the metal"),
    "mass": _("mass"),
}


def input_error_message(error: AssayInputError) -> str:
    params = dict(error.params)
    if "quantity" in params:
        params["quantity"] = QUANTITIES.get(params["quantity"], params["quantity"])
    template = INPUT_ERRORS.get(error.code)
    return str(template) % params if template else str(error)


def reason_texts(codes: list[str]) -> list[str]:
    return [str(REASONS.get(code, code)) for code in codes]
