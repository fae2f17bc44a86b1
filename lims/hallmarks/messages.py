"""The user's language for the stable codes of `authenticity` and `codes`: verdict reasons, observation
problems, mark-code errors. One table each, so a new code without a text is caught by a test."""

from django.utils.translation import gettext_lazy as _

from lims.hallmarks import authenticity
from lims.hallmarks.codes import CODE_MAX_LENGTH, CodeError

REASONS = {
    "assay_mark_absent": _("No assay mark on the article."),
    "assay_mark_unreadable": _("The assay mark cannot be read."),
    "assay_mark_not_registered": _("No assay mark with this office code and fineness figure is registered."),
    "assay_mark_wrong_metal": _("This assay mark is registered for another metal than the article's."),
    "assay_mark_outside_period": _("The assay mark was not in use on the date of hallmarking."),
    "assay_mark_not_yet_in_use": _("The assay mark is not in use yet: it cannot have been struck."),
    "assay_mark_withdrawn": _(
        "The assay mark is withdrawn from use; authentic only if the article was hallmarked before."
    ),
    "assay_mark_registered": _("The assay mark matches the registry."),
    "fineness_above_measured": _("The stamped fineness is above the measured fineness."),
    "fineness_confirmed": _("The stamped fineness is not above the measured fineness."),
    "fineness_not_measured": _(
        "No verified assay result by a decisive method: the stamped fineness is not compared."
    ),
    "name_mark_absent": _("No name mark on the article."),
    "name_mark_unreadable": _("The name mark cannot be read."),
    "name_mark_not_registered": _("No name mark with this code is registered."),
    "name_mark_revoked": _("The name mark's registration is revoked."),
    "name_mark_suspended": _(
        "The name mark's registration is suspended: marks struck before the suspension remain valid."
    ),
    "name_mark_not_yet_registered": _("The name mark was registered only after the date of hallmarking."),
    "name_mark_registered": _("The name mark matches the registry."),
}

# How a reason is shown: a fault of the mark, a caution, or a match.
TONE = {
    authenticity.COUNTERFEIT: "bad",
    authenticity.ABSENT: "bad",
    authenticity.UNREADABLE: "warn",
    None: "ok",
}
NOTES = frozenset({"assay_mark_withdrawn", "fineness_not_measured", "name_mark_suspended"})

PROBLEMS = {
    "presence_unknown": _("Say whether the mark is present, absent or unreadable."),
    "figure_required": _("Enter the fineness figure seen in the assay mark."),
    "figure_out_of_range": _("A fineness figure lies between 0 and 1000."),
    "office_required": _("Enter the assay-office code seen in the assay mark."),
    "code_required": _("Enter the code seen in the name mark."),
    "details_without_mark": _("Leave the details empty when the mark is absent or unreadable."),
}

CODE_ERRORS = {
    "empty": _("Enter the code."),
    "too_long": _("A code has at most %(max)d characters."),
    "characters": _("A code is made of letters and digits only."),
}


def reason_text(code: str) -> str:
    return str(REASONS.get(code, code))


def reason_rows(codes: list[str]) -> list[tuple[str, str]]:
    """(tone, text) for each reason, for the pages."""
    rows = []
    for code in codes:
        tone = "warn" if code in NOTES else TONE[authenticity.EFFECT.get(code)]
        rows.append((tone, reason_text(code)))
    return rows


def problem_text(problem: authenticity.Problem) -> str:
    return str(PROBLEMS[problem.code])


def code_error_message(error: CodeError) -> str:
    message = str(CODE_ERRORS[error.code])
    return message % {"max": CODE_MAX_LENGTH} if error.code == "too_long" else message
