"""1,000,000 fineness verdicts beside their floor: the product's pure Decimal verdict
(`lims.assay.fineness.conformity`, what `methods.verdict` calls for every result: measured, less the
method's uncertainty where the laboratory's policy says so, floored to 0.1 ‰, against the declared
standard; the assignable standard) against a bare numpy kernel judging the same readings vectorized in
integer tenths of ‰. Every verdict is compared: judged value, conforms (None when nothing was declared)
and assignable standard. No target is set for this one. Pure: no database. Never in tests.

    .venv/bin/python bench/bench_verdicts.py

The readings are realistic: gold, silver, platinum and palladium in the shares of a hallmarking
laboratory, declared at a standard (5 % undeclared), measured 2 ± 0.8 ‰ above it (so a few per cent fall
below it, near the boundary), 1 % scrap below every standard, half of them at a laboratory that subtracts
the uncertainty;
standards and uncertainties are the product's reference data (fixtures/assay/).
"""

import json
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import Row, load, print_table, ratio, timed  # noqa: E402

from lims.assay import batch  # noqa: E402
from lims.assay.fineness import conformity  # noqa: E402
from lims.assay.methods import METAL_OF  # noqa: E402

READINGS = 1_000_000
RUNS_DECIMAL = 3  # ~5-10 s a run
RUNS_NUMPY = 5
METALS = {"Au": 0.70, "Ag": 0.22, "Pt": 0.05, "Pd": 0.03}
UNITS = 10_000  # readings are stored to 0.0001 ‰ (assay.services.STORED)
NONE = -1


def reference() -> tuple[dict[str, list[Decimal]], dict[str, Decimal]]:
    """Active standards per metal and each metal's decisive method's expanded uncertainty, from the
    fixtures the product's migration loads."""
    standards: dict[str, list[Decimal]] = {}
    for row in json.loads((ROOT / "fixtures/assay/standard_finenesses.json").read_text()):
        if row["fields"]["active"]:
            standards.setdefault(row["fields"]["metal"], []).append(Decimal(row["fields"]["value"]))
    uncertainty_of = {
        row["fields"]["method"]: Decimal(row["fields"]["expanded_uncertainty"])
        for row in json.loads((ROOT / "fixtures/assay/method_settings.json").read_text())
    }
    method_of = {metal: method for method, metal in METAL_OF.items() if metal}
    return standards, {metal: uncertainty_of[method_of[metal]] for metal in standards}


def readings(standards, uncertainties):
    """Arrays (metal index, measured units, declared units or NONE, subtract) and the same as Decimals."""
    rng = np.random.default_rng(2026)
    metals = list(METALS)
    metal = rng.choice(len(metals), READINGS, p=list(METALS.values()))
    declared = np.empty(READINGS, dtype=np.int64)
    for index, name in enumerate(metals):
        mask = metal == index
        choices = np.array([int(s * UNITS) for s in standards[name]])
        declared[mask] = rng.choice(choices, int(mask.sum()))
    measured = np.clip(declared + rng.normal(20_000, 8_000, READINGS).astype(np.int64), 0, 1000 * UNITS)
    scrap = rng.random(READINGS) < 0.01  # below every standard
    measured[scrap] = rng.integers(0, 400 * UNITS, int(scrap.sum()))
    declared[rng.random(READINGS) < 0.05] = NONE
    subtract = rng.random(READINGS) < 0.5
    as_decimal = [
        (
            Decimal(int(m)).scaleb(-4),
            None if d == NONE else Decimal(int(d)).scaleb(-4),
            standards[metals[k]],
            uncertainties[metals[k]],
            bool(s),
        )
        for k, m, d, s in zip(
            metal.tolist(), measured.tolist(), declared.tolist(), subtract.tolist(), strict=True
        )
    ]
    return (metal, measured, declared, subtract), as_decimal


def product_verdicts(rows):
    return [
        conformity(m, declared=d, standards=s, uncertainty=u, subtract_uncertainty=sub)
        for m, d, s, u, sub in rows
    ]


