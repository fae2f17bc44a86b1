"""From parsed instrument rows to result entries, pure: which item each row names, which rows are one
determination, what the raw measurements are. No database: the caller resolves sample IDs to `Target`s.

- A sample ID names an item by its lab number, or else by its own barcode; a barcode shared by several
  open items is ambiguous and refused.
- The rows of one item, in file order, are the replicates of one determination (up to
  `MAX_REPLICATES`; further rows are refused).
- XRF: the metal is the item's declared metal when every reading measured it, else the precious metal with
  the highest mean fraction; each reading's mass fraction in % becomes a reading in ‰ (× 10, to 0.1 ‰,
  half-even). XRF screens; it never decides (`lims.assay.methods.DECISIVE`).
- ICP-OES: high purity by difference for the item's declared metal; the impurities are every other element
  measured, in mg/kg as written; elements below detection count as zero.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from instruments.parsers.base import Composition, Impurities, Problem
from lims.assay.methods import MAX_REPLICATES, MethodCode
from lims.core.units import fineness

PRECIOUS = ("Au", "Ag", "Pt", "Pd")


@dataclass(frozen=True)
class Target:
    """An item as the importer sees it."""

    pk: int
    lab_number: str
    declared_metal: str = ""
    refusal: str = ""  # a problem code when no result may be recorded for it (e.g. "not_metal_item")


@dataclass(frozen=True)
class Entry:
    """One determination to record: an item, its method and metal, the raw measurements, the lines read."""

    item: int
    method: str
    metal: str
    raw: dict[str, str]
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Plan:
    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]
    items: dict[int, int]  # line → item pk, for every line whose item was found


def normalize(sample: str) -> str:
    return sample.strip().upper()


def plan(
    rows: Sequence[Composition | Impurities], resolve: Mapping[str, Target | tuple[Target, ...]]
) -> Plan:
    """Group `rows` by the item they name and build one entry per item. `resolve` maps a normalized sample ID
    to its target, or to several targets when a barcode is shared."""
    problems: list[Problem] = []
    groups: dict[int, list] = {}
    targets: dict[int, Target] = {}
    items: dict[int, int] = {}
    for row in rows:
        found = resolve.get(normalize(row.sample))
        if found is None:
            problems.append(Problem(row.line, "unknown_item", {"sample": row.sample}))
            continue
        if isinstance(found, tuple):
            problems.append(
                Problem(row.line, "ambiguous_barcode", {"sample": row.sample, "count": len(found)})
            )
            continue
        items[row.line] = found.pk
        if found.refusal:
            problems.append(Problem(row.line, found.refusal, {"sample": row.sample, "lab": found.lab_number}))
            continue
        group = groups.setdefault(found.pk, [])
        if len(group) == MAX_REPLICATES:
            problems.append(
                Problem(row.line, "too_many_readings", {"lab": found.lab_number, "most": MAX_REPLICATES})
            )
            continue
        group.append(row)
        targets[found.pk] = found
    entries = []
    for pk, group in groups.items():
        build = _xrf if isinstance(group[0], Composition) else _icp
        entry, refused = build(targets[pk], group)
        if entry is not None:
            entries.append(entry)
        problems.extend(refused)
    return Plan(tuple(entries), tuple(sorted(problems, key=lambda p: p.line)), items)


def _refuse_all(group, code: str, **params) -> tuple[None, list[Problem]]:
    return None, [Problem(row.line, code, params) for row in group]


def _xrf(target: Target, group: list[Composition]) -> tuple[Entry | None, list[Problem]]:
    metal = target.declared_metal
    if not metal or any(metal not in row.fractions for row in group):
        measured = [m for m in PRECIOUS if all(m in row.fractions for row in group)]
        if not measured:
            return _refuse_all(group, "no_precious_metal", lab=target.lab_number)
        metal = max(measured, key=lambda m: sum(row.fractions[m] for row in group))
    raw = {
        f"portion_{i}_reading": str(fineness(row.fractions[metal] * 10))
        for i, row in enumerate(group, start=1)
    }
    return Entry(target.pk, MethodCode.XRF.value, metal, raw, tuple(r.line for r in group)), []


def _icp(target: Target, group: list[Impurities]) -> tuple[Entry | None, list[Problem]]:
    metal = target.declared_metal
    if not metal:
        return _refuse_all(group, "no_declared_metal", lab=target.lab_number)
    raw = {}
    for i, row in enumerate(group, start=1):
        found = {element: value for element, value in row.concentrations.items() if element != metal}
        if not found:
            below = sorted(row.below_detection - {metal})
            if not below:
                return _refuse_all(group, "no_impurities", lab=target.lab_number)
            found = {below[0]: Decimal(0)}
        raw[f"portion_{i}_impurities"] = "; ".join(f"{element}={value:f}" for element, value in found.items())
    return Entry(target.pk, MethodCode.BY_DIFFERENCE.value, metal, raw, tuple(r.line for r in group)), []
