"""Time 1,000,000 conformity verdicts: the Decimal path (`fineness.conformity`, one call per reading) against
the numpy kernel (`batch.screen_units`), and the kernel with the Decimal → units conversion included.

Run from the repository root: `python bench/bench_batch.py`. Not part of the tests.
"""

import sys
import time
from decimal import Decimal
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lims.assay import batch  # noqa: E402
from lims.assay.fineness import conformity  # noqa: E402

READINGS = 1_000_000
GOLD = [Decimal(x) for x in ("375", "500", "583", "585", "750", "958", "999")]
POLICY = {"standards": GOLD, "uncertainty": Decimal("0.3"), "subtract_uncertainty": True}


def timed(label: str, work):
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:8.3f} s  {READINGS / seconds:>14,.0f} verdicts/s")
    return result


def main():
    rng = np.random.default_rng(585)
    units = rng.integers(3_500_000, 10_000_000, READINGS, endpoint=True)
    declared_units = rng.choice(batch.to_units(GOLD), READINGS)
    measured = [batch.to_decimal(u) for u in units]
    declared = [batch.to_decimal(u) for u in declared_units]
    standards = batch.to_units(GOLD)
    uncertainty = batch.to_units([POLICY["uncertainty"]])[0]

    verdicts = timed(
        "Decimal path (fineness.conformity)",
        lambda: [conformity(m, declared=d, **POLICY) for m, d in zip(measured, declared, strict=True)],
    )
    screening = timed(
        "numpy kernel (batch.screen_units)",
        lambda: batch.screen_units(
            units,
            declared=declared_units,
            standards=standards,
            uncertainty=uncertainty,
            subtract_uncertainty=True,
        ),
    )
    timed(
        "numpy incl. conversion (batch.screen)", lambda: batch.screen(measured, declared=declared, **POLICY)
    )

    same = screening.summary().conforming == sum(v.conforms for v in verdicts)
    print(f"conforming counts agree: {same}")


if __name__ == "__main__":
    main()
