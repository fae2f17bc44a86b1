"""R1 (Law art.12 p.3): five working days. Pure working-day arithmetic, weekends only for now."""

from datetime import date

import pytest

from lims.core.calendar import add_working_days, conclusion_due_date, count_working_days, next_working_day

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
