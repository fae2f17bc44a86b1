"""The pure rules of state control (no database): HS scope of the Kimberley Process, the EAEU, the act's
one working day (R6) across weekends and holidays, the certificate's validity (R7)."""

from datetime import date
from decimal import Decimal

import pytest

from lims.control import rules
from lims.core.calendar import KazakhstanCalendar


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [("7102.10", "7102.10"), ("710231", "7102.31"), (" 7102 21 ", "7102.21"), ("7113190000", "7113.190000")],
)
def test_hs_codes_are_normalized(raw, normalized):
    assert rules.normalize_hs_code(raw) == normalized


@pytest.mark.parametrize("raw", ["", "71", "7102.1", "abcd.ef", "7102.10.00.00.1"])
def test_a_malformed_hs_code_is_refused(raw):
    with pytest.raises(ValueError):
        rules.normalize_hs_code(raw)


@pytest.mark.parametrize("code", ["7102.10", "7102.21", "7102.31", "7102.310000"])
def test_r7_rough_diamonds_under_the_kp_are_exactly_three_hs_subheadings(code):
    assert rules.is_kp_rough_diamond(code)


@pytest.mark.parametrize("code", ["7102.29", "7102.39", "7103.91", "7113.19", "7101.21"])
def test_r7_other_hs_codes_are_not_rough_diamonds_under_the_kp(code):
    assert not rules.is_kp_rough_diamond(code)


def test_r2_control_applies_outside_the_eaeu_only():
    assert rules.is_outside_eaeu("BE")
    assert rules.is_outside_eaeu("cn")
    for member in ("KZ", "RU", "BY", "AM", "KG", "ru"):
        assert not rules.is_outside_eaeu(member)


def test_r6_act_due_the_next_working_day():
    # Tuesday 10 November 2026 → Wednesday 11 November.
    assert rules.act_due_day(date(2026, 11, 10), KazakhstanCalendar()) == date(2026, 11, 11)


def test_r6_act_due_across_the_weekend():
    # Friday 13 November 2026 → Monday 16 November.
    assert rules.act_due_day(date(2026, 11, 13), KazakhstanCalendar()) == date(2026, 11, 16)


def test_r6_act_due_across_holidays():
    # Received Wednesday 31 December 2025: 1-2 January are New Year holidays, 3-4 the weekend → Monday 5th.
    assert rules.act_due_day(date(2025, 12, 31), KazakhstanCalendar()) == date(2026, 1, 5)
    # Received on a holiday (Independence Day, Wednesday 16 December 2026): counted from the next working
    # day, Thursday 17, so due Friday 18.
    calendar = KazakhstanCalendar()
    assert not calendar(date(2026, 12, 16))
    assert rules.act_due_day(date(2026, 12, 16), calendar) == date(2026, 12, 18)


def test_r6_act_due_follows_the_laboratory_overrides():
    # A day off moved by decree to Thursday 12 November 2026: documents of Wednesday are due on Friday.
    calendar = KazakhstanCalendar({date(2026, 11, 12): False})
    assert rules.act_due_day(date(2026, 11, 11), calendar) == date(2026, 11, 13)


def test_r7_certificate_valid_through_its_expiry_day_and_not_after():
    assert rules.certificate_valid_on(date(2026, 11, 20), date(2026, 11, 20))
    assert not rules.certificate_valid_on(date(2026, 11, 20), date(2026, 11, 21))
    assert not rules.certificate_valid_on(None, date(2026, 11, 1))


@pytest.mark.parametrize(
    ("number", "country", "matches"),
    [
        ("BE 0123456", "BE", True),
        ("AE-2026-000117", "AE", True),
        ("be0123456", "BE", True),
        ("BW 0412283", "BE", False),
        ("BEL 123", "BE", False),
        ("0123456", "BE", False),
    ],
)
def test_kp_certificate_number_carries_the_issuing_country(number, country, matches):
    assert rules.certificate_number_matches_country(number, country) is matches


def test_carats_are_quantized_to_hundredths_half_even():
    assert rules.carats("120.505") == Decimal("120.50")
    assert rules.carats(Decimal("120.515")) == Decimal("120.52")
    assert rules.money("0.005") == Decimal("0.00")
