"""The user's language for the instrument parsers' stable codes: why a whole file is refused, and why a line
was rejected or skipped. One table each, so a new code without a text is caught by a test."""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from instruments.parsers import ParseError, Problem

FORMAT_NAMES = {
    "xrf_csv": _("XRF results (CSV)"),
    "xrf_niton": _("Niton XRF export"),
    "mt_sics": _("balance log (MT-SICS)"),
    "icp_oes": _("ICP-OES results (CSV)"),
}

BINARY_KINDS = {
    "pdf": _("a PDF document"),
    "zip": _("an Excel workbook or another ZIP archive"),
    "ole": _("an old-format Excel or Word file"),
    "image": _("an image"),
}

FILE_ERRORS = {
    "too_large": _("The file is too large (%(size)s; the limit is %(limit)s)."),
    "empty": _("The file is empty."),
    "binary": _(
        "This is %(kind)s, not a text export: export the results from the instrument software as CSV or text."
    ),
    "encoding": _("The file's text cannot be read: save it as UTF-8 or “Unicode text” and upload it again."),
    "not_this_format": _(
        "This file is not in the format “%(format)s”: no header line of that format was found. "
        "Check the instrument chosen and the export settings."
    ),
    "no_rows": _("The file has a header but no result lines."),
    "duplicate_column": _("The header has the column “%(column)s” twice (perhaps by two names): keep one."),
    "unknown_format": _("Unknown file format “%(format)s”: ask the administrator to check the instrument."),
}

ROW_PROBLEMS = {
    # Rejected lines: the laboratory must look at them.
    "field_count": _("Line has %(got)s fields, the header has %(expected)s: the file may be cut short."),
    "no_sample": _("No sample ID on this line."),
    "bad_number": _("Cannot read “%(value)s” in column “%(column)s” as a number."),
    "bad_date": _("Cannot read the date and time “%(value)s”."),
    "bad_element": _("Cannot tell the element from “%(value)s”."),
    "out_of_range": _("%(element)s = %(value)s %%: a mass fraction must lie between 0 and 100 %%."),
    "sum_over_100": _("The elements add up to %(total)s %%, more than 100.5 %%: measure again."),
    "no_values": _("No element was measured in this reading."),
    "unit": _("The unit “%(unit)s” cannot be imported: set the instrument to report in an accepted unit."),
    "solution_unit": _(
        "“%(unit)s” is a concentration in the solution, not in the sample: "
        "export the sample concentration in mg/kg."
    ),
    "negative": _("%(element)s: negative concentration (%(value)s): check the blank correction."),
    "flagged": _("The instrument flagged this value (“%(flag)s”): check it in the instrument software."),
    "unknown_type": _("Unknown solution type “%(type)s”: only sample solutions are imported."),
    "incomplete_determination": _(
        "The determination of %(sample)s is incomplete (rejected lines: %(lines)s): "
        "its impurities cannot be subtracted, so it is not imported; measure again."
    ),
    "unstable": _("Unstable reading (the balance had not settled): weigh again."),
    "overload": _("Overload: the load is above the balance's capacity."),
    "underload": _("Underload: the weighing pan is missing or the balance must be zeroed."),
    "balance_busy": _("The balance was busy and sent no weight: weigh again."),
    "balance_error": _("The balance answered “%(response)s” (an error): weigh again."),
    "negative_weight": _("Negative weight (%(value)s): zero or tare the balance and weigh again."),
    "unrecognized": _("This line is not a balance response that can be read."),
    # Skipped lines: deliberately not imported, listed so nothing disappears unseen.
    "comment": _("A comment line."),
    "calibration_check": _("A calibration check (“%(type)s”), not a sample reading."),
    "tare": _("Tare (%(value)s %(unit)s), not a weighing."),
    "not_a_sample": _("A “%(type)s” solution, not a sample."),
    "second_wavelength": _("%(element)s on a further wavelength: the element's first line is used."),
}


class _Params(dict):
    """Format parameters; one the message needs but the problem lacks shows as “?” instead of failing."""

    def __missing__(self, key):
        return "?"


def _format(template, params: dict) -> str:
    try:
        return str(template) % _Params(params)
    except (TypeError, ValueError):
        return str(template)


def file_error_message(error: ParseError) -> str:
    params = dict(error.params)
    for size in ("size", "limit"):
        if isinstance(params.get(size), int):
            params[size] = filesizeformat(params[size])
    if "kind" in params:
        params["kind"] = BINARY_KINDS.get(params["kind"], params["kind"])
    if "format" in params:
        params["format"] = FORMAT_NAMES.get(params["format"], params["format"])
    template = FILE_ERRORS.get(error.code)
    return _format(template, params) if template else str(error)


def problem_message(problem: Problem) -> str:
    template = ROW_PROBLEMS.get(problem.code)
    return _format(template, problem.params) if template else problem.text or problem.code


# --- The importer's own codes (`instruments.importing`, `instruments.services.imports`) --------------------

ROW_PROBLEMS.update(
    {
        "unknown_item": _("No item of this laboratory has the lab number or barcode “%(sample)s”."),
        "ambiguous_barcode": _(
            "The barcode “%(sample)s” belongs to %(count)s open items: name the item by its lab number."
        ),
        "not_metal_item": _("%(lab)s is not a metal article, bar or coin: its fineness is not assayed."),
        "application_closed": _("The application of %(lab)s is closed: no results can be recorded for it."),
        "too_many_readings": _(
            "%(lab)s already has %(most)s readings in this file: further ones are not used."
        ),
        "no_precious_metal": _(
            "No precious metal (Au, Ag, Pt, Pd) was measured in every reading of %(lab)s."
        ),
        "no_declared_metal": _("%(lab)s has no declared metal: the impurities cannot be subtracted from it."),
        "no_impurities": _("No impurity of %(lab)s was measured."),
        "refused": _("Not recorded: %(message)s"),
    }
)

FILE_ERRORS.update(
    {
        "unrecognised": _(
            "The file's format was not recognised: choose the format when uploading, or check the export."
        ),
        "serial_mismatch": _(
            "The file comes from the instrument with serial number %(file)s, not %(instrument)s: "
            "choose the instrument that made it."
        ),
        "not_a_balance": _("A balance log needs a balance; %(instrument)s is not one."),
    }
)


def row_message(code: str, params: dict) -> str:
    """A stored line's reason in the reader's language."""
    return problem_message(Problem(0, code, params))


def import_errors(result_import) -> list[str]:
    """Why a stored import was refused, in the reader's language (empty when it was not)."""
    error = result_import.error or {}
    if not error:
        return []
    if error.get("code") == "instrument":
        return list(error.get("messages", []))
    return [file_error_message(ParseError(error.get("code", ""), **error.get("params", {})))]
