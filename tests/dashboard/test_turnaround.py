"""Working days and hours per stage (R1), pure: no database."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from lims.core.calendar import is_weekday
from lims.dashboard.turnaround import Milestones, StageTime, hours_between, stage_times

ALMATY = ZoneInfo("Asia/Almaty")


def at(day: int, hour: int = 10, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ALMATY)


def days(times):
    return {key: value.days if value else None for key, value in times.items()}


def test_r1_issued_on_the_due_day_took_five_working_days_and_the_stages_add_up():
    # Received Monday 2 March; R1's due day is Monday 9 March (the fifth working day after).
    milestones = Milestones(at(2), at(3), at(4), at(5), at(9, 17))
    times = stage_times(milestones, is_weekday, ALMATY)
    assert days(times) == {"testing": 1, "verification": 1, "signing": 1, "issue": 2, "total": 5}
    assert times["total"] == StageTime(days=5, hours=Decimal("175.0"))


def test_r1_received_on_a_day_off_counts_from_the_next_working_day():
    # Received Saturday 7 March, tested the same Saturday, issued Monday 9: day 0 of R1.
    milestones = Milestones(at(7), at(7, 12), at(9, 9), at(9, 10), at(9, 11))
    assert days(stage_times(milestones, is_weekday, ALMATY)) == {
        "testing": 0,
        "verification": 0,
        "signing": 0,
        "issue": 0,
        "total": 0,
    }
    # Issued the Monday after (16 March): five working days, the last day of R1.
    late = Milestones(at(7), at(9), at(10), at(11), at(16))
    assert days(stage_times(late, is_weekday, ALMATY))["total"] == 5


def test_r1_a_holiday_is_not_a_working_day():
    holidays = {date(2026, 3, 4)}

    def calendar(day):
        return is_weekday(day) and day not in holidays

    milestones = Milestones(at(2), at(3), at(5), at(5), at(10))
    assert days(stage_times(milestones, calendar, ALMATY)) == {
        "testing": 1,
        "verification": 1,  # Wednesday the 4th is off
        "signing": 0,
        "issue": 3,
        "total": 5,
    }


def test_stages_not_reached_are_none_and_local_dates_decide():
    # 23:30 in Almaty on Monday is 17:30 UTC; the first result at 00:30 local on Tuesday is the next day.
    milestones = Milestones(at(2, 23), datetime(2026, 3, 2, 19, 30, tzinfo=ZoneInfo("UTC")))
    assert days(stage_times(milestones, is_weekday, ALMATY)) == {
        "testing": 1,
        "verification": None,
        "signing": None,
        "issue": None,
        "total": None,
    }


def test_hours_are_elapsed_hours_to_a_tenth_half_even_never_negative():
    assert hours_between(at(2, 10), datetime(2026, 3, 2, 10, 3, tzinfo=ALMATY)) == Decimal("0.0")
    assert hours_between(at(2, 10), datetime(2026, 3, 2, 10, 9, tzinfo=ALMATY)) == Decimal("0.2")
    assert hours_between(at(2, 10), datetime(2026, 3, 2, 10, 15, tzinfo=ALMATY)) == Decimal("0.2")
    assert hours_between(at(3), at(2)) == Decimal("0.0")