def floor_kernel(metal, measured, declared, subtract, standards_tenths, uncertainty_units):
    """The same verdicts with numpy, in integer tenths of ‰: judged = ⌊(measured − u) / 0.1 ‰⌋, conforms
    = judged ≥ declared, assignable = the highest standard ≤ judged (per metal, by searchsorted)."""
    adjusted = measured - np.where(subtract, uncertainty_units[metal], 0)
    judged = adjusted // (UNITS // 10)  # floor division floors negatives too, like ROUND_FLOOR
    assignable = np.full(len(judged), NONE, dtype=np.int64)
    for index, table in enumerate(standards_tenths):
        mask = metal == index
        position = np.searchsorted(table, judged[mask], side="right") - 1
        assignable[mask] = np.where(position >= 0, table[np.maximum(position, 0)], NONE)
    undeclared = declared == NONE
    conforms = ~undeclared & (judged >= declared // (UNITS // 10))
    return judged, conforms, undeclared, assignable


def product_numpy(metal, measured, declared, subtract, standards_units, uncertainty_units):
    """The product's own vectorized screening (`batch.screen_units`), one call per metal and policy."""
    out = []
    for index, table in enumerate(standards_units):
        for policy in (False, True):
            mask = (metal == index) & (subtract == policy)
            out.append(
                batch.screen_units(
                    measured[mask],
                    declared=declared[mask],
                    standards=table,
                    uncertainty=int(uncertainty_units[index]),
                    subtract_uncertainty=policy,
                )
            )
    return out


def check(verdicts, judged, conforms, undeclared, assignable) -> int:
    """Every verdict of the Decimal path against the kernel's; returns the number compared, raises on any
    difference."""
    tenths = np.array([int(v.judged_value.scaleb(1)) for v in verdicts], dtype=np.int64)
    product_conforms = [v.conforms for v in verdicts]
    product_undeclared = np.array([c is None for c in product_conforms])
    product_true = np.array([c is True for c in product_conforms])
    product_assignable = np.array(
        [NONE if v.assignable is None else int(v.assignable.scaleb(1)) for v in verdicts], dtype=np.int64
    )
    for name, a, b in (
        ("judged value", tenths, judged),
        ("declared or not", product_undeclared, undeclared),
        ("conforms", product_true, conforms),
        ("assignable standard", product_assignable, assignable),
    ):
        differ = np.flatnonzero(a != b)
        if len(differ):
            raise SystemExit(f"{name}: {len(differ)} verdicts differ, first at reading {differ[0]}")
    return len(verdicts)


def main() -> None:
    print(f"before: {load()}")
    standards, uncertainties = reference()
    (metal, measured, declared, subtract), rows = readings(standards, uncertainties)
    metals = list(METALS)
    standards_tenths = [np.array(sorted(int(s * 10) for s in standards[m]), dtype=np.int64) for m in metals]
    standards_units = [table * (UNITS // 10) for table in standards_tenths]
    uncertainty_units = np.array([int(uncertainties[m] * UNITS) for m in metals], dtype=np.int64)

    verdicts = []
    product = timed(lambda: verdicts.append(product_verdicts(rows)), RUNS_DECIMAL, setup=verdicts.clear)
    outcome = []
    floor = timed(
        lambda: outcome.append(
            floor_kernel(metal, measured, declared, subtract, standards_tenths, uncertainty_units)
        ),
        RUNS_NUMPY,
        setup=outcome.clear,
    )
    screened = timed(
        lambda: product_numpy(metal, measured, declared, subtract, standards_units, uncertainty_units),
        RUNS_NUMPY,
    )
    conversion = timed(
        lambda: batch.to_units([m for m, *_ in rows[:100_000]]), 1
    )  # Decimal → units at the boundary, 1/10 of the readings
    compared = check(verdicts[0], *outcome[0])
    judged, conforms, undeclared, assignable = outcome[0]
    per_verdict = product.median / READINGS * 1e6
    print_table(
        [
            Row(
                f"{READINGS:,} verdicts, fineness.conformity (Decimal)",
                str(product),
                f"numpy kernel {floor}",
                ratio(product.median, floor.median),
            ),
            Row(
                "  the product's numpy screening (batch.screen_units)",
                str(screened),
                f"numpy kernel {floor}",
                ratio(screened.median, floor.median),
            ),
        ],
        note=(
            f"best / median of {RUNS_DECIMAL} (Decimal) and {RUNS_NUMPY} (numpy) runs; no target is set: "
            f"{per_verdict:.1f} µs a verdict on the Decimal path, {READINGS / product.median:,.0f} verdicts/s"
        ),
    )
    print(
        f"all {compared:,} verdicts agree (judged value, declared or not, conforms, assignable standard); "
        f"{int(conforms.sum()):,} conform, {int((~conforms & ~undeclared).sum()):,} do not, "
        f"{int(undeclared.sum()):,} undeclared, {int((assignable == NONE).sum()):,} below every standard"
    )
    print(
        f"converting Decimals to integer units (batch.to_units) costs {conversion.best * 10:.2f} s per "
        f"{READINGS:,} readings (timed on 100,000), outside both kernels"
    )
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
