"""Decimal quantities and their one quantization rule each (STYLE.md §3). Pure: no Django."""

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

# Gross mass of an item as weighed at intake: grams to 1 mg.
MASS_G = Decimal("0.001")
# Fineness on the 1000-part scale, reported to 0.1 ‰.
FINENESS = Decimal("0.1")
# One rounding rule for reported figures: round half to even (ISO 80000-1 Annex B, GOST R 8.736).
ROUNDING = ROUND_HALF_EVEN


def to_decimal(value: object) -> Decimal:
    """Convert user or instrument input to Decimal without passing through float."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        raise TypeError("Use str or Decimal for measured quantities, not float.")
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(f"Not a number: {value!r}") from error


def quantize(value: object, step: Decimal) -> Decimal:
    return to_decimal(value).quantize(step, rounding=ROUNDING)


def mass_g(value: object) -> Decimal:
    return quantize(value, MASS_G)


def fineness(value: object) -> Decimal:
    return quantize(value, FINENESS)
