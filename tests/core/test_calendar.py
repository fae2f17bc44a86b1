"""R1 (Law art.12 p.3): five working days. Pure working-day arithmetic and Kazakhstan's calendar."""

from datetime import date

import pytest

from lims.core.calendar import (
    KazakhstanCalendar,
    add_working_days,
    conclusion_due_date,
    count_working_days,
    next_working_day,
)

MON, FRI, SAT, SUN = date(2026, 11, 16), date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 22)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (MON, date(2026, 11, 23)),  # Monday → next Monday
        (date(2026, 11, 18), date(2026, 11, 25)),  # Wednesday → next Wednesday
        (FRI, date(2026, 11, 27)),  # Friday → next Friday
        (SAT, date(2026, 11, 30)),  # Saturday counts from Monday 23rd → Monday 30th
        (SUN, date(2026, 11, 30)),
    ],
)
def test_r1_conclusion_due_on_fifth_working_day_after_application(received, due):
    assert conclusion_due_date(received, 5) == due


def test_r1_due_date_uses_the_calendar_it_is_given():
    holiday = date(2026, 11, 19)
    assert conclusion_due_date(MON, 5, lambda d: d.weekday() < 5 and d != holiday) == date(2026, 11, 24)


def test_next_working_day():
    assert next_working_day(FRI) == FRI
    assert next_working_day(SAT) == date(2026, 11, 23)


def test_add_and_count_are_inverse():
    for start in (MON, FRI, SAT):
        for n in range(0, 15):
            assert count_working_days(start, add_working_days(start, n)) == n


def test_add_working_days_rejects_negative():
    with pytest.raises(ValueError):
        add_working_days(MON, -1)


# --- Kazakhstan's calendar (the `holidays` package plus the laboratory's overrides) ------------------------

KZ = KazakhstanCalendar()


def test_r1_public_holidays_are_not_working_days():
    assert not KZ(date(2026, 12, 16))  # Independence Day, a Wednesday
    assert not KZ(date(2026, 3, 23))  # Nowruz
    assert KZ(date(2026, 12, 17))


def test_r1_a_holiday_on_a_weekend_is_observed_on_monday():
    # International Women's Day 2026 is a Sunday: Monday the 9th is the day off.
    assert not KZ(date(2026, 3, 9))
    assert KZ(date(2026, 3, 10))


def test_r1_decree_transfers_a_day_off_and_makes_a_sunday_a_working_day():
    # 2025: Friday 3 January was a day off, moved from Sunday 5 January, which was worked.
    assert not KZ(date(2025, 1, 3))
    assert KZ(date(2025, 1, 5))


def test_r1_due_date_across_new_year_and_a_worked_sunday():
    # Received Tuesday 31 December 2024: 1-4 January off, Sunday 5th worked (1), Monday 6th (2), Orthodox
    # Christmas on the 7th off, 8th (3), 9th (4), Friday 10th (5).
    assert conclusion_due_date(date(2024, 12, 31), 5, KZ) == date(2025, 1, 10)


def test_r1_laboratory_overrides_win_over_the_package():
    saturday, holiday = date(2026, 11, 28), date(2026, 12, 16)
    calendar = KazakhstanCalendar({saturday: True, holiday: True, date(2026, 11, 27): False})
    assert calendar(saturday) and calendar(holiday) and not calendar(date(2026, 11, 27))
    # Received Monday 23 November: 24, 25, 26, (27 off), 28 (worked Saturday), 30 → due Monday 30th.
    assert conclusion_due_date(date(2026, 11, 23), 5, calendar) == date(2026, 11, 30)
