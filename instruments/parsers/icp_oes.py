"""ICP-OES impurities, long format (CODE "icp_oes"; rows are `Impurities`, one per determination).

Modelled on an Agilent ICP Expert CSV export of sample concentrations, one line per solution × element line:

    Solution Label,Rack:Tube,Type,Date Time,Element,Flags,Soln Conc,Units,SD,%RSD
    ALM-2026-000201,2:1,Sample,20.11.2026 09:31:05,Ag 328.068,,32.4,mg/kg,0.21,0.65

Header: the first line (within the first 30) with a label column ("Solution Label", "Sample Name",
"Sample ID", "Sample Label"), "Element", a concentration column ("Sample Conc", "Soln Conc", "Conc",
"Concentration"; the first of these in this order when there are several) and "Units". Optional:
"Rack:Tube", "Type", "Date Time" ("Date/Time", "Date"), "Flags"; other columns (SD, %RSD, Intensity…) are
ignored. Delimiter as in `xrf_csv` (tab, else ";", else ","); values may be quoted.

Element "Ag 328.068" (or "Ag") → "Ag": the wavelength is dropped. Consecutive sample lines with the same
label, Date Time and Rack:Tube form one determination, an `Impurities` row at its first imported line:
replicate = the Rack:Tube value, else the determination's number for that label ("1", "2"…). "mg/kg",
"ppm", "µg/g", "ug/g" are kept as written; "%" × 10 000. Value "<0.2" (or "<" in Flags) → below detection.

Each line after the header: blank → ignored; Type "Blank", "Cal Blank", "Standard", "Std", "Cal Std",
"QC", "Check", "CCV"… → skipped "not_a_sample" (params type); Type "Sample" or empty → data; another type →
problem "unknown_type". The same element again in one determination (a second wavelength) → skipped
"second_wavelength" (the first line of the element counts, even when that line was rejected).
Problems: field_count, no_sample, bad_date, bad_element, solution_unit (mg/L, µg/L, ppb, µg/mL…: a
concentration in the solution, not in the sample), unit (any other unit), flagged (a flag other than "<",
e.g. "u" uncalibrated, "o" over range), bad_number, negative.

All or nothing: the importer computes fineness by difference, so a determination missing an impurity would
give too high a fineness. When a line of a determination is rejected (bad_element, solution_unit, unit,
flagged, bad_number, negative; or field_count when the line's label, and its date and rack where present,
are those of the determination being read), no `Impurities` row is given for it: one more problem
"incomplete_determination" at the determination's first line (params sample, lines: the rejected line
numbers, ", "-separated) stands beside the lines' own problems. A skipped line (second_wavelength) does not
make it incomplete. A determination none of whose lines was read gives no row and no such problem.
Problems are in line order.
"""

import re
from collections import Counter

