"""From raw measurements to a determination, per method. Pure: no Django.

Raw measurements arrive as a flat mapping of field name → Decimal (or text for impurity lists), the same
names the worksheet and the API use, so one validation path serves both. Each method says which fields it
takes (`FIELDS`); `determine()` turns them into one fineness per replicate, then judges replicate agreement.
The formulas themselves live in `lims.assay.fineness`.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from enum import StrEnum

from lims.assay import fineness as f


class MethodCode(StrEnum):
    FIRE_ASSAY = "iso11426"
    SILVER_TITRATION = "iso11427"
    PLATINUM_GRAVIMETRIC = "iso11210"
    PALLADIUM_GRAVIMETRIC = "iso11490"
    BY_DIFFERENCE = "iso15093"
    XRF = "xrf"


# XRF reads only the surface (plating fools it): it screens, it never decides (reference §2).
DECISIVE = frozenset(MethodCode) - {MethodCode.XRF}

# The metal a method determines; None: the technician says which (by difference, XRF).
METAL_OF = {
    MethodCode.FIRE_ASSAY: "Au",
    MethodCode.SILVER_TITRATION: "Ag",
    MethodCode.PLATINUM_GRAVIMETRIC: "Pt",
    MethodCode.PALLADIUM_GRAVIMETRIC: "Pd",
    MethodCode.BY_DIFFERENCE: None,
    MethodCode.XRF: None,
}

MAX_REPLICATES = 4  # disputes: check analysis with 3-4 portions (reference §2)
MAX_PROOFS = 3


class Kind(StrEnum):
    """What a raw field holds; the form layer maps each kind to its input precision."""

    MASS_MG = "mass_mg"  # 0.01 mg (ISO 11426: portions weighed to 0.01 mg)
    MASS_G = "mass_g"  # 0.0001 g
    VOLUME_ML = "volume_ml"  # 0.001 ml
    CONCENTRATION = "concentration"  # mol/l, 0.00001
    FACTOR = "factor"  # dimensionless, 0.00001
    FINENESS = "fineness"  # ‰, 0.1
    IMPURITIES = "impurities"  # text: "Ag=12.5; Cu=4" in mg/kg


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    replicate: int | None = None  # 1-based replicate (portion) number; None for shared fields
    proof: int | None = None  # 1-based proof number


def _replicated(names_kinds: tuple[tuple[str, Kind], ...]) -> list[Field]:
    return [
        Field(f"portion_{i}_{name}", kind, replicate=i)
        for i in range(1, MAX_REPLICATES + 1)
        for name, kind in names_kinds
    ]


FIELDS: dict[MethodCode, list[Field]] = {
    MethodCode.FIRE_ASSAY: [
        *_replicated((("mass_mg", Kind.MASS_MG), ("cornet_mg", Kind.MASS_MG))),
        *[
            Field(f"proof_{j}_{name}", Kind.MASS_MG, proof=j)
            for j in range(1, MAX_PROOFS + 1)
            for name in ("gold_mg", "cornet_mg")
        ],
    ],
    MethodCode.SILVER_TITRATION: [
        Field("concentration_mol_l", Kind.CONCENTRATION),
        Field("titer_factor", Kind.FACTOR),
        *_replicated((("mass_g", Kind.MASS_G), ("titrant_ml", Kind.VOLUME_ML))),
    ],
    MethodCode.PLATINUM_GRAVIMETRIC: _replicated((("mass_mg", Kind.MASS_MG), ("weighed_mg", Kind.MASS_MG))),
    MethodCode.PALLADIUM_GRAVIMETRIC: _replicated((("mass_mg", Kind.MASS_MG), ("weighed_mg", Kind.MASS_MG))),
    MethodCode.BY_DIFFERENCE: _replicated((("impurities", Kind.IMPURITIES),)),
    MethodCode.XRF: _replicated((("reading", Kind.FINENESS),)),
}

MG_PER_KG_PER_PERMILLE = Decimal(1000)  # 1 ‰ = 1000 mg/kg
_IMPURITY = re.compile(r"^\s*([A-Z][a-z]?)\s*[=:]\s*([0-9]+(?:[.,][0-9]+)?)\s*$")


def parse_impurities(text: str) -> dict[str, Decimal]:
    """ "Ag=12.5; Cu=4" (mg/kg) → {"Ag": Decimal("12.5"), "Cu": Decimal("4")}. "nd" is not accepted:
    enter an element not detected as 0, or leave it out."""
    found: dict[str, Decimal] = {}
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        match = _IMPURITY.match(part)
        if match is None:
            raise f.AssayInputError(
                "impurity_format", f"cannot read {part.strip()!r}: write Element=mg/kg", text=part.strip()
            )
        element, value = match.groups()
        if element in found:
            raise f.AssayInputError("impurity_twice", f"{element} is listed twice", element=element)
        try:
            found[element] = Decimal(value.replace(",", "."))
        except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
            raise f.AssayInputError("impurity_format", f"cannot read {value!r}") from error
    if not found:
        raise f.AssayInputError("no_impurities", "the impurities measured are needed")
    return found


@dataclass(frozen=True)
class Determination:
    method: MethodCode
    values: tuple[Decimal, ...]  # fineness of each replicate, ‰, unrounded
    replicates: f.Replicates
    correction: Decimal | None = None  # fire assay proof correction Δ, in mg

    @property
    def decisive(self) -> bool:
        return self.method in DECISIVE

    @property
    def mean(self) -> Decimal | None:
        """The mean of agreeing replicates, unrounded; None when a repeat is required."""
        return self.replicates.mean

    @property
    def reported(self) -> Decimal | None:
        return None if self.mean is None else f.report(self.mean)


def _portions(raw: Mapping, names: tuple[str, ...]) -> list[tuple]:
    """The replicate numbers whose fields are all given, in order; a half-filled portion is an error."""
    complete = []
    for i in range(1, MAX_REPLICATES + 1):
        values = tuple(raw.get(f"portion_{i}_{name}") for name in names)
        given = [value is not None and value != "" for value in values]
        if all(given):
            complete.append(values)
        elif any(given):
            raise f.AssayInputError("portion_incomplete", f"portion {i} is incomplete", number=i)
    return complete


def determine(
    method: str,
    raw: Mapping,
    *,
    limit: Decimal,
    minimum: int,
    gravimetric_factor: Decimal | None = None,
) -> Determination:
    """Compute each replicate's fineness from the raw fields and judge their agreement (max − min ≤ limit
    with at least `minimum` replicates, else "repeat required")."""
    code = MethodCode(method)
    correction = None
    if code == MethodCode.FIRE_ASSAY:
        portions = [f.Portion(mass=m, cornet=c) for m, c in _portions(raw, ("mass_mg", "cornet_mg"))]
        proofs = []
        for j in range(1, MAX_PROOFS + 1):
            taken, cornet = raw.get(f"proof_{j}_gold_mg"), raw.get(f"proof_{j}_cornet_mg")
            if taken is not None and cornet is not None:
                proofs.append(f.Proof(gold_taken=taken, cornet=cornet))
            elif taken is not None or cornet is not None:
                raise f.AssayInputError("proof_incomplete", f"proof {j} is incomplete", number=j)
        assay = f.fire_assay_gold(portions, proofs)
        correction, values = assay.correction, assay.portions
    elif code == MethodCode.SILVER_TITRATION:
        concentration = raw.get("concentration_mol_l")
        if concentration is None:
            raise f.AssayInputError("no_concentration", "the titrant concentration is needed")
        factor = raw.get("titer_factor") or Decimal(1)
        values = tuple(
            f.silver_titration(
                portion_mass_g=mass, titrant_ml=volume, concentration_mol_l=concentration, titer_factor=factor
            )
            for mass, volume in _portions(raw, ("mass_g", "titrant_ml"))
        )
    elif code in (MethodCode.PLATINUM_GRAVIMETRIC, MethodCode.PALLADIUM_GRAVIMETRIC):
        if gravimetric_factor is None:
            raise f.AssayInputError("no_factor", "the method's gravimetric factor is not set")
        values = tuple(
            f.gravimetric(portion_mass=mass, weighed_form_mass=weighed, factor=gravimetric_factor)
            for mass, weighed in _portions(raw, ("mass_mg", "weighed_mg"))
        )
    elif code == MethodCode.BY_DIFFERENCE:
        values = tuple(
            f.by_difference(v / MG_PER_KG_PER_PERMILLE for v in parse_impurities(text).values())
            for (text,) in _portions(raw, ("impurities",))
        )
    else:
        values = tuple(reading for (reading,) in _portions(raw, ("reading",)))
        if any(not Decimal(0) <= value <= f.PERMILLE for value in values):
            raise f.AssayInputError("reading_out_of_range", "a reading must lie between 0 and 1000 ‰")
    if not values:
        raise f.AssayInputError("no_portions", "at least one assay portion is needed")
    return Determination(
        method=code,
        values=tuple(values),
        replicates=f.replicates(values, limit=limit, minimum=minimum),
        correction=correction,
    )


def verdict(
    determination: Determination,
    *,
    declared: Decimal | None,
    standards,
    uncertainty: Decimal = Decimal(0),
    subtract_uncertainty: bool = False,
) -> f.Conformity | None:
    """The determination judged against the metal's standards; None while a repeat is required. A screening
    (XRF) determination is judged too, to route or flag the item, and says so in its first reason."""
    if determination.mean is None:
        return None
    judged = f.conformity(
        determination.mean,
        declared=declared,
        standards=standards,
        uncertainty=uncertainty,
        subtract_uncertainty=subtract_uncertainty,
    )
    if not determination.decisive:
        return replace(judged, reasons=["screening_only", *judged.reasons])
    return judged


# --- Balance readings -------------------------------------------------------------------------------------

PROOFS_WEIGHED = 2  # ISO 11426: two proof assays
_MASS_STEP = {Kind.MASS_MG: Decimal("0.01"), Kind.MASS_G: Decimal("0.0001")}


def weighing_order(method: str, portions: int) -> list[Field]:
    """The mass fields of a method in the order a technician weighs them: every portion (and, for the fire
    assay, the gold of each proof) before the furnace, then the cornets or weighed forms after it."""
    code = MethodCode(method)
    fields = {spec.name: spec for spec in FIELDS[code]}

    def named(*patterns: str, count: int) -> list[Field]:
        return [fields[p.format(i)] for p in patterns for i in range(1, count + 1) if p.format(i) in fields]

    if code == MethodCode.FIRE_ASSAY:
        return [
            *named("portion_{}_mass_mg", count=portions),
            *named("proof_{}_gold_mg", count=PROOFS_WEIGHED),
            *named("portion_{}_cornet_mg", count=portions),
            *named("proof_{}_cornet_mg", count=PROOFS_WEIGHED),
        ]
    if code in (MethodCode.PLATINUM_GRAVIMETRIC, MethodCode.PALLADIUM_GRAVIMETRIC):
        return [*named("portion_{}_mass_mg", count=portions), *named("portion_{}_weighed_mg", count=portions)]
    if code == MethodCode.SILVER_TITRATION:
        return named("portion_{}_mass_g", count=portions)
    return []


def fill_weighings(
    method: str, portions: int, current: Mapping[str, object], milligrams: list[Decimal]
) -> tuple[dict[str, Decimal], int]:
    """Balance readings (in mg, in the order weighed) into the method's empty mass fields, in weighing order:
    returns {field: value} for the fields filled, each to its input precision (half-even), and how many
    readings were left over. Fields already typed are kept."""
    empty = [spec for spec in weighing_order(method, portions) if current.get(spec.name) in (None, "")]
    filled = {}
    for spec, mg in zip(empty, milligrams, strict=False):
        value = mg if spec.kind == Kind.MASS_MG else mg / 1000
        filled[spec.name] = value.quantize(_MASS_STEP[spec.kind], rounding=ROUND_HALF_EVEN)
    return filled, max(len(milligrams) - len(empty), 0)
