"""Fixtures of the KP statistics tests: Almaty time, a known third quarter of 2026, the reporting day."""

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from lims.control.models import (
    CaseStatus,
    Direction,
)
from tests.control.statistics.cases import local, make_case
from tests.factories import ApplicantFactory


@pytest.fixture
def almaty_time(settings):
    # Kazakhstan's time (UTC+5): 03:00 on 1 July is still 30 June in UTC, so the boundary tests tell local
    # days from UTC days.
    settings.TIME_ZONE = "Asia/Almaty"


@pytest.fixture
def q3_cases(victor, almaty_time):
    """Q3 2026: a released import whose lot was shipped from Dubai on a Belgian certificate, a released
    export to the UAE, and around them what must not count."""
    applicant = ApplicantFactory()
    cases = {
        "import": make_case(
            victor,
            direction=Direction.IMPORT,
            partner="AE",
            issuing="BE",
            lines=[("7102.10", "10.25", "1000.10"), ("7102.31", "5.50", "2500.00")],
            decided_at=local(2026, 8, 10, 12, 0),
            applicant=applicant,
        ),
        "export": make_case(
            victor,
            direction=Direction.EXPORT,
            partner="AE",
            issuing="KZ",
            lines=[("7102.21", "7.00", "700.00")],
            decided_at=local(2026, 9, 30, 23, 59),
            applicant=applicant,
        ),
        # Local 1 July 03:00 is 30 June 22:00 UTC: in Q3 by the local calendar.
        "early_q3": make_case(
            victor,
            direction=Direction.IMPORT,
            partner="BW",
            issuing="BW",
            lines=[("7102.21", "3.33", "333.33")],
            decided_at=local(2026, 7, 1, 3, 0),
            applicant=applicant,
        ),
        "last_evening_of_q2": make_case(
            victor,
            direction=Direction.IMPORT,
            partner="IN",
            issuing="IN",
            lines=[("7102.10", "1.00", "100.00")],
            decided_at=local(2026, 6, 30, 23, 30),
            applicant=applicant,
        ),
        "first_moment_of_q4": make_case(
            victor,
            direction=Direction.EXPORT,
            partner="IN",
            issuing="KZ",
            lines=[("7102.10", "2.00", "200.00")],
            decided_at=local(2026, 10, 1, 0, 0),
            applicant=applicant,
        ),
        "refused": make_case(
            victor,
            direction=Direction.IMPORT,
            partner="BE",
            issuing="BE",
            lines=[("7102.10", "99.00", "9900.00")],
            status=CaseStatus.REFUSED,
            decided_at=local(2026, 8, 1, 10, 0),
            applicant=applicant,
        ),
        "open": make_case(
            victor,
            direction=Direction.EXPORT,
            partner="BE",
            issuing="KZ",
            lines=[("7102.31", "55.00", "5500.00")],
            status=CaseStatus.OPEN,
            applicant=applicant,
        ),
    }
    return cases


# Early October: Q3's report is due within two months.
REPORTING_DAY = datetime(2026, 10, 5, 10, 0, tzinfo=timezone.get_fixed_timezone(5 * 60))


@pytest.fixture
def reporting_day():
    with time_machine.travel(REPORTING_DAY, tick=False):
        yield
