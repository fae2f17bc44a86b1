"""Fineness on the 1000-part scale, computed exactly, by method. Pure: no Django.

Sources: reference/assay-and-hallmarking.md §1-§4 (ISO 11426, 11427, 11210, 11490, 15093/15096; GOST 30649;
Hallmarking Convention). Rounding rules, in one place:
- computed finenesses are kept unrounded (Decimal, 28 significant digits) until reported;
- reported figures are rounded half to even to 0.1 ‰, never up to 1000.0 ‰ from below (`report`);
- conformity is judged on the value rounded DOWN to 0.1 ‰ (`for_conformity`): rounding never lifts an
  article over a standard, in keeping with "no negative tolerance".
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

PERMILLE = Decimal("1000")
TENTH = Decimal("0.1")
CARAT_STEP = Decimal("0.01")
SILVER_MOLAR_MASS = Decimal("107.8682")  # g/mol, IUPAC standard atomic weight of Ag


class AssayInputError(ValueError):
    """Raw measurements that cannot yield a fineness; `code` is stable, for translation by the caller."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(message)
        self.code = code
        self.params = params


def report(value: Decimal) -> Decimal:
    """Half to even to 0.1 ‰; a value below 1000 ‰ is never reported as 1000.0 ‰ (that would claim pure
    metal, which no assay by difference proves), so 999.95… ‰ is reported 999.9 ‰."""
    reported = value.quantize(TENTH, rounding=ROUND_HALF_EVEN)
    if reported == PERMILLE and value < PERMILLE:
        return PERMILLE - TENTH
    return reported


def for_conformity(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_FLOOR)


def carat(fineness: Decimal) -> Decimal:
    """carat = fineness / 1000 × 24, to 0.01 ct."""
    return (fineness / PERMILLE * 24).quantize(CARAT_STEP, rounding=ROUND_HALF_EVEN)


def _positive(value: Decimal, name: str) -> Decimal:
    """`name` is a stable code of the quantity (e.g. "portion_mass"), translated by the caller."""
    if value <= 0:
        raise AssayInputError("not_positive", f"{name} must be greater than zero", quantity=name)
    return value


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


# --- Gold: fire assay with proof (check) assays, ISO 11426 -------------------------------------------------


@dataclass(frozen=True)
class Portion:
    """An assay portion: its mass and the mass of the gold cornet it gave (same unit, e.g. mg)."""

    mass: Decimal
    cornet: Decimal


@dataclass(frozen=True)
class Proof:
    """A proof (check) assay: pure gold taken and the cornet it gave after cupellation."""

    gold_taken: Decimal
    cornet: Decimal


@dataclass(frozen=True)
class FireAssay:
    correction: Decimal  # Δ = mean(proof cornet − gold taken)
    portions: tuple[Decimal, ...]  # fineness of each portion, unrounded


def fire_assay_gold(portions: Sequence[Portion], proofs: Sequence[Proof]) -> FireAssay:
    """fineness_i = (m_cornet_i − Δ) / m_portion_i × 1000,
    Δ = mean over proofs of (m_proof_cornet − m_gold_taken)."""
    if not portions:
        raise AssayInputError("no_portions", "at least one assay portion is needed")
    if not proofs:
        raise AssayInputError("no_proofs", "proof assays are needed for the correction")
    for proof in proofs:
        _positive(proof.gold_taken, "proof_gold_taken")
        _positive(proof.cornet, "proof_cornet")
    correction = _mean([proof.cornet - proof.gold_taken for proof in proofs])
    finenesses = []
    for portion in portions:
        _positive(portion.mass, "portion_mass")
        _positive(portion.cornet, "cornet_mass")
        if portion.cornet > portion.mass:
            raise AssayInputError("cornet_heavier", "a cornet cannot weigh more than its portion")
        finenesses.append((portion.cornet - correction) / portion.mass * PERMILLE)
    return FireAssay(correction=correction, portions=tuple(finenesses))


# --- Silver: potentiometric titration with KBr, ISO 11427 --------------------------------------------------


