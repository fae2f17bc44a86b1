"""Timing and the product-beside-its-floor table shared by the bench_* scripts. Never in tests."""

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    best: float  # seconds
    median: float
    runs: int

    def __str__(self) -> str:
        return f"{seconds(self.best)} / {seconds(self.median)}"


def seconds(value: float) -> str:
    if value >= 10:
        return f"{value:.1f} s"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.001:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1_000_000:.0f} µs"


def timed(work: Callable[[], object], runs: int = 5, setup: Callable[[], object] | None = None) -> Timing:
    """Best and median of `runs` calls of `work` (each after an untimed `setup`, when given)."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return Timing(min(times), statistics.median(times), runs)


@dataclass(frozen=True)
class Row:
    operation: str
    product: str
    floor: str
    ratio: float | None
    target: str = "none given"
    met: bool | None = None


def ratio(product: float, floor: float) -> float:
    return product / floor if floor else float("inf")


def print_table(rows: list[Row], note: str = "", measure: str = "best / median") -> None:
    """operation | product | floor | ratio | target | met?  (times are best / median unless told)."""
    header = ("operation", f"product ({measure})", f"floor ({measure})", "ratio", "target", "met?")
    lines = [
        (
            row.operation,
            row.product,
            row.floor,
            "-" if row.ratio is None else f"{row.ratio:,.1f}×",
            row.target,
            "-" if row.met is None else ("yes" if row.met else "NO"),
        )
        for row in rows
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=True)]
    rule = "-+-".join("-" * width for width in widths)
    print()
    print(" | ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True)))
    print(rule)
    for line in lines:
        print(" | ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)))
    if note:
        print(note)


def load() -> str:
    """The machine's load averages (1, 5, 15 min) and core count, to print beside the figures."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


# The columns of an item row a bulk writer fills (all but the id): COPY'd by generate.py (with the id) and
# by bench_intake.py's floor.
ITEM_COLUMNS = [
    "application_id",
    "organization_id",
    "year",
    "sequence",
    "lab_number",
    "category",
    "barcode",
    "description",
    "quantity",
    "gross_mass_g",
    "declared_metal",
    "declared_fineness",
    "status",
]
