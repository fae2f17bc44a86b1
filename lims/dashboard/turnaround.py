"""Turnaround of an application in working days and hours, stage by stage (rule R1). Pure: no Django.

The five milestones are received → first result → verified (every item tested on verified results) →
signed → issued. Each milestone gets a *working-day position*: the number of working days from a fixed
origin up to and including its local date. The received day counts as R1 counts it: an application received
on a day off is received on the next working day, and that day itself is not counted. So:

- the total is the number of working days R1 counts: a conclusion issued on its due day took exactly
  `CONCLUSION_DUE_WORKING_DAYS` (5), one issued on the day of application took 0;
- the stages add up to the total, and none is negative (a milestone on a day off before the first working
  day counts as that day).

Hours are plain elapsed hours between the two timestamps, to 0.1 h.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_EVEN, Decimal

from lims.core.calendar import WorkingDayPredicate, count_working_days, next_working_day

HOUR = Decimal("0.1")

# (key, start milestone, end milestone): the four stages, in order. "total" runs from received to issued.
STAGES = (
    ("testing", "received_at", "first_result_at"),
    ("verification", "first_result_at", "verified_at"),
    ("signing", "verified_at", "signed_at"),
    ("issue", "signed_at", "issued_at"),
)
STAGE_KEYS = tuple(key for key, _start, _end in STAGES)
TOTAL = ("total", "received_at", "issued_at")


@dataclass(frozen=True)
class Milestones:
    received_at: datetime
    first_result_at: datetime | None = None
    verified_at: datetime | None = None
    signed_at: datetime | None = None
    issued_at: datetime | None = None


@dataclass(frozen=True)
class StageTime:
    days: int
    hours: Decimal


def hours_between(start: datetime, end: datetime) -> Decimal:
    """Elapsed hours, half-even to 0.1 h; never negative."""
    seconds = max(Decimal(0), Decimal(str((end - start).total_seconds())))
    return (seconds / 3600).quantize(HOUR, rounding=ROUND_HALF_EVEN)


class Positions:
    """Working-day positions of local dates relative to `origin` (exclusive), memoized per date."""

    def __init__(self, origin: date, calendar: WorkingDayPredicate):
        self.origin = origin
        self.calendar = calendar
        self._cache: dict[date, int] = {}

    def __call__(self, day: date) -> int:
        if day not in self._cache:
            self._cache[day] = count_working_days(self.origin, day, self.calendar)
        return self._cache[day]


def stage_times(
    milestones: Milestones, calendar: WorkingDayPredicate, zone: tzinfo, positions: Positions | None = None
) -> dict[str, StageTime | None]:
    """Working days and hours of every stage and of the total; None for a stage not yet reached.

    `zone` is the laboratory's time zone (local dates decide working days). Give `positions` to share the
    per-date cache over many applications."""
    local: Callable[[datetime], date] = lambda moment: moment.astimezone(zone).date()  # noqa: E731
    received_day = local(milestones.received_at)
    start_day = next_working_day(received_day, calendar)
    if positions is None:
        positions = Positions(received_day - timedelta(days=1), calendar)
    # R1: the first working day on or after the day of application is day 0.
    origin = positions(start_day)

    def position(moment: datetime) -> int:
        return max(origin, positions(local(moment)))

    times: dict[str, StageTime | None] = {}
    for key, start_name, end_name in (*STAGES, TOTAL):
        start, end = getattr(milestones, start_name), getattr(milestones, end_name)
        if start is None or end is None:
            times[key] = None
        else:
            start_position = origin if start_name == "received_at" else position(start)
            times[key] = StageTime(
                days=max(0, position(end) - start_position), hours=hours_between(start, end)
            )
    return times
