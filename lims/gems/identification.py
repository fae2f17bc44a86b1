"""Gemstone identification: rank candidate materials from measurements, derive values, raise consistency
flags. Pure: no Django.

Sources: reference/gems-and-kimberley.md §1 (constants and "Rules worth encoding"). The constants of each
material are reference data (fixtures/gems/, editable in the admin) and reach this module as `Constant`
values; the module holds no number of any material. The rule defaults below (tolerances, the OTL limit,
the flux-emerald thresholds) are the reference's rules 1, 2 and 5.

Scoring (`rank`), in integer points, one property at a time:
- a property that is both measured and listed in a candidate's constants is compared within tolerance
  (each RI reading ±0.01, birefringence ±0.005, SG ±0.05 by default): a match adds 1, a mismatch takes 1;
- a property not measured, or not listed for the candidate (None), is not compared and scores 0;
- RI over the limit (OTL) matches constants whose RI range reaches above the limit, or is not listed (the
  reference data leaves RI empty for OTL materials), and mismatches constants whose whole range is readable;
- optic character: "isotropic" and "amorphous" are both singly refractive and compare equal (a polariscope
  cannot tell them apart; glass is amorphous though tabled as isotropic); an observation without a sign
  ("uniaxial", "biaxial") matches either sign, and "anisotropic" (doubly refractive, polariscope only)
  matches any uniaxial or biaxial character;
- colour change compares only against constants defined by it (alexandrite): observed matches, observed
  absent mismatches, not examined (None) is not compared. Sapphire, garnet and synthetics change colour too,
  so for other constants an observed change is left to `flags`.
Candidates come sorted by score, highest first, then by code; every constant is returned with its matched
and mismatched reasons. The engine suggests and never decides: "natural" in particular cannot follow from
constants alone (reference rule 6).

Rounding: SG from hydrostatic weighing half to even to 0.01; carats half to even to 0.01 ct.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

OTL_LIMIT = Decimal("1.81")  # upper reading of a standard refractometer
RI_TOLERANCE = Decimal("0.01")
SG_TOLERANCE = Decimal("0.05")
BIREFRINGENCE_TOLERANCE = Decimal("0.005")
FLUX_EMERALD_RI_MAX = Decimal("1.565")  # rule 5: emerald with RI ≤ 1.565 and SG ≤ 2.66
FLUX_EMERALD_SG_MAX = Decimal("2.66")
CARATS_PER_GRAM = Decimal(5)  # 1 ct = 0.2 g
CARAT_STEP = Decimal("0.01")
SG_STEP = Decimal("0.01")

# Species names the rules refer to, as in `Constant.species` (fixtures/gems/gem_constants.json).
CORUNDUM = "corundum"
BERYL = "beryl"
CHRYSOBERYL = "chrysoberyl"
NATURAL = "natural"

# Reason codes of `Candidate.matched` / `Candidate.mismatched`, stable, translated by the caller.
RI = "ri"
RI_OVER_LIMIT = "ri_over_limit"
BIREFRINGENCE = "birefringence"
OPTIC_CHARACTER = "optic_character"
SG = "sg"
COLOUR_CHANGE = "colour_change"

# Flag codes, stable, translated by the caller; `flags` returns them in this order.
FLAG_CODES = (
    "birefringence_inconsistent",
    "isotropic_with_birefringence",
    "claim_contradicts_constants",
    "colour_change_corundum_not_alexandrite",
    "possible_flux_synthetic_emerald",
    "otl_identify_by_other_means",
)
OTL_METHODS = ("sg", "optic_character", "thermal_probe", "reflectivity")


class GemInputError(ValueError):
    """Measurements or constants that cannot be compared; `code` is stable, for translation by the caller."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(message)
        self.code = code
        self.params = params


class Optic(StrEnum):
    ISOTROPIC = "isotropic"
    UNIAXIAL_POSITIVE = "uniaxial+"
    UNIAXIAL_NEGATIVE = "uniaxial-"
    BIAXIAL_POSITIVE = "biaxial+"
    BIAXIAL_NEGATIVE = "biaxial-"
    AGGREGATE = "aggregate"
    AMORPHOUS = "amorphous"
    # Observations only, where the sign (or the number of optic axes) was not determined:
    UNIAXIAL = "uniaxial"
    BIAXIAL = "biaxial"
    ANISOTROPIC = "anisotropic"


