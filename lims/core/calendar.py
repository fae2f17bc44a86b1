"""Working-day arithmetic for deadlines (rule R1). Pure: no Django.

Every function takes the working-day predicate as an argument (Monday to Friday by default).
`KazakhstanCalendar` is the one the product uses: Kazakhstan's public holidays from the `holidays` package
(holidays falling on a weekend observed on the next working day; days off moved by government decree and
the weekend days worked instead), then the laboratory's own overrides, each with its decree, which win.
"""

from collections.abc import Callable, Mapping
from datetime import date, timedelta

import holidays

WorkingDayPredicate = Callable[[date], bool]


def is_weekday(day: date) -> bool:
    return day.weekday() < 5


class KazakhstanCalendar:
    """A working-day predicate for Kazakhstan. `overrides` maps a date to True (a working day, e.g. a
    Saturday worked by decree) or False (an extra day off) and takes precedence over the package's data."""

    def __init__(self, overrides: Mapping[date, bool] | None = None):
        self.overrides = dict(overrides or {})
        self._holidays = holidays.country_holidays("KZ")

    def __call__(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return self._holidays.is_working_day(day)

    def holiday_name(self, day: date) -> str | None:
        return self._holidays.get(day)


def next_working_day(day: date, is_working_day: WorkingDayPredicate = is_weekday) -> date:
    """The day itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, days: int, is_working_day: WorkingDayPredicate = is_weekday) -> date:
    """The `days`-th working day after `start` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def conclusion_due_date(
    received: date, working_days: int, is_working_day: WorkingDayPredicate = is_weekday
) -> date:
    """R1: the conclusion is due by the end of the `working_days`-th working day after the day of
    application; an application received on a non-working day counts from the next working day."""
    return add_working_days(next_working_day(received, is_working_day), working_days, is_working_day)


def count_working_days(start: date, end: date, is_working_day: WorkingDayPredicate = is_weekday) -> int:
    """Working days in the half-open interval (start, end]."""
    if end <= start:
        return 0
    return sum(
        1 for offset in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=offset))
    )
