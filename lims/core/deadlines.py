"""Deadlines in the laboratory's time zone, from the working-day calendar."""

from datetime import datetime, time

from django.conf import settings
from django.utils import timezone

from lims.core.calendar import KazakhstanCalendar, conclusion_due_date

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
