"""Instrument files made for given items, for the demo, the tests and the benchmarks (so all of them go
through the real parser and importer). Pure: no Django. The compositions are plausible, not measured."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

# Typical alloys: the rest of the composition after the precious metal, as shares of the remainder.
_REMAINDER = {
    "Au": {"Ag": Decimal("0.30"), "Cu": Decimal("0.63"), "Zn": Decimal("0.07")},
    "Ag": {"Cu": Decimal("0.97"), "Zn": Decimal("0.03")},
    "Pt": {"Pd": Decimal("0.20"), "Cu": Decimal("0.80")},
    "Pd": {"Ag": Decimal("0.50"), "Cu": Decimal("0.50")},
}
ELEMENTS = ("Au", "Ag", "Pt", "Pd", "Cu", "Zn")
PERCENT = Decimal("0.01")


def composition(metal: str, fineness: Decimal, offset: Decimal = Decimal(0)) -> dict[str, Decimal]:
    """Mass fractions in % of an alloy of `fineness` ‰ of `metal`, the precious metal read `offset` % high."""
    main = (fineness / 10 + offset).quantize(PERCENT)
    rest = Decimal(100) - main
    fractions = {metal: main}
    for element, share in _REMAINDER[metal].items():
        fractions[element] = fractions.get(element, Decimal(0)) + (rest * share).quantize(PERCENT)
    return fractions


def xrf_csv(
    items: Iterable[tuple[str, str, Decimal]],
    *,
    readings: int = 2,
    start: datetime.datetime = datetime.datetime(2026, 11, 20, 9, 0),  # noqa: DTZ001 - the file's own clock
    serial: str = "",
) -> bytes:
    """A generic XRF CSV export (`instruments.parsers.xrf_csv`) with `readings` readings of each
    (sample ID, metal, fineness ‰), each reading a little apart."""
    lines = ["# Instrument: XRF demo export"]
    if serial:
        lines.append(f"# Serial: {serial}")
    lines.append("Sample ID,Reading,Date/Time," + ",".join(f"{e} (%)" for e in ELEMENTS))
    moment = start
    for n, (sample, metal, fineness) in enumerate(items):
        for reading in range(1, readings + 1):
            offset = Decimal((n * 7 + reading * 3) % 9 - 4) / 100  # −0.04 … +0.04 %
            fractions = composition(metal, fineness, offset)
            values = ",".join(str(fractions.get(e, Decimal("0.00"))) for e in ELEMENTS)
            lines.append(f"{sample},{reading},{moment:%Y-%m-%d %H:%M:%S},{values}")
            moment += datetime.timedelta(seconds=70)
    return ("\n".join(lines) + "\n").encode()
