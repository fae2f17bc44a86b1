"""Market-data CSV files -> typed rows. Pure: no database, no models; only Django's gettext for messages.

Two layouts, each with a header line (column names in any order; extra columns are ignored):

    prices:  date,usd_per_troy_ounce            LBMA Gold Price AM, USD per troy ounce, to 0.001
    rates:   date,currency,kzt_per_unit         tenge per unit of an ISO 4217 currency, to 0.0001

The delimiter (comma, semicolon or tab) is recognised from the header line. In a semicolon- or tab-separated
file a number may use a comma or a point as its decimal separator (as Excel writes it in Kazakh and Russian
locales); in a comma-separated file only a point. Thousands separators and exponents are refused rather than
guessed at. Dates are ISO (YYYY-MM-DD). The file must be UTF-8; a byte-order mark is dropped.

Nothing is rounded: a value with more decimal places than the column stores is refused. Every refused line is
reported with its line number and the reason; the good lines are returned. When the file says more than once
what the value of the same date (and currency) is, none of those lines is returned: the parser does not pick.
"""

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PRICES = "prices"
RATES = "rates"
PRICE_COLUMNS = ("date", "usd_per_troy_ounce")
RATE_COLUMNS = ("date", "currency", "kzt_per_unit")
DELIMITERS = (",", ";", "\t")
# (max_digits, decimal_places) of the model fields the values go to.
PRICE_DIGITS = (12, 3)
RATE_DIGITS = (12, 4)
FILE = 0  # line number of an error about the file as a whole

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?\Z")
_CURRENCY = re.compile(r"[A-Z]{3}\Z")


@dataclass(frozen=True)
class PriceRow:
    date: date
    usd_per_troy_ounce: Decimal
    line: int = 0

    @property
    def key(self) -> date:
        return self.date


@dataclass(frozen=True)
class RateRow:
    date: date
    currency: str
    kzt_per_unit: Decimal
    line: int = 0

    @property
    def key(self) -> tuple[str, date]:
        return (self.currency, self.date)


@dataclass(frozen=True)
class LineError:
    line: int  # 1-based line of the file; FILE (0) for the file as a whole
    reason: str


class Parsed(NamedTuple):
    rows: list
    errors: list[LineError]


class _Rejected(ValueError):
    pass


def parse_prices(content: bytes) -> Parsed:
    return _parse(content, PRICE_COLUMNS, _price_row)


def parse_rates(content: bytes) -> Parsed:
    return _parse(content, RATE_COLUMNS, _rate_row)


def parse(kind: str, content: bytes) -> Parsed:
    if kind == PRICES:
        return parse_prices(content)
    if kind == RATES:
        return parse_rates(content)
    raise ValueError(f"Unknown market data kind: {kind!r}")


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise _Rejected(
            _(
                "The file is not UTF-8 text (byte 0x%(byte)s on line %(line)d cannot be read). "
                "Save it as “CSV UTF-8” and upload it again."
            )
            % {"byte": f"{content[error.start]:02X}", "line": line}
        ) from error


def _header_delimiter(header_line: str, expected: tuple[str, ...]) -> str:
    """The delimiter that splits the header into the expected column names."""
    best_missing = list(expected)
    for delimiter in DELIMITERS:
        names = [name.strip().lower() for name in next(csv.reader([header_line], delimiter=delimiter))]
        missing = [column for column in expected if column not in names]
        if not missing:
            return delimiter
        if len(missing) < len(best_missing):
            best_missing = missing
    raise _Rejected(
        _("The header must name the columns %(expected)s; missing: %(missing)s.")
        % {"expected": ",".join(expected), "missing": ", ".join(best_missing)}
    )


