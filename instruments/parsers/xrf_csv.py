"""Generic XRF results CSV (CODE "xrf_csv"; rows are `Composition`, one per reading).

The plain table most XRF software exports (Fischerscope, Spectroscan, Bruker, Olympus "CSV export"):

    # Instrument: Fischerscope XRAY XAN 250
    # Serial: 250-00417
    Sample ID,Reading,Date/Time,Au (%),Ag (%),Cu (%),Zn (%),Ni (%),Pd (%)
    ALM-2026-000101,1,2026-11-20 10:14:03,58.62,8.15,30.41,2.80,< LOD,0.00

Preamble: lines before the header starting with "#" are metadata: "# Key: value" gives meta[key] with the
key lower-cased ("instrument", "serial", "operator", "method"…; "Serial number", "S/N", "Заводской номер"
→ "serial", "Прибор" → "instrument", "Оператор" → "operator"); other lines before the header are ignored.

Header: the first line (within the first 30) whose every column is one of these (case-insensitive):
  sample (required): "Sample ID", "Sample", "ID", "Lab number", "Образец", "Шифр", "Лабораторный номер",
    "Үлгі";
  reading: "Reading", "Reading No", "No", "№", "Измерение";
  date and time: "Date"/"Дата" (+ optional "Time"/"Время"), or one "Date/Time" / "Дата/время" column;
    "2026-11-20 10:14:03", "20.11.2026 10:14", "20/11/2026 10:14" (day first); a date alone is midnight,
    a time alone (no date column) is ignored;
  elements (at least one): a symbol with an optional unit: "Au", "Au (%)", "Au, %", "Au wt%", "Au [%]"
    (all %), "Au (‰)" (÷ 10 → %), "Au (ppm)" (÷ 10 000 → %);
  ignored: "Comment", "Note", "Operator", "Method", "Mode", "Duration", "Total", "Sum", "Karat", "Alloy"…
A header with any other column is not this format (a vendor export with its own columns has its own parser).
Delimiter: tab if the header has one, else ";" if it has one, else ",". Decimal comma allowed with ";"/tab.

Values: a number (kept exactly as written, scaled to %); "< LOD", "<LOD", "<0.01", "ND", "n.d.", "-", "н.о."
→ below detection; empty → not measured. Lines after the header: blank → ignored; "#…" → skipped
"comment"; otherwise a reading or a problem: field_count, no_sample, bad_number, bad_date, no_values,
out_of_range, sum_over_100 (more than 100.5 %).
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

CODE = "xrf_csv"
KIND = "composition"

HEADER_LINES = 30
MAX_TOTAL = Decimal("100.5")
SAMPLE_NAMES = {"sample id", "sample", "id", "lab number", "образец", "шифр", "лабораторный номер", "үлгі"}
NAMES = {
    **dict.fromkeys(SAMPLE_NAMES, "sample"),
    **dict.fromkeys(["reading", "reading no", "no", "№", "измерение"], "reading"),
    **dict.fromkeys(["date", "дата"], "date"),
    **dict.fromkeys(["time", "время"], "time"),
    **dict.fromkeys(["date/time", "date time", "datetime", "дата/время", "дата и время"], "date"),
    **dict.fromkeys(
        ["comment", "comments", "note", "notes", "operator", "method", "mode", "application", "duration"]
        + ["total", "sum", "karat", "alloy", "grade", "комментарий", "примечание", "оператор", "метод"]
        + ["сумма"],
        "ignored",
    ),
}
UNIT_SCALE = {"": 0, "%": 0, "wt%": 0, "wt.%": 0, "mass%": 0, "масс.%": 0, "‰": -1, "ppm": -4}  # 10**n → %
META_KEYS = {
    "serial number": "serial",
    "serial no": "serial",
    "s/n": "serial",
    "заводской номер": "serial",
    "серийный номер": "serial",
    "прибор": "instrument",
    "оператор": "operator",
}


def column(name: str) -> tuple[str, str, int] | None:
    """A header cell's (role, element, power of ten to %): ("sample", "", 0), ("element", "Au", -1)…;
    None if the column is unknown."""
    key = header_key(name)
    if key in NAMES:
        return NAMES[key], "", 0
    match = re.fullmatch(r"([a-z]{1,2})(?![a-z])\s*,?\s*(.*)", key)
    element = match and element_symbol(match[1])
    unit = match and match[2].strip("()[] ").replace(" ", "")
    if element and unit in UNIT_SCALE:
        return "element", element, UNIT_SCALE[unit]
    return None


def find_header(lines: list[str]) -> tuple[int, list[str], list] | None:
    """(index, names, columns) of the header line, or None."""
    for index, line in enumerate(lines[:HEADER_LINES]):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        names = trim(split_fields(line, delimiter_of(line)), 0)
        columns = [column(name) for name in names]
        roles = {c[0] for c in columns if c}
        if None not in columns and {"sample", "element"} <= roles:
            return index, names, columns
    return None


def sniff(text: str) -> bool:
    return find_header(first_lines(text, HEADER_LINES)) is not None


def check_fractions(fractions: dict[str, Decimal]) -> tuple[str, dict] | None:
    """The first thing wrong with a reading's mass fractions in %, as (code, params); None if none."""
    if not fractions:
        return "no_values", {}
    for element, value in fractions.items():
        if not 0 <= value <= 100:
            return "out_of_range", {"element": element, "value": str(value)}
    total = sum(fractions.values())
    if total > MAX_TOTAL:
        return "sum_over_100", {"total": str(total)}
    return None


