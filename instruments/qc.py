"""The QC rule, pure: a check passes when the measured value lies within ± tolerance of the certified value
(the boundary passes). Decimal throughout; the deviation is exact."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class QcVerdict:
    deviation: Decimal  # measured − certified
    passed: bool


def qc_verdict(*, measured: Decimal, certified: Decimal, tolerance: Decimal) -> QcVerdict:
    if tolerance <= 0:
        raise ValueError("a QC tolerance must be greater than zero")
    deviation = measured - certified
    return QcVerdict(deviation=deviation, passed=abs(deviation) <= tolerance)
