"""Working-day arithmetic for deadlines (rule R1). Pure: no Django.

For now a working day is Monday to Friday. The Kazakhstan public-holiday calendar with decree transfers
plugs in later through the `is_working_day` argument, without changing callers.
"""

from collections.abc import Callable
from datetime import date, timedelta

WorkingDayPredicate = Callable[[date], bool]


def is_weekday(day: date) -> bool:
    return day.weekday() < 5


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