def _parse(content: bytes, expected: tuple[str, ...], build) -> Parsed:
    try:
        text = _decode(content)
    except _Rejected as error:
        return Parsed([], [LineError(FILE, str(error))])
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip(" \t,;")), None)
    if header_index is None:
        return Parsed([], [LineError(FILE, _("The file is empty."))])
    try:
        delimiter = _header_delimiter(lines[header_index], expected)
    except _Rejected as error:
        return Parsed([], [LineError(header_index + 1, str(error))])

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, errors = [], []
    lines_by_key: dict[object, list[int]] = defaultdict(list)
    columns: dict[str, int] | None = None
    width = 0
    try:
        for fields in reader:
            line = reader.line_num
            if not any(field.strip() for field in fields):
                continue
            if columns is None:
                names = [name.strip().lower() for name in fields]
                repeated = sorted({name for name in names if name in expected and names.count(name) > 1})
                if repeated:
                    message = _("Column %(column)s appears more than once in the header.")
                    return Parsed([], [LineError(line, message % {"column": repeated[0]})])
                columns = {name: names.index(name) for name in expected}
                width = len(names)
                continue
            if len(fields) > width and not any(field.strip() for field in fields[width:]):
                fields = fields[:width]  # trailing empty cells, as spreadsheets write them
            if len(fields) != width:
                reason = ngettext(
                    "has %(found)d field, the header has %(expected)d",
                    "has %(found)d fields, the header has %(expected)d",
                    len(fields),
                ) % {
                    "found": len(fields),
                    "expected": width,
                }
                if delimiter == "," and len(fields) > width:
                    reason += _(
                        " (is a comma used as the decimal separator? Use a point, or separate the columns "
                        "with semicolons)"
                    )
                errors.append(LineError(line, reason))
                continue
            values = {name: fields[index].strip() for name, index in columns.items()}
            key, row, problems = build(values, line, delimiter != ",")
            if key is not None:
                lines_by_key[key].append(line)
            if problems:
                errors.append(LineError(line, "; ".join(problems)))
            else:
                rows.append(row)
    except csv.Error as error:
        message = _("The file cannot be read as CSV: %(error)s") % {"error": error}
        errors.append(LineError(reader.line_num, message))
    if columns is not None and not rows and not errors:
        errors.append(LineError(FILE, _("The file has a header but no data lines.")))

    repeated = {key: found for key, found in lines_by_key.items() if len(found) > 1}
    if repeated:
        for row in rows:
            if row.key in repeated:
                message = _(
                    "%(what)s appears more than once in the file (lines %(lines)s); none of these lines "
                    "is imported."
                ) % {"what": _describe(row.key), "lines": ", ".join(map(str, repeated[row.key]))}
                errors.append(LineError(row.line, message))
        rows = [row for row in rows if row.key not in repeated]
    return Parsed(rows, sorted(errors, key=lambda error: error.line))


def _describe(key) -> str:
    if isinstance(key, tuple):
        currency, day = key
        return _("The %(currency)s rate of %(date)s") % {"currency": currency, "date": day.isoformat()}
    return _("The price of %(date)s") % {"date": key.isoformat()}


def _price_row(values: dict[str, str], line: int, comma_decimal: bool):
    problems: list[str] = []
    day = _field(problems, _date, values["date"])
    price = _field(
        problems, _decimal, values["usd_per_troy_ounce"], "usd_per_troy_ounce", comma_decimal, PRICE_DIGITS
    )
    row = None if problems else PriceRow(day, price, line)
    return day, row, problems


def _rate_row(values: dict[str, str], line: int, comma_decimal: bool):
    problems: list[str] = []
    day = _field(problems, _date, values["date"])
    currency = _field(problems, _currency, values["currency"])
    rate = _field(problems, _decimal, values["kzt_per_unit"], "kzt_per_unit", comma_decimal, RATE_DIGITS)
    key = (currency, day) if day is not None and currency is not None else None
    row = None if problems else RateRow(day, currency, rate, line)
    return key, row, problems


def _field(problems: list[str], convert, *args):
    try:
        return convert(*args)
    except _Rejected as error:
        problems.append(str(error))
        return None


def _date(text: str) -> date:
    if not text:
        raise _Rejected(_("%(column)s is empty") % {"column": "date"})
    if not _ISO_DATE.match(text):
        raise _Rejected(_("date %(value)s is not in the form YYYY-MM-DD") % {"value": text})
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise _Rejected(_("date %(value)s does not exist") % {"value": text}) from error


def _currency(text: str) -> str:
    code = text.upper()
    if not _CURRENCY.match(code):
        raise _Rejected(_("currency %(value)s is not a three-letter ISO 4217 code") % {"value": text})
    if code == "KZT":
        raise _Rejected(_("currency KZT: a rate is tenge per unit of another currency"))
    return code


def _decimal(text: str, column: str, comma_decimal: bool, digits: tuple[int, int]) -> Decimal:
    max_digits, places = digits
    params = {"column": column, "value": text}
    if not text:
        raise _Rejected(_("%(column)s is empty") % params)
    if "," in text and not comma_decimal:
        raise _Rejected(
            _(
                "%(column)s %(value)s has a decimal comma in a comma-separated file; use a point, or "
                "separate the columns with semicolons"
            )
            % params
        )
    if not _NUMBER.match(text):
        raise _Rejected(
            _("%(column)s %(value)s is not a number (digits, one decimal separator, no thousands separators)")
            % params
        )
    value = Decimal(text.replace(",", "."))
    if value <= 0:
        raise _Rejected(_("%(column)s must be greater than zero, got %(value)s") % params)
    if -value.as_tuple().exponent > places:
        raise _Rejected(
            _("%(column)s %(value)s has more than %(places)d decimal places") % {**params, "places": places}
        )
    if value.adjusted() >= max_digits - places:
        raise _Rejected(_("%(column)s %(value)s is too large") % params)
    return value.quantize(Decimal(1).scaleb(-places))
