"""Kazakhstan's 12-digit identifiers: IIN (individuals) and BIN (legal entities). Pure: no Django.

Check digit (reference/assay-and-hallmarking.md §7): c = Σ d_i·i (i = 1..11) mod 11; if c == 10, then
c = Σ d_i·w_i mod 11 with w = 3,4,5,6,7,8,9,10,11,1,2; if it is still 10 the number is never issued.
IIN structure: YYMMDD (date of birth) + a century/sex digit 1-6 + serial + check digit.
BIN structure checked here: YYMM of registration (month 01-12) + the check digit.
"""

from dataclasses import dataclass
from datetime import date

FIRST_WEIGHTS = tuple(range(1, 12))
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURY_BY_DIGIT = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class IdentifierError(ValueError):
    """Why a 12-digit identifier is not valid; `code` is stable, the message is for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def check_digit(first_eleven: str) -> int | None:
    """The check digit for 11 leading digits, or None when no valid number can end them."""
    if len(first_eleven) != 11 or not first_eleven.isdigit():
        raise ValueError("expected exactly 11 digits")
    digits = [int(ch) for ch in first_eleven]
    control = sum(d * w for d, w in zip(digits, FIRST_WEIGHTS, strict=True)) % 11
    if control == 10:
        control = sum(d * w for d, w in zip(digits, SECOND_WEIGHTS, strict=True)) % 11
    return None if control == 10 else control


def _check_format(value: str) -> str:
    value = value.strip()
    if len(value) != 12 or not value.isdigit():
        raise IdentifierError("format", "must be exactly 12 digits")
    expected = check_digit(value[:11])
    if expected is None or expected != int(value[11]):
        raise IdentifierError("checksum", "check digit does not match")
    return value


@dataclass(frozen=True)
class IIN:
    value: str
    birth_date: date


def validate_iin(value: str) -> IIN:
    value = _check_format(value)
    century_digit = int(value[6])
    if century_digit not in CENTURY_BY_DIGIT:
        raise IdentifierError("century", "7th digit (century and sex) must be 1-6")
    year = CENTURY_BY_DIGIT[century_digit] + int(value[0:2])
    try:
        birth = date(year, int(value[2:4]), int(value[4:6]))
    except ValueError as error:
        raise IdentifierError("birth_date", "first six digits are not a valid date of birth") from error
    return IIN(value=value, birth_date=birth)


def validate_bin(value: str) -> str:
    value = _check_format(value)
    if not 1 <= int(value[2:4]) <= 12:
        raise IdentifierError("month", "digits 3-4 must be the month of registration (01-12)")
    return value


def complete(first_eleven: str) -> str:
    """Append the check digit (for generating demo and test data)."""
    digit = check_digit(first_eleven)
    if digit is None:
        raise ValueError("no valid identifier starts with these 11 digits")
    return f"{first_eleven}{digit}"
