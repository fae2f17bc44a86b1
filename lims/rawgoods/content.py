"""The precious-metal content of raw goods (Law art.1 p.16, art.6 p.7; rule R10). Pure: no Django.

The content document states the mass fraction of every one of the eight precious metals (Law art.1 p.7),
in g/t or in %, or "not detected" together with the detection limit. Rules, in one place:
- 1 % = 10,000 g/t; conversions are exact (they only move the decimal point) and never round;
- a mass fraction cannot exceed the whole: 100 % = 1,000,000 g/t;
- stored figures are rounded half to even to 0.0001 of their unit (`quantize`); a positive figure that
  would round to zero is refused rather than silently recorded as 0 (enter it in g/t instead of %).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, Inexact, localcontext

# The eight precious metals in the order every content record lists them (Law art.1 p.7).
ELEMENTS = ("Au", "Ag", "Pt", "Pd", "Rh", "Ir", "Ru", "Os")

G_PER_T = "g/t"
PERCENT = "%"
UNITS = (G_PER_T, PERCENT)

G_PER_T_IN_ONE_PERCENT = Decimal("10000")
# The whole sample: a mass fraction cannot exceed it.
MAXIMUM = {PERCENT: Decimal("100"), G_PER_T: Decimal("1000000")}

# Stored figures: 0.0001 of the unit (0.0001 g/t or 0.0001 %), round half to even.
QUANTUM = Decimal("0.0001")
ROUNDING = ROUND_HALF_EVEN


def missing(recorded_elements: Iterable[str]) -> list[str]:
    """The elements, in canonical order, that have no content recorded yet."""
    recorded = set(recorded_elements)
    return [element for element in ELEMENTS if element not in recorded]


def quantize(value: Decimal) -> Decimal:
    return value.quantize(QUANTUM, rounding=ROUNDING)


def _exact(operation):
    # Wide enough for any figure a person or an instrument gives; Inexact is trapped so a conversion
    # that would have to round raises instead.
    with localcontext() as context:
        context.prec = 60
        context.traps[Inexact] = True
        return operation()


def percent_to_g_per_t(value: Decimal) -> Decimal:
    return _exact(lambda: value * G_PER_T_IN_ONE_PERCENT)


def g_per_t_to_percent(value: Decimal) -> Decimal:
    return _exact(lambda: value / G_PER_T_IN_ONE_PERCENT)


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Exact conversion between g/t and %."""
    if from_unit not in UNITS or to_unit not in UNITS:
        raise ValueError(f"Unknown unit: {from_unit!r} or {to_unit!r}")
    if from_unit == to_unit:
        return value
    return percent_to_g_per_t(value) if from_unit == PERCENT else g_per_t_to_percent(value)


@dataclass(frozen=True)
class Problem:
    """Why an entry cannot be recorded: `field` names the input at fault, `code` is stable, for
    translation by the caller."""

    field: str
    code: str


def entry_problems(
    *, unit: str, value: Decimal | None, not_detected: bool, detection_limit: Decimal | None
) -> list[Problem]:
    """Everything wrong with one element's entry; empty when it can be recorded."""
    if unit not in UNITS:
        return [Problem("unit", "unit_unknown")]
    problems = []
    if not_detected:
        # "Not detected" is only meaningful together with the limit below which the method cannot see.
        if value is not None:
            problems.append(Problem("value", "value_with_not_detected"))
        if detection_limit is None:
            problems.append(Problem("detection_limit", "detection_limit_required"))
    elif value is None:
        problems.append(Problem("value", "value_required"))
    for field, figure in (("value", value), ("detection_limit", detection_limit)):
        if figure is None:
            continue
        if not figure.is_finite():
            problems.append(Problem(field, "not_a_number"))
        elif figure < 0 or (field == "detection_limit" and figure == 0):
            problems.append(Problem(field, "negative" if figure < 0 else "detection_limit_zero"))
        elif figure > MAXIMUM[unit]:
            problems.append(Problem(field, "over_maximum"))
        elif figure > 0 and quantize(figure) == 0:
            problems.append(Problem(field, "too_small_for_percent" if unit == PERCENT else "too_small"))
    # A figure reported as detected cannot lie below the detection limit given with it.
    if (
        not problems
        and not not_detected
        and value is not None
        and detection_limit is not None
        and value < detection_limit
    ):
        problems.append(Problem("value", "below_detection_limit"))
    return problems
