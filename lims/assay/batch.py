"""Batch conformity screening and replicate statistics with numpy. Pure: no Django.

Verdicts here agree exactly with `fineness.conformity` and `fineness.replicates`, so no float takes part
in a decision: finenesses are converted at the boundary to int64 counts of UNIT = 0.0001 ‰ (1000 ‰ is
10,000,000 units), and judging, comparing and ranges are integer arithmetic. Every fineness array below
is in these units; `to_decimal` turns one back into a Decimal. Only replicate means and standard
deviations are float64: they are statistics for QC charts, never verdicts.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import numpy as np

from lims.assay.fineness import PERMILLE, AssayInputError

PLACES = 4
UNIT = Decimal("0.0001")  # ‰
UNITS_PER_PERMILLE = 10**PLACES
TENTH = UNITS_PER_PERMILLE // 10  # conformity is judged to 0.1 ‰
NONE = -1  # "no declaration" in declared arrays, "below the lowest standard" in assignable arrays

Fineness = Decimal | str | int


def _unit(value: Fineness, name: str) -> int:
    """One fineness in ‰ as an exact count of units; floats are refused because they are not exact."""
    if value is None or isinstance(value, float | bool):
        raise AssayInputError("not_a_number", f"{name} must be a Decimal, str or int, not {value!r}")
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise AssayInputError("not_a_number", f"{name} {value!r} is not a number") from None
    if not number.is_finite():
        raise AssayInputError("not_a_number", f"{name} {value!r} is not a number")
    if not 0 <= number <= PERMILLE:
        raise AssayInputError("out_of_range", f"{name} {value} ‰ is outside 0..1000 ‰")
    exact = number.quantize(UNIT)  # compared exactly; scaleb alone would round to 28 digits
    if exact != number:
        raise AssayInputError("too_many_places", f"{name} {value} has more than {PLACES} decimal places")
    return int(exact.scaleb(PLACES))


def to_units(values, *, name: str = "fineness") -> np.ndarray:
    """int64 array of units, same shape as `values` (a sequence, or a sequence of equal-length rows, of
    Decimal/str/int in ‰). AssayInputError (a ValueError) for anything that is not exactly representable:
    floats, NaN, more than 4 decimal places, or outside 0..1000 ‰."""
    objects = np.asarray(values, dtype=object)
    return np.vectorize(lambda value: _unit(value, name), otypes=[np.int64])(objects)


def to_decimal(units: int) -> Decimal:
    """One value from a units array back as a Decimal in ‰ (e.g. 5849000 → Decimal('584.9000'))."""
    return Decimal(int(units)).scaleb(-PLACES)


# --- Conformity screening ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    total: int
    conforming: int
    not_conforming: int
    undeclared: int
    not_precious: int  # below the lowest standard
    by_standard: dict[Decimal, int]  # assignable standard → readings (every standard listed, zeros too)


@dataclass(frozen=True)
class Screening:
    """One entry per reading; the fields of `fineness.Conformity`, as arrays."""

    standards: np.ndarray  # int64 units, ascending, unique
    judged: np.ndarray  # int64 units: less uncertainty if the policy says so, floored to 0.1 ‰
    undeclared: np.ndarray  # bool: nothing declared (Conformity.conforms is None)
    conforms: np.ndarray  # bool: judged ≥ declared; False where undeclared
    assignable: np.ndarray  # int64 units of the highest standard ≤ judged; NONE below the lowest
    is_precious_article: np.ndarray  # bool: assignable is not NONE

    def summary(self) -> Summary:
        """Counts for the batch; undeclared readings are neither conforming nor not conforming."""
        index = np.searchsorted(self.standards, self.assignable[self.is_precious_article])
        per_standard = np.bincount(index, minlength=len(self.standards))
        return Summary(
            total=len(self.judged),
            conforming=int(np.count_nonzero(self.conforms)),
            not_conforming=int(np.count_nonzero(~self.conforms & ~self.undeclared)),
            undeclared=int(np.count_nonzero(self.undeclared)),
            not_precious=int(np.count_nonzero(~self.is_precious_article)),
            by_standard={to_decimal(s): int(n) for s, n in zip(self.standards, per_standard, strict=True)},
        )


def screen_units(
    measured: np.ndarray,
    *,
    declared: np.ndarray,
    standards: np.ndarray,
    uncertainty: int = 0,
    subtract_uncertainty: bool = False,
) -> Screening:
    """The kernel, on arrays already in units: `declared` with NONE where nothing was declared, `standards`
    ascending and unique. Integer floor division and comparisons only, so it decides as the Decimal path
    does. Use `screen` unless the inputs are units already."""
    adjusted = measured - uncertainty if subtract_uncertainty else measured
    judged = adjusted // TENTH * TENTH  # floor, like ROUND_FLOOR, negatives included
    index = np.searchsorted(standards, judged, side="right") - 1
    precious = index >= 0
    undeclared = declared == NONE
    return Screening(
        standards=standards,
        judged=judged,
        undeclared=undeclared,
        conforms=~undeclared & (judged >= declared),
        assignable=np.where(precious, standards[index], NONE),
        is_precious_article=precious,
    )


def screen(
    measured: Sequence[Fineness],
    *,
    declared: Fineness | Sequence[Fineness | None] | None,
    standards: Iterable[Fineness],
    uncertainty: Fineness = 0,
    subtract_uncertainty: bool = False,
) -> Screening:
    """`fineness.conformity` for a whole batch. `declared` is one value for every reading, a sequence
    with None where nothing was declared, or None for none at all. Returns a Screening."""
    values = to_units(measured, name="measured fineness").reshape(-1)
    ordered = np.unique(to_units(list(standards), name="standard").reshape(-1))
    if not len(ordered):
        raise AssayInputError("no_standards", "no standard finenesses for this metal")
    return screen_units(
        values,
        declared=_declared_units(declared, len(values)),
        standards=ordered,
        uncertainty=_unit(uncertainty, "uncertainty"),
        subtract_uncertainty=subtract_uncertainty,
    )


def _declared_units(declared, count: int) -> np.ndarray:
    if declared is None:
        return np.full(count, NONE, dtype=np.int64)
    if isinstance(declared, Decimal | str | int):
        return np.full(count, _unit(declared, "declared fineness"), dtype=np.int64)
    declared = list(declared)
    if len(declared) != count:
        raise AssayInputError("length_mismatch", f"{len(declared)} declarations for {count} readings")
    units = [NONE if value is None else _unit(value, "declared fineness") for value in declared]
    return np.array(units, dtype=np.int64)


# --- Replicate statistics for QC ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReplicateStats:
    """Per item (row) of an n × k table of replicate determinations."""

    count: int  # k, replicates per item
    range: np.ndarray  # int64 units, max − min: exact, it decides repeats
    mean: np.ndarray  # float64 ‰, a statistic (the reported mean is `fineness.replicates`, in Decimal)
    std: np.ndarray  # float64 ‰, sample standard deviation (ddof=1); NaN when k = 1

    def repeat_required(self, *, limit: Fineness, minimum: int = 2) -> np.ndarray:
        """bool per item, as `fineness.replicates(row, limit=…, minimum=…).repeat_required`: fewer than
        `minimum` determinations, or a range over `limit` ‰ (compared in units, so exactly)."""
        if self.count < minimum:
            return np.ones(len(self.range), dtype=bool)
        return self.range > _unit(limit, "agreement limit")


def replicate_stats(readings: Sequence[Sequence[Fineness]]) -> ReplicateStats:
    """Range, mean and sample standard deviation of each row of replicate readings (Decimal/str/int ‰,
    every row the same length, at least one replicate)."""
    not_a_table = AssayInputError("not_a_table", "replicates must be n ≥ 1 items × the same k ≥ 1 each")
    if len({len(row) for row in readings}) != 1:  # before numpy, which would make a ragged table 1-D
        raise not_a_table
    units = to_units(readings, name="replicate")
    if units.ndim != 2 or units.shape[1] == 0:
        raise not_a_table
    items, count = units.shape
    permille = units / UNITS_PER_PERMILLE
    std = permille.std(axis=1, ddof=1) if count > 1 else np.full(items, np.nan)
    return ReplicateStats(
        count=count,
        range=units.max(axis=1) - units.min(axis=1),
        mean=permille.mean(axis=1),
        std=std,
    )
