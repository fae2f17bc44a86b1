"""Deadlines in the laboratory's time zone, from the pure working-day calendar."""

from datetime import datetime, time

from django.conf import settings
from django.utils import timezone

from lims.core.calendar import conclusion_due_date

END_OF_DAY = time(23, 59, 59)


def conclusion_due_at(received_at: datetime) -> datetime:
    """R1 (Law art.12 p.3): end of the fifth working day after the day of application, local time."""
    local_day = timezone.localtime(received_at).date()
    due_day = conclusion_due_date(local_day, settings.CONCLUSION_DUE_WORKING_DAYS)
    return timezone.make_aware(datetime.combine(due_day, END_OF_DAY))