CONSTANT_OPTICS = frozenset(
    {
        Optic.ISOTROPIC,
        Optic.UNIAXIAL_POSITIVE,
        Optic.UNIAXIAL_NEGATIVE,
        Optic.BIAXIAL_POSITIVE,
        Optic.BIAXIAL_NEGATIVE,
        Optic.AGGREGATE,
        Optic.AMORPHOUS,
    }
)
SINGLY_REFRACTIVE = frozenset({Optic.ISOTROPIC, Optic.AMORPHOUS})
_UNIAXIAL = frozenset({Optic.UNIAXIAL_POSITIVE, Optic.UNIAXIAL_NEGATIVE})
_BIAXIAL = frozenset({Optic.BIAXIAL_POSITIVE, Optic.BIAXIAL_NEGATIVE})
# Observed character -> the constants' characters it is consistent with.
COMPATIBLE_OPTICS = {
    Optic.ISOTROPIC: SINGLY_REFRACTIVE,
    Optic.AMORPHOUS: SINGLY_REFRACTIVE,
    Optic.UNIAXIAL_POSITIVE: frozenset({Optic.UNIAXIAL_POSITIVE}),
    Optic.UNIAXIAL_NEGATIVE: frozenset({Optic.UNIAXIAL_NEGATIVE}),
    Optic.BIAXIAL_POSITIVE: frozenset({Optic.BIAXIAL_POSITIVE}),
    Optic.BIAXIAL_NEGATIVE: frozenset({Optic.BIAXIAL_NEGATIVE}),
    Optic.AGGREGATE: frozenset({Optic.AGGREGATE}),
    Optic.UNIAXIAL: _UNIAXIAL,
    Optic.BIAXIAL: _BIAXIAL,
    Optic.ANISOTROPIC: _UNIAXIAL | _BIAXIAL,
}


# --- Derived values ----------------------------------------------------------------------------------------


def _positive(value: Decimal, name: str) -> Decimal:
    """`name` is a stable code of the quantity (e.g. "weight_in_air"), translated by the caller."""
    if value <= 0:
        raise GemInputError("not_positive", f"{name} must be greater than zero", quantity=name)
    return value


def _ordered(low: Decimal | None, high: Decimal | None, name: str, **params) -> None:
    if low is not None and high is not None and low > high:
        raise GemInputError(f"{name}_min_above_max", f"{name} minimum is above its maximum", **params)


def carats(mass_g: Decimal) -> Decimal:
    """carats = grams × 5 (1 ct = 0.2 g), half to even to 0.01 ct."""
    _positive(mass_g, "mass")
    return (mass_g * CARATS_PER_GRAM).quantize(CARAT_STEP, rounding=ROUND_HALF_EVEN)


def hydrostatic_sg(weight_in_air_g: Decimal, weight_in_water_g: Decimal) -> Decimal:
    """SG = W_air / (W_air − W_water), half to even to 0.01. Both weights must be positive (materials of SG
    ≤ 1 need heavy liquids or brine, not this weighing) and the stone weighs less in water than in air."""
    _positive(weight_in_air_g, "weight_in_air")
    _positive(weight_in_water_g, "weight_in_water")
    if weight_in_water_g >= weight_in_air_g:
        raise GemInputError(
            "water_weight_not_below_air",
            "the weight in water must be below the weight in air",
            weight_in_air=weight_in_air_g,
            weight_in_water=weight_in_water_g,
        )
    sg = weight_in_air_g / (weight_in_air_g - weight_in_water_g)
    return sg.quantize(SG_STEP, rounding=ROUND_HALF_EVEN)


def birefringence(ri_min: Decimal, ri_max: Decimal) -> Decimal:
    """birefringence = RI_max − RI_min (readings to 0.001, so the difference is exact)."""
    _ordered(ri_min, ri_max, "ri", ri_min=ri_min, ri_max=ri_max)
    return ri_max - ri_min