def silver_titration(
    *,
    portion_mass_g: Decimal,
    titrant_ml: Decimal,
    concentration_mol_l: Decimal,
    titer_factor: Decimal = Decimal(1),
) -> Decimal:
    """m_Ag = V/1000 × c × f × 107.8682 g/mol; fineness = m_Ag / m_portion × 1000."""
    _positive(portion_mass_g, "portion_mass")
    _positive(titrant_ml, "titrant_volume")
    _positive(concentration_mol_l, "titrant_concentration")
    _positive(titer_factor, "titer_factor")
    silver_g = titrant_ml / PERMILLE * concentration_mol_l * titer_factor * SILVER_MOLAR_MASS
    return silver_g / portion_mass_g * PERMILLE


# --- Platinum and palladium: gravimetric, ISO 11210 / ISO 11490 --------------------------------------------


def gravimetric(*, portion_mass: Decimal, weighed_form_mass: Decimal, factor: Decimal) -> Decimal:
    """fineness = m_weighed_form × gravimetric factor / m_portion × 1000 (factor from reference data)."""
    _positive(portion_mass, "portion_mass")
    _positive(weighed_form_mass, "weighed_form_mass")
    _positive(factor, "gravimetric_factor")
    return weighed_form_mass * factor / portion_mass * PERMILLE


# --- High purity by difference, ISO 15093 / 15096 -----------------------------------------------------------


def by_difference(impurities_permille: Iterable[Decimal]) -> Decimal:
    """fineness = 1000 ‰ − Σ measured impurities (each in ‰; "not detected" entered as 0)."""
    values = list(impurities_permille)
    if not values:
        raise AssayInputError("no_impurities", "the impurities measured are needed")
    if any(value < 0 for value in values):
        raise AssayInputError("negative_impurity", "an impurity cannot be negative")
    total = sum(values, Decimal(0))
    if total > PERMILLE:
        raise AssayInputError("impurities_over_1000", "impurities add up to more than 1000 ‰")
    return PERMILLE - total


# --- Replicates --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replicates:
    values: tuple[Decimal, ...]
    mean: Decimal | None  # None when a repeat is required
    spread: Decimal  # max − min
    limit: Decimal
    minimum: int

    @property
    def repeat_required(self) -> bool:
        return self.mean is None


def replicates(values: Sequence[Decimal], *, limit: Decimal, minimum: int = 2) -> Replicates:
    """Decisive methods need at least `minimum` determinations agreeing within `limit` ‰ (max − min)."""
    if not values:
        raise AssayInputError("no_values", "no determinations")
    spread = max(values) - min(values)
    agreed = len(values) >= minimum and spread <= limit
    return Replicates(
        values=tuple(values),
        mean=_mean(values) if agreed else None,
        spread=spread,
        limit=limit,
        minimum=minimum,
    )


# --- Conformity to standard finenesses ---------------------------------------------------------------------


@dataclass(frozen=True)
class Conformity:
    judged_value: Decimal  # measured, less uncertainty when the policy says so, rounded down to 0.1 ‰
    declared: Decimal | None
    conforms: bool | None  # None when nothing was declared
    assignable: Decimal | None  # highest standard not above the judged value
    is_precious_article: bool  # False below the metal's lowest standard
    reasons: list[str] = field(default_factory=list)  # stable codes, for translation by the caller


def conformity(
    measured: Decimal,
    *,
    declared: Decimal | None,
    standards: Iterable[Decimal],
    uncertainty: Decimal = Decimal(0),
    subtract_uncertainty: bool = False,
) -> Conformity:
    """Measured ≥ declared standard with no negative tolerance; the assignable standard is the highest
    standard not above the measured value; below the lowest standard it is not an article of that metal."""
    ordered = sorted(set(standards))
    if not ordered:
        raise AssayInputError("no_standards", "no standard finenesses for this metal")
    judged = for_conformity(measured - uncertainty if subtract_uncertainty else measured)
    assignable = max((s for s in ordered if s <= judged), default=None)
    reasons = []
    if subtract_uncertainty and uncertainty:
        reasons.append("uncertainty_subtracted")
    if assignable is None:
        reasons.append("below_lowest_standard")
    conforms = None
    if declared is not None:
        conforms = judged >= declared
        reasons.append("meets_declared" if conforms else "below_declared")
        if assignable is not None and assignable != declared:
            reasons.append("assignable_differs")
    return Conformity(
        judged_value=judged,
        declared=declared,
        conforms=conforms,
        assignable=assignable,
        is_precious_article=assignable is not None,
        reasons=reasons,
    )
