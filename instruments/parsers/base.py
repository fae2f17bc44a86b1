"""What every result-file parser returns. Pure: no Django, no database.

A parser takes the file's bytes and gives typed rows plus every line it did not turn into a row, each with its
line number and a stable problem code (the user's language is `instruments.problems`). Nothing is dropped
silently: a line is a row, a `Problem` (rejected: the laboratory must look at it) or a `Skipped` line
(deliberately not imported: a calibration standard, a blank, a summary line), and both are reported.

A file that cannot be read at all (too large, not text, not this format, no data) raises `ParseError`.
"""

import csv
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# Files larger than this are refused before decoding; the web layer passes the configured limit.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class ParseError(Exception):
    """The whole file is refused. `code` is stable (see `instruments.problems.FILE_ERRORS`)."""

    def __init__(self, code: str, message: str = "", **params):
        super().__init__(message or code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Problem:
    """A rejected line (1-based `line`; 0 for the file as a whole), with a stable code and its parameters."""

    line: int
    code: str
    params: dict = field(default_factory=dict)
    text: str = ""  # the line as it was in the file (shortened), so the report shows what was refused


@dataclass(frozen=True)
class Composition:
    """One XRF reading of one sample: element → mass fraction in % (exact as written, never via float)."""

    line: int
    sample: str  # the sample ID as written: a lab number or an item's barcode
    reading: str  # the reading's number or label in the file ("" when the file has none)
    fractions: dict[str, Decimal]
    below_detection: frozenset[str] = frozenset()  # elements reported "< LOD" / "ND"
    measured_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Impurities:
    """One ICP-OES determination of one sample: element → concentration in mg/kg of the sample."""

    line: int  # the first line of this determination
    sample: str
    replicate: str
    concentrations: dict[str, Decimal]
    below_detection: frozenset[str] = frozenset()
    measured_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Weighing:
    """One balance reading as displayed (value and unit), stable or not."""

    line: int
    value: Decimal
    unit: str  # "g" or "mg"
    stable: bool = True

    @property
    def milligrams(self) -> Decimal:
        return self.value * 1000 if self.unit == "g" else self.value


@dataclass(frozen=True)
class Parsed:
    format: str  # the parser's CODE
    rows: tuple
    problems: tuple[Problem, ...] = ()
    skipped: tuple[Problem, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)  # from the file's header: serial, model, operator…


# --- Helpers the format modules share ---------------------------------------------------------------------

_BINARY_MAGIC = {
    b"%PDF": "pdf",
    b"PK\x03\x04": "zip",  # .xlsx, .docx, .zip
    b"\xd0\xcf\x11\xe0": "ole",  # .xls, .doc
    b"\x89PNG": "image",
    b"\xff\xd8\xff": "image",
}


def decode(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file's text. UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text"), or
    Windows-1251 (Cyrillic Windows exports). Refuses oversized, empty, binary and undecodable files."""
    if len(data) > max_bytes:
        raise ParseError("too_large", size=len(data), limit=max_bytes)
    if not data.strip():
        raise ParseError("empty")
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ParseError("binary", kind=kind)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ParseError("encoding") from error
    if b"\x00" in data:
        raise ParseError("encoding")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError as error:
        raise ParseError("encoding") from error
    if any(ord(c) < 32 and c not in "\t\r\n\f" for c in text):
        raise ParseError("encoding")
    return text


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def number(text: str) -> Decimal | None:
    """A decimal as written ("58.52", or "58,52" from a decimal-comma locale), or None if it is not one.
    Never via float, so 58.52 stays 58.52. Thousands separators are not accepted."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(text):
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def shorten(line: str, limit: int = 120) -> str:
    line = line.rstrip("\r\n")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def split_lines(text: str) -> list[str]:
    """The file's physical lines (\\r\\n, \\r or \\n); line number = index + 1."""
    return re.split(r"\r\n|\r|\n", text)


def first_lines(text: str, count: int = 30) -> list[str]:
    """The first `count` lines, without splitting a large file whole (for a format's cheap sniff)."""
    return split_lines("\n".join(text.split("\n", count)[:count]))[:count]


def delimiter_of(header: str) -> str:
    """The header's delimiter: tab if it has one, else ";" if it has one, else ",". (A comma in a header
    such as "Au, %" or a decimal comma never wins over ";" or tab.)"""
    return "\t" if "\t" in header else ";" if ";" in header else ","


def split_fields(line: str, delimiter: str) -> list[str]:
    """One line's fields, quotes removed ("a","b" or a;b), stripped. A quoted field cannot span lines."""
    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter, strict=False), [])]


def header_key(name: str) -> str:
    """A header cell for comparing: case-folded, inner spaces collapsed, trailing "." or ":" dropped."""
    return " ".join(name.replace("\ufeff", "").split()).casefold().rstrip(".:").strip()


def trim(fields: list[str], expected: int) -> list[str]:
    """Drop empty fields beyond the header's width (a trailing delimiter is not an extra column)."""
    while len(fields) > expected and not fields[-1]:
        fields = fields[:-1]
    return fields


def field_count_problem(line: int, raw: str, fields: list[str], expected: int) -> Problem | None:
    if len(fields) == expected:
        return None
    return Problem(line, "field_count", {"got": len(fields), "expected": expected}, shorten(raw))


ELEMENTS = frozenset(
    """H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr
    Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb
    Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr
    """.split()
)
_ELEMENTS_BY_KEY = {symbol.casefold(): symbol for symbol in ELEMENTS}


def element_symbol(text: str) -> str | None:
    """ "Au", "AU" or "au" → "Au"; None if it is not an element symbol."""
    return _ELEMENTS_BY_KEY.get(text.strip().casefold())


_BELOW_DETECTION = {"nd", "n.d.", "n/d", "-", "—", "н.о.", "н/о", "bdl"}


def below_detection(cell: str) -> bool:
    """ "< LOD", "<LOD", "<0.2", "ND", "n.d.", "-", "н.о.": the element was looked for and not found."""
    cell = cell.strip()
    return cell.startswith("<") or cell.casefold() in _BELOW_DETECTION


_DATETIME_FORMS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
    re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"),
)
_TIME = re.compile(
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?(?:\s*(?P<ampm>[AaPp][Mm]))?)?"
)


def parse_datetime(text: str) -> datetime.datetime | None:
    """A naive datetime from "2026-11-20 10:14:03" (or "T"), "20.11.2026 10:14", "20/11/2026 10:14:03"
    (day first) or "11/20/2026 10:14:03 AM" (AM/PM: the US month-first form); seconds optional, a date alone
    is midnight. None if it is none of these or not a real date."""
    text = text.strip()
    for form in _DATETIME_FORMS:
        date = form.match(text)
        time = date and _TIME.fullmatch(text, date.end())
        if not time:
            continue
        day, month = int(date["d"]), int(date["m"])
        hour = int(time["H"] or 0)
        if time["ampm"]:
            if "/" not in date[0] or not 1 <= hour <= 12:
                return None
            day, month = month, day
            hour = hour % 12 + (12 if time["ampm"].upper() == "PM" else 0)
        try:
            # Naive on purpose: the file has no zone; the importer localises.
            return datetime.datetime(  # noqa: DTZ001
                int(date["y"]), month, day, hour, int(time["M"] or 0), int(time["S"] or 0)
            )
        except ValueError:
            return None
    return None
