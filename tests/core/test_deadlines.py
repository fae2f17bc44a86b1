from datetime import datetime
from zoneinfo import ZoneInfo

from lims.core.calendar import KazakhstanCalendar
from lims.core.deadlines import conclusion_due_at

ALMATY = ZoneInfo("Asia/Almaty")


def test_r1_due_at_is_end_of_fifth_working_day_in_laboratory_time():
    received = datetime(2026, 11, 16, 9, 30, tzinfo=ALMATY)  # Monday
    assert conclusion_due_at(received, KazakhstanCalendar()) == datetime(
        2026, 11, 23, 23, 59, 59, tzinfo=ALMATY
    )


def test_r1_day_of_application_is_the_local_day_not_utc():
    # 20:30 UTC on Friday is already Saturday in Almaty (UTC+5): counts from Monday.
    received = datetime(2026, 11, 20, 20, 30, tzinfo=ZoneInfo("UTC"))
    assert (
        conclusion_due_at(received, KazakhstanCalendar()).astimezone(ALMATY).date().isoformat()
        == "2026-11-30"
    )
