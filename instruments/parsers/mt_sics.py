"""Mettler Toledo MT-SICS balance log (CODE "mt_sics"; rows are `Weighing`, one per stable weight).

What a terminal program (PuTTY, RealTerm, a balance "print" log) records from an MT-SICS balance, one
response per line, optionally after a timestamp "2026-11-20 10:14:03 " or "[10:14:03] " (dropped):

    2026-11-20 08:55:02 I2 A "XPR205DR Excellence 220 g"
    2026-11-20 08:57:30 S
    2026-11-20 08:57:31 S S      0.25013 g

Lines:
  "S S <value> <unit>", "SI S …" (also SIR, SR, SU, SIU) → a row: the value exactly as displayed, in "g"
    or "mg"; another unit (ct, oz, ozt, dwt, lb, kg…) → problem "unit"; a negative value → problem
    "negative_weight"; a value that is not a number → problem "bad_number";
  "S D …", "SI D …" (dynamic) → problem "unstable";
  "S I" (busy), "S +" (overload), "S -" (underload), "S L" → problems balance_busy, overload, underload,
    balance_error; the same from a tare or zero command ("T I", "Z +"…) → balance_error (params response);
  "ES", "ET", "EL" (syntax, transmission, logical error) → problem balance_error (params response);
  "T S <value> <unit>", "TI S/D …", "TA A …" → skipped "tare" (params value, unit);
  'I2 A "…"' → meta["model"], 'I3 A "…"' → meta["software"], 'I4 A "…"' → meta["serial"],
    'I10 A "…"' → meta["name"];
  other acknowledgements ("Z A", "@ A", 'I1 A "…"', "… B …"), echoed commands ("S", "SI", "I4", "Z", "T"…)
    and blank lines → ignored; any other line → problem "unrecognized".
There is no header: a file where none of the first 30 lines is a weight, tare or identification response
is not this format.
"""

import re

from .base import (
    DEFAULT_MAX_BYTES,
    Parsed,
    ParseError,
    Problem,
    Weighing,
    decode,
    first_lines,
    number,
    shorten,
    split_lines,
)

CODE = "mt_sics"
KIND = "weighings"

HEADER_LINES = 30
UNITS = {"g", "mg"}
WEIGHING_COMMANDS = {"S", "SI", "SIR", "SR", "SU", "SIU"}
TARE_COMMANDS = {"T", "TI", "TA"}
IDENTIFICATION = {"I2": "model", "I3": "software", "I4": "serial", "I10": "name"}
STATUS_PROBLEMS = {"I": "balance_busy", "+": "overload", "-": "underload", "L": "balance_error"}

_STAMP = re.compile(  # "2026-11-20 10:14:03 ", "[2026-11-20 10:14:03] " or "[10:14:03] "
    r"^\s*(?:\[?\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\]?"
    r"|\[\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\])\s*"
)
_WEIGHT = re.compile(r"(?P<command>[A-Z]+)\s+(?P<status>[SDA])\s+(?P<value>\S+)\s+(?P<unit>\S+)")
_STATUS = re.compile(r"(?P<command>[A-Z]+[0-9]*|@)\s+(?P<status>[I+\-L])")
_ANSWER = re.compile(r"(?P<command>[A-Z]+[0-9]*|@)\s+[AB](?:\s+(?P<rest>.*))?")
_ECHO = re.compile(r"@|[A-Z]{1,4}[0-9]{0,3}")
_ERROR = re.compile(r"E[SLT]")


def _response(raw: str) -> str:
    return _STAMP.sub("", raw, count=1).strip()


def _is_response(text: str) -> bool:
    weight = _WEIGHT.fullmatch(text)
    answer = _ANSWER.fullmatch(text)
    return bool(
        (weight and weight["command"] in WEIGHING_COMMANDS | TARE_COMMANDS)
        or (answer and answer["command"] in IDENTIFICATION)
    )


def sniff(text: str) -> bool:
    return any(_is_response(_response(line)) for line in first_lines(text, HEADER_LINES))


def _line(number_: int, raw: str, meta: dict[str, str]) -> tuple[str, object] | None:
    """What one line is: ("row", Weighing), ("problem", Problem), ("skipped", Problem) or None (ignored)."""
    text = _response(raw)

    def problem(code: str, **params) -> tuple[str, Problem]:
        return "problem", Problem(number_, code, params, shorten(raw))

    if not text:
        return None
    if weight := _WEIGHT.fullmatch(text):
        command, status, value, unit = weight.group("command", "status", "value", "unit")
        if command in TARE_COMMANDS:
            return "skipped", Problem(number_, "tare", {"value": value, "unit": unit}, shorten(raw))
        if command not in WEIGHING_COMMANDS or status == "A":
            return problem("unrecognized")
        if status == "D":
            return problem("unstable")
        if unit not in UNITS:
            return problem("unit", unit=unit)
        if (mass := number(value)) is None:
            return problem("bad_number", column="weight", value=value)
        if mass < 0:
            return problem("negative_weight", value=value)
        return "row", Weighing(number_, mass, unit)
    if _ERROR.fullmatch(text):
        return problem("balance_error", response=text)
    if status := _STATUS.fullmatch(text):
        if status["command"] in WEIGHING_COMMANDS:
            return problem(STATUS_PROBLEMS[status["status"]], response=text)
        return problem("balance_error", response=text)
    if answer := _ANSWER.fullmatch(text):
        if key := IDENTIFICATION.get(answer["command"]):
            meta[key] = " ".join(re.findall(r'"([^"]*)"', answer["rest"] or "")).strip()
        return None
    if _ECHO.fullmatch(text):
        return None
    return problem("unrecognized")


def parse(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Parsed:
    text = decode(data, max_bytes=max_bytes)
    if not sniff(text):
        raise ParseError("not_this_format", format=CODE)
    found: dict[str, list] = {"row": [], "problem": [], "skipped": []}
    meta: dict[str, str] = {}
    for number_, raw in enumerate(split_lines(text), start=1):
        if result := _line(number_, raw, meta):
            found[result[0]].append(result[1])
    if not any(found.values()):
        raise ParseError("no_rows")
    return Parsed(CODE, tuple(found["row"]), tuple(found["problem"]), tuple(found["skipped"]), meta)