# --- Constants and measurements ----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Constant:
    """A material's identification constants (one row of the reference table). A range given by one bound
    only is read as that single value; None means not listed (RI: over the limit or not applicable)."""

    code: str
    species: str
    optic_character: str
    sg_min: Decimal
    sg_max: Decimal
    ri_min: Decimal | None = None
    ri_max: Decimal | None = None
    birefringence_min: Decimal | None = None
    birefringence_max: Decimal | None = None
    kind: str = NATURAL  # natural | synthetic | imitation | organic
    colour_change: bool = False  # the material is defined by a colour change (alexandrite)

    def __post_init__(self):
        if self.optic_character not in CONSTANT_OPTICS:
            raise GemInputError(
                "unknown_optic_character",
                f"unknown optic character {self.optic_character!r}",
                constant=self.code,
                optic_character=self.optic_character,
            )
        _positive(self.sg_min, "sg_min")
        _ordered(self.sg_min, self.sg_max, "sg", constant=self.code)
        _ordered(self.ri_min, self.ri_max, "ri", constant=self.code)
        _ordered(self.birefringence_min, self.birefringence_max, "birefringence", constant=self.code)

    @property
    def ri_range(self) -> tuple[Decimal, Decimal] | None:
        return _span(self.ri_min, self.ri_max)

    @property
    def birefringence_range(self) -> tuple[Decimal, Decimal] | None:
        return _span(self.birefringence_min, self.birefringence_max)


def _span(low: Decimal | None, high: Decimal | None) -> tuple[Decimal, Decimal] | None:
    if low is None and high is None:
        return None
    return (low if low is not None else high, high if high is not None else low)


@dataclass(frozen=True, kw_only=True)
class Measurements:
    """What the technician measured. RI: one reading (singly refractive) or the two extreme readings; OTL
    excludes readings. SG: entered, or from hydrostatic weighings, not both. colour_change: True observed,
    False examined and absent, None not examined."""

    ri_min: Decimal | None = None
    ri_max: Decimal | None = None
    ri_over_limit: bool = False
    birefringence: Decimal | None = None
    optic_character: str | None = None
    sg: Decimal | None = None
    weight_in_air_g: Decimal | None = None
    weight_in_water_g: Decimal | None = None
    colour_change: bool | None = None
    claimed_code: str | None = None
    mass_g: Decimal | None = None

    def __post_init__(self):
        for name in ("ri_min", "ri_max"):
            value = getattr(self, name)
            if value is not None and value <= 1:
                raise GemInputError("ri_not_above_one", f"{name} must be above 1", quantity=name)
        _ordered(self.ri_min, self.ri_max, "ri", ri_min=self.ri_min, ri_max=self.ri_max)
        if self.ri_over_limit and self.ri_readings:
            raise GemInputError("ri_reading_with_over_limit", "an RI over the limit has no reading")
        if self.birefringence is not None and self.birefringence < 0:
            raise GemInputError("negative_birefringence", "birefringence cannot be negative")
        if self.optic_character is not None and self.optic_character not in COMPATIBLE_OPTICS:
            raise GemInputError(
                "unknown_optic_character",
                f"unknown optic character {self.optic_character!r}",
                optic_character=self.optic_character,
            )
        weighings = (self.weight_in_air_g, self.weight_in_water_g)
        if self.sg is not None:
            _positive(self.sg, "sg")
            if any(w is not None for w in weighings):
                raise GemInputError("sg_and_weighings", "enter SG or the hydrostatic weighings, not both")
        elif any(w is not None for w in weighings):
            if None in weighings:
                raise GemInputError("weighing_missing", "both the weight in air and in water are needed")
            hydrostatic_sg(*weighings)
        if self.mass_g is not None:
            _positive(self.mass_g, "mass")

    @property
    def ri_readings(self) -> tuple[Decimal, ...]:
        return tuple(r for r in (self.ri_min, self.ri_max) if r is not None)

    @property
    def computed_birefringence(self) -> Decimal | None:
        """RI_max − RI_min when both readings were entered."""
        if self.ri_min is None or self.ri_max is None:
            return None
        return birefringence(self.ri_min, self.ri_max)

    @property
    def effective_birefringence(self) -> Decimal | None:
        """The entered birefringence, else the one computed from the readings."""
        return self.birefringence if self.birefringence is not None else self.computed_birefringence

    @property
    def specific_gravity(self) -> Decimal | None:
        if self.sg is not None:
            return self.sg
        if self.weight_in_air_g is None or self.weight_in_water_g is None:
            return None
        return hydrostatic_sg(self.weight_in_air_g, self.weight_in_water_g)

    @property
    def carats(self) -> Decimal | None:
        return None if self.mass_g is None else carats(self.mass_g)