from .base import (
    DEFAULT_MAX_BYTES,
    Impurities,
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

CODE = "icp_oes"
KIND = "impurities"

HEADER_LINES = 30
ROLES = {
    **dict.fromkeys(["solution label", "sample name", "sample id", "sample label"], "label"),
    **dict.fromkeys(["element", "element label"], "element"),
    **dict.fromkeys(["units", "unit"], "units"),
    **dict.fromkeys(["rack:tube", "rack: tube", "rack tube"], "rack"),
    **dict.fromkeys(["type", "sample type"], "type"),
    **dict.fromkeys(["date time", "date/time", "datetime", "date"], "date"),
    **dict.fromkeys(["flags", "flag"], "flags"),
}
CONCENTRATION_NAMES = ("sample conc", "soln conc", "conc", "concentration")
SAMPLE_TYPES = {"sample", ""}
NOT_SAMPLE_TYPES = {"blank", "cal blank", "calibration blank", "reagent blank", "standard", "std", "cal std"}
NOT_SAMPLE_TYPES |= {"calibration standard", "qc", "check", "ccv", "ccb", "icv", "icb", "spike"}
UNIT_SCALE = {"mg/kg": 0, "ppm": 0, "ug/g": 0, "%": 4}  # 10**n → mg/kg
SOLUTION_UNITS = {"mg/l", "ug/l", "ng/ml", "ug/ml", "mg/ml", "g/l", "ppb"}


def columns(names: list[str]) -> dict[str, int] | None:
    """Role → column index ("label", "element", "conc", "units", "rack", "type", "date", "flags"), or None
    if the line is not this format's header."""
    keys = [header_key(name) for name in names]
    found: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key in ROLES:
            found.setdefault(ROLES[key], index)
    concentration = next((keys.index(name) for name in CONCENTRATION_NAMES if name in keys), None)
    if concentration is None or not {"label", "element", "units"} <= found.keys():
        return None
    return {**found, "conc": concentration}


def find_header(lines: list[str]) -> tuple[int, list[str], dict[str, int]] | None:
    for index, line in enumerate(lines[:HEADER_LINES]):
        names = trim(split_fields(line, delimiter_of(line)), 0)
        if found := columns(names):
            return index, names, found
    return None


def sniff(text: str) -> bool:
    return find_header(first_lines(text, HEADER_LINES)) is not None


def _unit_key(unit: str) -> str:
    return unit.casefold().replace("µ", "u").replace("μ", "u").replace(" ", "")  # micro sign, Greek mu


class _Reader:
    """Reads the data lines in order, gathering consecutive lines of one determination into a row."""

    def __init__(self, names: list[str], roles: dict[str, int]):
        self.names, self.roles = names, roles
        self.rows: list[Impurities] = []
        self.problems: list[Problem] = []
        self.skipped: list[Problem] = []
        self.group: dict | None = None  # the determination being read
        self.determinations: Counter[str] = Counter()  # label → determinations so far

    def close(self) -> None:
        group, self.group = self.group, None
        if group and group["line"] and group["rejected"]:
            first, params = group["first"], {"sample": group["label"], "lines": ", ".join(group["rejected"])}
            self.problems.append(Problem(first, "incomplete_determination", params, group["text"]))
        elif group and group["line"]:
            self.determinations[group["label"]] += 1
            replicate = group["rack"] or str(self.determinations[group["label"]])
            below = frozenset(group["below"])
            self.rows.append(
                Impurities(group["line"], group["label"], replicate, group["conc"], below, group["at"])
            )

    def unreadable(self, problem: Problem, fields: list[str]) -> None:
        """A line with the wrong number of fields: its problem, and the open determination made incomplete
        when the line seems to be of it (its label, and its date and rack where present, are the key's)."""
        self.problems.append(problem)
        if self.group is None:
            return
        key = zip(("label", "date", "rack"), self.group["key"], strict=True)
        indexes = [(self.roles.get(role, len(fields)), value) for role, value in key]
        if self.roles["label"] < len(fields) and all(i >= len(fields) or fields[i] == v for i, v in indexes):
            self.group["rejected"].append(str(problem.line))

    def read(self, number_: int, raw: str, fields: list[str]) -> None:
        def cell(role: str) -> str:
            return fields[self.roles[role]] if role in self.roles else ""

        group = None  # the determination this line is of, once known

        def reject(code: str, *, skip: bool = False, **params) -> None:
            (self.skipped if skip else self.problems).append(Problem(number_, code, params, shorten(raw)))
            if group is not None and not skip:
                group["rejected"].append(str(number_))

        kind = cell("type")
        if header_key(kind) not in SAMPLE_TYPES:
            self.close()
            if header_key(kind) in NOT_SAMPLE_TYPES:
                return reject("not_a_sample", skip=True, type=kind)
            return reject("unknown_type", type=kind)
        label, stamp = cell("label"), cell("date")
        if not label:
            return reject("no_sample")
        measured_at = parse_datetime(stamp) if stamp else None
        if stamp and measured_at is None:
            return reject("bad_date", value=stamp)
        key = (label, stamp, cell("rack"))
        if self.group is None or self.group["key"] != key:
            self.close()
            self.group = {"key": key, "label": label, "rack": cell("rack"), "at": measured_at, "line": 0}
            self.group |= {"conc": {}, "below": set(), "seen": set(), "rejected": []}
            self.group |= {"first": number_, "text": shorten(raw)}
        group = self.group
        symbol = re.match(r"([A-Za-z]{1,2})(?![A-Za-z])", cell("element"))
        if not (element := symbol and element_symbol(symbol[1])):
            return reject("bad_element", value=cell("element"))
        if element in group["seen"]:
            return reject("second_wavelength", skip=True, element=element)
        group["seen"].add(element)
        unit, value = _unit_key(cell("units")), cell("conc")
        flags = [flag for flag in re.split(r"[\s,;]+", cell("flags")) if flag]
        concentration = number(value)
        if unit in SOLUTION_UNITS:
            return reject("solution_unit", unit=cell("units"))
        if unit not in UNIT_SCALE:
            return reject("unit", unit=cell("units"))
        if any(flag != "<" for flag in flags):
            return reject("flagged", flag=cell("flags"))
        if "<" in flags or below_detection(value):
            group["below"].add(element)
        elif concentration is None:
            return reject("bad_number", column=self.names[self.roles["conc"]], value=value)
        elif concentration < 0:
            return reject("negative", element=element, value=value)
        else:
            group["conc"][element] = concentration.scaleb(UNIT_SCALE[unit])
        group["line"] = group["line"] or number_


def parse(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Parsed:
    lines = split_lines(decode(data, max_bytes=max_bytes))
    found = find_header(lines)
    if found is None:
        raise ParseError("not_this_format", format=CODE)
    start, names, roles = found
    delimiter = delimiter_of(lines[start])
    reader = _Reader(names, roles)
    for number_, raw in enumerate(lines[start + 1 :], start=start + 2):
        if not raw.strip():
            continue
        fields = trim(split_fields(raw, delimiter), len(names))
        if problem := field_count_problem(number_, raw, fields, len(names)):
            reader.unreadable(problem, fields)
        else:
            reader.read(number_, raw, fields)
    reader.close()
    if not (reader.rows or reader.problems or reader.skipped):
        raise ParseError("no_rows")
    problems = sorted(reader.problems, key=lambda problem: problem.line)  # stable: a line's own problem first
    return Parsed(CODE, tuple(reader.rows), tuple(problems), tuple(reader.skipped))
