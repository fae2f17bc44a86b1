"""The technician's decision on a stone, checked against the Law and the engine's flags. Pure: no Django.

- `is_precious` — "precious stone under the Law" (Law art.1 p.1; reference rule 8), computed from the decided
  species, variety, status and, for pearls and amber, the pearl type and the unique-amber criteria. Only
  natural diamond, emerald, ruby, sapphire, alexandrite, natural pearl and unique amber formations are.
  Every corundum that is not ruby is sapphire (any colour), so natural corundum is always precious.
- `unique_amber` — the unique-amber criteria are data (`AmberCriterion` rows, editable in the admin,
  UNVERIFIED for Kazakhstan): criteria of one group must all hold; any one group suffices.
- `evidence_problems` — reference rule 6: "natural" cannot follow from constants alone for corundum, beryl,
  chrysoberyl or diamond (an evidence item must be recorded), and a pearl needs an X-ray finding.
- `flags_needing_reason` — which raised flags the decision goes against; each needs a written reason.
- `variety_problem`, `status_problem` — the decided variety must belong to the species, and the status must
  be possible for the chosen material (a synthetic material is never "natural").
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Status(StrEnum):
    NATURAL = "natural"
    SYNTHETIC = "synthetic"
    IMITATION = "imitation"
    COMPOSITE = "composite"


class PearlType(StrEnum):
    NATURAL = "natural"
    BEAD_CULTURED = "bead_cultured"
    NON_BEAD_CULTURED = "non_bead_cultured"


# Species as in the gem constants (fixtures/gems/gem_constants.json).
DIAMOND = "diamond"
CORUNDUM = "corundum"
BERYL = "beryl"
CHRYSOBERYL = "chrysoberyl"
PEARL = "pearl"
AMBER = "amber"

# Varieties the Law names, and the species they belong to. A species absent here takes no variety.
VARIETIES = {
    CORUNDUM: ("ruby", "sapphire"),
    BERYL: ("emerald", "aquamarine", "heliodor", "morganite", "goshenite"),
    CHRYSOBERYL: ("alexandrite", "chrysoberyl_cats_eye", "chrysoberyl"),
}
PRECIOUS_VARIETIES = {CORUNDUM: {"ruby", "sapphire"}, BERYL: {"emerald"}, CHRYSOBERYL: {"alexandrite"}}
NEEDS_EVIDENCE_FOR_NATURAL = frozenset({CORUNDUM, BERYL, CHRYSOBERYL, DIAMOND})
# Material kinds (GemConstant.kind) and the statuses a stone of that material can have.
STATUSES_BY_KIND = {
    "natural": frozenset(Status),
    "organic": frozenset(Status),
    "synthetic": frozenset({Status.SYNTHETIC, Status.IMITATION, Status.COMPOSITE}),
    "imitation": frozenset({Status.IMITATION, Status.COMPOSITE}),
}

# Reasons a stone is or is not precious; stable codes, translated by the caller.
PRECIOUS_REASONS = (
    "natural_diamond",
    "natural_corundum",
    "natural_emerald",
    "natural_alexandrite",
    "natural_pearl",
    "unique_amber",
    "not_natural",
    "cultured_pearl",
    "amber_not_unique",
    "variety_not_precious",
    "species_not_precious",
)


@dataclass(frozen=True)
class AmberCriterion:
    """One condition of a unique amber formation: `measure` reaches `minimum` (strictly above it when
    `exclusive`); a yes/no measure (characteristic colour) has no minimum and must be observed."""

    group: str
    measure: str  # mass_g | monolithic_percent | inclusion_mm | characteristic_colour
    minimum: Decimal | None = None
    exclusive: bool = False


def unique_amber(criteria: Iterable[AmberCriterion], observed: Mapping[str, Decimal | bool | None]) -> bool:
    """True when every criterion of at least one group holds for the observed values. No criteria: never."""
    groups: dict[str, list[AmberCriterion]] = {}
    for criterion in criteria:
        groups.setdefault(criterion.group, []).append(criterion)

    def holds(criterion: AmberCriterion) -> bool:
        value = observed.get(criterion.measure)
        if value is None or value is False:
            return False
        if criterion.minimum is None:
            return value is True or value != 0
        if isinstance(value, bool):
            return False
        return value > criterion.minimum if criterion.exclusive else value >= criterion.minimum

    return any(all(holds(criterion) for criterion in group) for group in groups.values())


def is_precious(
    *, species: str, variety: str, status: str, pearl_type: str = "", amber_is_unique: bool = False
) -> tuple[bool, str]:
    """(precious under the Law, reason code)."""
    if status != Status.NATURAL:
        return False, "not_natural"
    if species == DIAMOND:
        return True, "natural_diamond"
    if species in PRECIOUS_VARIETIES:
        if variety in PRECIOUS_VARIETIES[species]:
            return True, {CORUNDUM: "natural_corundum", BERYL: "natural_emerald"}.get(
                species, "natural_alexandrite"
            )
        return False, "variety_not_precious"
    if species == PEARL:
        return (True, "natural_pearl") if pearl_type == PearlType.NATURAL else (False, "cultured_pearl")
    if species == AMBER:
        return (True, "unique_amber") if amber_is_unique else (False, "amber_not_unique")
    return False, "species_not_precious"


def variety_problem(species: str, variety: str) -> str | None:
    """A problem code, or None when the variety fits the species (or none is needed)."""
    allowed = VARIETIES.get(species, ())
    if not variety:
        return "variety_required" if species in PRECIOUS_VARIETIES else None
    if variety not in allowed:
        return "variety_not_of_species"
    return None


def status_problem(kind: str, status: str, *, species: str, pearl_type: str) -> str | None:
    if status not in STATUSES_BY_KIND.get(kind, frozenset(Status)):
        return "status_impossible_for_material"
    if species == PEARL and not pearl_type:
        return "pearl_type_required"
    if species != PEARL and pearl_type:
        return "pearl_type_only_for_pearls"
    return None


def evidence_problems(*, species: str, status: str, evidence_count: int, xray_findings: str) -> list[str]:
    """Reference rule 6: what is missing before this decision may be recorded."""
    problems = []
    if status == Status.NATURAL and species in NEEDS_EVIDENCE_FOR_NATURAL and evidence_count == 0:
        problems.append("natural_needs_evidence")
    if species == PEARL and not xray_findings.strip():
        problems.append("pearl_needs_xray")
    return problems


# Flags about the measurements themselves: recording any decision over them needs a reason.
MEASUREMENT_FLAGS = frozenset({"birefringence_inconsistent", "isotropic_with_birefringence"})


def flags_needing_reason(flags: Iterable[tuple[str, Mapping]], *, status: str) -> list[str]:
    """Codes of the flags (code, detail) the decision goes against, in the order given:
    - inconsistent measurements (birefringence vs RI; isotropic with birefringence): any decision;
    - the decided material contradicts its constants: always (the flag is computed from the decision);
    - a colour-change stone with corundum constants decided as alexandrite;
    - a possible flux synthetic emerald decided as natural;
    - a stone over the refractometer's limit decided without SG or optic character."""
    against = []
    for code, detail in flags:
        if (
            code in MEASUREMENT_FLAGS
            or code == "claim_contradicts_constants"
            or (code == "colour_change_corundum_not_alexandrite" and detail.get("claimed_alexandrite"))
            or (code == "possible_flux_synthetic_emerald" and status == Status.NATURAL)
            or (code == "otl_identify_by_other_means" and detail.get("missing"))
        ):
            against.append(code)
    return against