# --- Ranking -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    code: str
    species: str
    kind: str
    score: int  # matches − mismatches
    matched: tuple[str, ...]
    mismatched: tuple[str, ...]


def _within(value: Decimal, span: tuple[Decimal, Decimal], tolerance: Decimal) -> bool:
    low, high = span
    return low - tolerance <= value <= high + tolerance


def _compare(
    m: Measurements,
    constant: Constant,
    *,
    ri_tolerance: Decimal,
    sg_tolerance: Decimal,
    biref_tolerance: Decimal,
    otl_limit: Decimal,
) -> Candidate:
    matched: list[str] = []
    mismatched: list[str] = []

    def record(reason: str, ok: bool) -> None:
        (matched if ok else mismatched).append(reason)

    ri_range = constant.ri_range
    if m.ri_over_limit:
        record(RI_OVER_LIMIT, ri_range is None or ri_range[1] > otl_limit)
    elif m.ri_readings and ri_range is not None:
        record(RI, all(_within(reading, ri_range, ri_tolerance) for reading in m.ri_readings))
    measured_biref, biref_range = m.effective_birefringence, constant.birefringence_range
    if measured_biref is not None and biref_range is not None:
        record(BIREFRINGENCE, _within(measured_biref, biref_range, biref_tolerance))
    if m.optic_character is not None:
        record(OPTIC_CHARACTER, constant.optic_character in COMPATIBLE_OPTICS[Optic(m.optic_character)])
    sg = m.specific_gravity
    if sg is not None:
        record(SG, _within(sg, (constant.sg_min, constant.sg_max), sg_tolerance))
    if constant.colour_change and m.colour_change is not None:
        record(COLOUR_CHANGE, m.colour_change)
    return Candidate(
        code=constant.code,
        species=constant.species,
        kind=constant.kind,
        score=len(matched) - len(mismatched),
        matched=tuple(matched),
        mismatched=tuple(mismatched),
    )


def rank(
    measurements: Measurements,
    constants: Sequence[Constant],
    *,
    ri_tolerance: Decimal = RI_TOLERANCE,
    sg_tolerance: Decimal = SG_TOLERANCE,
    biref_tolerance: Decimal = BIREFRINGENCE_TOLERANCE,
    otl_limit: Decimal = OTL_LIMIT,
) -> list[Candidate]:
    """Every constant as a candidate, scored as the module docstring says, best first (then by code)."""
    if not constants:
        raise GemInputError("no_constants", "no identification constants to compare with")
    codes = [constant.code for constant in constants]
    if len(set(codes)) != len(codes):
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        raise GemInputError("duplicate_constant_code", "constant codes must be unique", codes=duplicates)
    for name, tolerance in (("ri", ri_tolerance), ("sg", sg_tolerance), ("birefringence", biref_tolerance)):
        if tolerance < 0:
            raise GemInputError("negative_tolerance", f"{name} tolerance cannot be negative", quantity=name)
    candidates = [
        _compare(
            measurements,
            constant,
            ri_tolerance=ri_tolerance,
            sg_tolerance=sg_tolerance,
            biref_tolerance=biref_tolerance,
            otl_limit=otl_limit,
        )
        for constant in constants
    ]
    return sorted(candidates, key=lambda candidate: (-candidate.score, candidate.code))


# --- Consistency flags -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    code: str  # one of FLAG_CODES
    detail: dict = field(default_factory=dict)


