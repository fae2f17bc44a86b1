"""Deadlines in the laboratory's time zone, from the working-day calendar."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from lims.core.calendar import (
    KazakhstanCalendar,
    WorkingDayPredicate,
    conclusion_due_date,
    count_working_days,
    next_working_day,
)
from lims.core.choices import DeadlineState

END_OF_DAY = time(23, 59, 59)


def working_calendar() -> KazakhstanCalendar:
    """Kazakhstan's calendar with the laboratory's overrides as they are now (one query)."""
    from lims.core.models import CalendarOverride, CalendarOverrideKind

    rows = CalendarOverride.objects.values_list("day", "kind")
    return KazakhstanCalendar({day: kind == CalendarOverrideKind.WORKING_DAY for day, kind in rows})


def conclusion_due_at(received_at: datetime, calendar: KazakhstanCalendar | None = None) -> datetime:
    """R1 (Law art.12 p.3): end of the fifth working day after the day of application, local time."""
    local_day = timezone.localtime(received_at).date()
    due_day = conclusion_due_date(
        local_day, settings.CONCLUSION_DUE_WORKING_DAYS, calendar or working_calendar()
    )
    return timezone.make_aware(datetime.combine(due_day, END_OF_DAY))


def working_days_left(today: date, due_day: date, calendar: WorkingDayPredicate) -> int:
    """Working days from `today` to `due_day` (R1), counting `due_day` but not `today`.

    0 when the due day is today (or a non-working day before the next working day), 1 when it is the next
    working day (across weekends and holidays: due on Tuesday after a Friday and a holiday Monday is 1 on
    Friday), and so on. Past the due day the count is negative: minus the working days elapsed since, and
    at least -1, so a weekend right after the due day already reads -1. Pure: no database, no clock.
    """
    if due_day >= today:
        return count_working_days(today, due_day, calendar)
    return -max(1, count_working_days(due_day, today, calendar))


def deadline_state(due_at: datetime, now: datetime, calendar: WorkingDayPredicate) -> str:
    """R1 in operation: `overdue` once `now` is past `due_at`; `due_soon` when the conclusion is due today
    or on the next working day (`working_days_left` ≤ 1); otherwise `on_track`. Days are the laboratory's
    local days (`TIME_ZONE`). Takes the calendar so a scan over many applications loads it once."""
    if now > due_at:
        return DeadlineState.OVERDUE
    today = timezone.localtime(now).date()
    due_day = timezone.localtime(due_at).date()
    if working_days_left(today, due_day, calendar) <= 1:
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TRACK


def due_soon_until(now: datetime, calendar: WorkingDayPredicate) -> datetime:
    """The instant the `due_soon` window ends: the start of the second working day after today (local
    time), i.e. just after the end of the next working day and any days off that follow it. An open
    application with `now <= due_at < due_soon_until(now)` is due soon: the rule of `deadline_state`, for
    database filters."""
    today = timezone.localtime(now).date()
    next_day = next_working_day(today + timedelta(days=1), calendar)
    second_day = next_working_day(next_day + timedelta(days=1), calendar)
    return timezone.make_aware(datetime.combine(second_day, time.min))
