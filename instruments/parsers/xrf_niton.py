"""Niton-style XRF export (CODE "xrf_niton"; rows are `Composition`, one per reading).

Modelled on the Thermo Scientific Niton NDT export of a handheld or benchtop analyser (XL2, XL3t, XL5):

    Niton XL3t GOLDD+ Export
    Serial Number,98765
    Software,8.4.2

    Reading No,Time,Type,Duration,Units,SAMPLE,LOCATION,INSPECTOR,Au,Au Err,Ag,Ag Err,Cu,Cu Err,...
    "42","2026-11-20 09:40:05","Precious Metals","30.2","%","ALM-2026-000111","Almaty","A. N.","58.49",…

Preamble (the lines before the header): "<model> Export" → meta["model"]; "Key,Value" lines (or ";", tab,
":"): "Serial Number"/"Serial"/"SN" → meta["serial"], "Software"/"Software Version" → meta["software"],
"Model"/"Instrument" → meta["model"]; anything else there is ignored.

Header: the first line (within the first 30) whose first column is "Reading No" (or "Reading #",
"Reading") and which has a "Units" column, a sample column (the names `xrf_csv` accepts: "SAMPLE",
"Sample ID", "Образец"…) and at least one element column (a bare symbol: "Au"). Optional: "Time", "Type".
The "<El> Err" columns (2σ counting errors) and every other column (Duration, LOCATION, INSPECTOR,
Flags, Alloy…) are ignored. Delimiter as in `xrf_csv` (tab, else ";", else ","); values may be quoted.

Each line after the header: blank → ignored; Type "Cal Check", "System Check", "Standardize" → skipped
"calibration_check" (params type); otherwise a reading, or a problem: field_count, no_sample, unit (Units
neither "%" nor "ppm"), bad_number, bad_date, no_values, out_of_range, sum_over_100.
"Time" is the reading's date and time ("2026-11-20 09:40:05", "20.11.2026 09:40", "11/20/2026 9:40:05 AM");
"Units" "%" or "ppm" (÷ 10 000 → %) applies to the whole row; an element value is a number (exact as written),
"< LOD"/"<LOD"/"ND" (below detection) or empty (not measured). The reading is the "Reading No" value.
"""

import re
from decimal import Decimal

from .base import (
    DEFAULT_MAX_BYTES,
    Composition,
    Parsed,
    ParseError,
    Problem,
    below_detection,
    decode,
    delimiter_of,
    element_symbol,
    field_count_problem,
    first_lines,
    header_key,
    number,
    parse_datetime,
    shorten,
    split_fields,
    split_lines,
    trim,
)
from .xrf_csv import SAMPLE_NAMES, check_fractions

CODE = "xrf_niton"
KIND = "composition"

HEADER_LINES = 30
READING_NAMES = {"reading no", "reading #", "reading"}
CALIBRATION_TYPES = {"cal check", "calibration check", "system check", "standardize", "standardise"}
UNIT_SCALE = {"%": 0, "ppm": -4}  # 10**n → %
META_KEYS = {
    "serial number": "serial",
    "serial": "serial",
    "sn": "serial",
    "s/n": "serial",
    "software": "software",
    "software version": "software",
    "model": "model",
    "instrument": "model",
}


def columns(names: list[str]) -> tuple[dict[str, int], dict[str, int]] | None:
    """The header's (role → index, element → index), roles "sample", "time", "type", "units"; None if
    the line is not this format's header."""
    keys = [header_key(name) for name in names]
    if not keys or keys[0] not in READING_NAMES or "units" not in keys:
        return None
    roles: dict[str, int] = {}
    elements: dict[str, int] = {}
    for index, (name, key) in enumerate(zip(names, keys, strict=True)):
        role = "sample" if key in SAMPLE_NAMES else key if key in ("time", "type", "units") else None
        element = element_symbol(name)
        if role and role not in roles:
            roles[role] = index
        elif element and element in elements:
            raise ParseError("duplicate_column", column=name)
        elif element:
            elements[element] = index
    return (roles, elements) if "sample" in roles and elements else None


def find_header(lines: list[str]) -> tuple[int, list[str], dict, dict] | None:
    for index, line in enumerate(lines[:HEADER_LINES]):
        names = trim(split_fields(line, delimiter_of(line)), 0)
        if found := columns(names):
            return index, names, *found
    return None


def sniff(text: str) -> bool:
    try:
        return find_header(first_lines(text, HEADER_LINES)) is not None
    except ParseError:  # a Niton header with a column twice: still this format, parse() says what is wrong
        return True


def _meta(preamble: list[str]) -> dict[str, str]:
    meta = {}
    for line in preamble:
        text = line.strip()
        if text.casefold().endswith(" export"):
            meta.setdefault("model", text[: -len(" export")].strip())
        elif match := re.match(r'\s*"?([^,;\t:"]+)"?\s*[,;\t:]\s*(.*)', text):
            if key := META_KEYS.get(header_key(match[1])):
                meta[key] = match[2].strip().strip('"').strip()
    return meta


def _reading(number_: int, raw: str, names, roles, elements, fields):
    """A `Composition` of one data line, or the `Problem` that rejects it."""

    def reject(code: str, **params) -> Problem:
        return Problem(number_, code, params, shorten(raw))

    def cell(role: str) -> str:
        return fields[roles[role]] if role in roles else ""

    if not (sample := cell("sample")):
        return reject("no_sample")
    unit = cell("units")
    if unit.casefold() not in UNIT_SCALE:
        return reject("unit", unit=unit)
    fractions: dict[str, Decimal] = {}
    below: set[str] = set()
    for element, index in elements.items():
        value = fields[index]
        if not value:
            continue
        if below_detection(value):
            below.add(element)
        elif (fraction := number(value)) is None:
            return reject("bad_number", column=names[index], value=value)
        else:
            fractions[element] = fraction.scaleb(UNIT_SCALE[unit.casefold()])
    measured_at = None
    if (time := cell("time")) and (measured_at := parse_datetime(time)) is None:
        return reject("bad_date", value=time)
    if wrong := check_fractions(fractions):
        return reject(wrong[0], **wrong[1])
    return Composition(number_, sample, fields[0], fractions, frozenset(below), measured_at)


def parse(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Parsed:
    lines = split_lines(decode(data, max_bytes=max_bytes))
    found = find_header(lines)
    if found is None:
        raise ParseError("not_this_format", format=CODE)
    start, names, roles, elements = found
    delimiter = delimiter_of(lines[start])
    rows, problems, skipped = [], [], []
    for number_, raw in enumerate(lines[start + 1 :], start=start + 2):
        if not raw.strip():
            continue
        fields = trim(split_fields(raw, delimiter), len(names))
        if problem := field_count_problem(number_, raw, fields, len(names)):
            problems.append(problem)
        elif "type" in roles and header_key(kind := fields[roles["type"]]) in CALIBRATION_TYPES:
            skipped.append(Problem(number_, "calibration_check", {"type": kind}, shorten(raw)))
        else:
            result = _reading(number_, raw, names, roles, elements, fields)
            (rows if isinstance(result, Composition) else problems).append(result)
    if not (rows or problems or skipped):
        raise ParseError("no_rows")
    return Parsed(CODE, tuple(rows), tuple(problems), tuple(skipped), _meta(lines[:start]))