def flags(
    measurements: Measurements,
    constants: Sequence[Constant],
    *,
    ri_tolerance: Decimal = RI_TOLERANCE,
    sg_tolerance: Decimal = SG_TOLERANCE,
    biref_tolerance: Decimal = BIREFRINGENCE_TOLERANCE,
    otl_limit: Decimal = OTL_LIMIT,
) -> list[Flag]:
    """The consistency checks of reference rules 1, 3, 4 and 5, plus the claim against its constants."""
    m = measurements
    candidates = rank(
        m,
        constants,
        ri_tolerance=ri_tolerance,
        sg_tolerance=sg_tolerance,
        biref_tolerance=biref_tolerance,
        otl_limit=otl_limit,
    )
    by_code = {candidate.code: candidate for candidate in candidates}
    constant_by_code = {constant.code: constant for constant in constants}
    claimed = None
    if m.claimed_code is not None:
        if m.claimed_code not in by_code:
            raise GemInputError(
                "unknown_claimed_code", "the claimed material has no constants", claimed_code=m.claimed_code
            )
        claimed = by_code[m.claimed_code]
    computed = m.computed_birefringence
    sg = m.specific_gravity
    result: list[Flag] = []

    # Rule 3: the entered birefringence is the difference of the extreme readings.
    if (
        m.birefringence is not None
        and computed is not None
        and abs(m.birefringence - computed) > biref_tolerance
    ):
        detail = {"entered": m.birefringence, "computed": computed, "tolerance": biref_tolerance}
        result.append(Flag("birefringence_inconsistent", detail))

    # Rule 3: a singly refractive stone shows no birefringence.
    if m.optic_character in SINGLY_REFRACTIVE:
        shown = [value for value in (m.birefringence, computed) if value is not None]
        if shown and max(shown) > biref_tolerance:
            detail = {
                "optic_character": m.optic_character,
                "birefringence": max(shown),
                "limit": biref_tolerance,
            }
            result.append(Flag("isotropic_with_birefringence", detail))

    # The claimed material's own constants disagree with what was measured.
    if claimed is not None and claimed.mismatched:
        detail = {"claimed_code": claimed.code, "mismatched": list(claimed.mismatched)}
        result.append(Flag("claim_contradicts_constants", detail))

    # Rule 4: a colour-change stone with corundum constants is not alexandrite.
    if m.colour_change:
        corundum = [
            candidate.code
            for candidate in candidates
            if candidate.species == CORUNDUM
            and not candidate.mismatched
            and {RI, SG} & set(candidate.matched)
        ]
        if corundum:
            claimed_constant = constant_by_code.get(m.claimed_code) if m.claimed_code else None
            claimed_alexandrite = claimed_constant is not None and (
                claimed_constant.species == CHRYSOBERYL and claimed_constant.colour_change
            )
            detail = {
                "corundum_codes": corundum,
                "claimed_code": m.claimed_code,
                "claimed_alexandrite": claimed_alexandrite,
            }
            result.append(Flag("colour_change_corundum_not_alexandrite", detail))

    # Rule 5: an "emerald" with RI ≤ 1.565 and SG ≤ 2.66 may be a flux synthetic.
    readings = m.ri_readings
    if readings and sg is not None and max(readings) <= FLUX_EMERALD_RI_MAX and sg <= FLUX_EMERALD_SG_MAX:
        top_score = candidates[0].score
        natural_beryl = [
            candidate.code
            for candidate in candidates
            if candidate.species == BERYL
            and candidate.kind == NATURAL
            and (candidate is claimed or (top_score > 0 and candidate.score == top_score))
        ]
        if natural_beryl:
            detail = {
                "ri_max": max(readings),
                "sg": sg,
                "beryl_codes": natural_beryl,
                "claimed_code": m.claimed_code,
            }
            result.append(Flag("possible_flux_synthetic_emerald", detail))

    # Rule 1: over the limit, identify by SG, optic character, thermal probe, reflectivity.
    if m.ri_over_limit:
        missing = [
            name for name, value in (("sg", sg), ("optic_character", m.optic_character)) if value is None
        ]
        detail = {"otl_limit": otl_limit, "methods": list(OTL_METHODS), "missing": missing}
        result.append(Flag("otl_identify_by_other_means", detail))

    return result