def _meta(line: str) -> tuple[str, str] | None:
    key, colon, value = line.lstrip("#").partition(":")
    key = header_key(key)
    if not colon or not key:
        return None
    return META_KEYS.get(key, key.replace(" ", "_")), value.strip()


def _reading(number_: int, raw: str, names: list[str], columns: list, fields: list[str]):
    """A `Composition` of one data line, or the `Problem` that rejects it."""

    def reject(code: str, **params) -> Problem:
        return Problem(number_, code, params, shorten(raw))

    cells = {"sample": "", "reading": "", "date": "", "time": ""}
    fractions: dict[str, Decimal] = {}
    below: set[str] = set()
    for name, (role, element, scale), cell in zip(names, columns, fields, strict=True):
        if role in cells:
            cells[role] = cell
        elif role == "element" and cell:
            if below_detection(cell):
                below.add(element)
            elif (value := number(cell)) is None:
                return reject("bad_number", column=name, value=cell)
            else:
                fractions[element] = value.scaleb(scale)
    if not cells["sample"]:
        return reject("no_sample")
    measured_at = None
    has_date = any(role == "date" for role, _, _ in columns)
    stamp = " ".join(cells[key] for key in ("date", "time") if cells[key]) if has_date else ""
    if stamp and (measured_at := parse_datetime(stamp)) is None:
        return reject("bad_date", value=stamp)
    if wrong := check_fractions(fractions):
        return reject(wrong[0], **wrong[1])
    return Composition(number_, cells["sample"], cells["reading"], fractions, frozenset(below), measured_at)


def parse(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Parsed:
    lines = split_lines(decode(data, max_bytes=max_bytes))
    found = find_header(lines)
    if found is None:
        raise ParseError("not_this_format", format=CODE)
    start, names, columns = found
    keys = [(role, element) for role, element, _ in columns]
    for index, (name, key) in enumerate(zip(names, keys, strict=True)):
        if key[0] != "ignored" and key in keys[:index]:
            raise ParseError("duplicate_column", column=name)
    meta = dict(filter(None, (_meta(line) for line in lines[:start] if line.lstrip().startswith("#"))))
    delimiter = delimiter_of(lines[start])
    rows, problems, skipped = [], [], []
    for number_, raw in enumerate(lines[start + 1 :], start=start + 2):
        if not raw.strip():
            continue
        if raw.lstrip().startswith("#"):
            skipped.append(Problem(number_, "comment", {}, shorten(raw)))
            continue
        fields = trim(split_fields(raw, delimiter), len(names))
        result = field_count_problem(number_, raw, fields, len(names)) or _reading(
            number_, raw, names, columns, fields
        )
        (rows if isinstance(result, Composition) else problems).append(result)
    if not (rows or problems or skipped):
        raise ParseError("no_rows")
    return Parsed(CODE, tuple(rows), tuple(problems), tuple(skipped), meta)
