"""Eight weeks of finished work for the demo's dashboard: applications registered, tested, verified,
signed and issued on past days through the real services, the clock moved to each step (time-machine), so
every timestamp, audit event and turnaround row is what the laboratory would have recorded. Most are issued
within the five working days of R1, some late; some articles fail their declared fineness.

Deterministic: the same schedule relative to the day the demo is loaded."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import time_machine
from django.utils import timezone

from lims.assay import samples
from lims.assay.forms import clean_raw
from lims.assay.models import Method
from lims.assay.services import result_record, result_verify
from lims.conclusions.services import conclusion_issue, conclusion_prepare, conclusion_review, conclusion_sign
from lims.core.calendar import add_working_days, next_working_day
from lims.core.choices import Metal
from lims.core.deadlines import working_calendar
from lims.intake.models import ItemCategory, Purpose
from lims.intake.services import ItemData, application_register

# (calendar days ago received, organization, applicant key, purpose, items, working days of each stage:
# first result, verification, signature, issue). Items: (description, mass g, metal, declared, measured).
RING = ("Кольцо золотое", "3.250", Metal.GOLD, "585", "585.4")
CHAIN = ("Цепь золотая", "12.800", Metal.GOLD, "750", "750.6")
SPOON = ("Ложка серебряная", "38.400", Metal.SILVER, "925", "925.8")
SHORT_RING = ("Кольцо золотое", "2.980", Metal.GOLD, "585", "578.2")  # fails its declared 585
SHORT_CHAIN = ("Цепь золотая", "9.410", Metal.GOLD, "750", "741.0")  # fails its declared 750

SCHEDULE = [
    (56, "ALM", "altyn", Purpose.DOMESTIC_HALLMARKING, [RING, CHAIN], (1, 1, 1, 1)),
    (55, "ALM", "ivanov", Purpose.VOLUNTARY, [RING], (0, 1, 1, 0)),
    (52, "ALM", "altyn", Purpose.EXPORT, [CHAIN, SPOON], (1, 2, 1, 1)),
    (49, "ALM", "sapphire", Purpose.IMPORT, [SHORT_RING], (2, 1, 2, 1)),
    (45, "ALM", "altyn", Purpose.DOMESTIC_HALLMARKING, [RING, RING], (1, 1, 0, 1)),
    (42, "ALM", "altyn", Purpose.EXPORT, [CHAIN], (2, 2, 2, 1)),  # late: 7 working days
    (38, "ALM", "ivanov", Purpose.VOLUNTARY, [SPOON], (1, 0, 1, 0)),
    (35, "ALM", "altyn", Purpose.DOMESTIC_HALLMARKING, [SHORT_CHAIN, RING], (1, 2, 1, 1)),
    (31, "ALM", "sapphire", Purpose.IMPORT, [RING], (3, 1, 1, 1)),  # late: 6 working days
    (28, "ALM", "altyn", Purpose.EXPORT, [CHAIN, RING], (1, 1, 1, 1)),
    (24, "ALM", "ivanov", Purpose.VOLUNTARY, [RING], (0, 0, 1, 0)),
    (21, "ALM", "altyn", Purpose.DOMESTIC_HALLMARKING, [SHORT_RING, CHAIN], (1, 1, 2, 1)),
    (18, "ALM", "altyn", Purpose.EXPORT, [SPOON], (1, 1, 1, 0)),
    (49, "AST", "sapphire", Purpose.IMPORT, [CHAIN], (1, 2, 1, 1)),
    (35, "AST", "ivanov", Purpose.VOLUNTARY, [RING], (2, 2, 1, 1)),  # late: 6 working days
    (21, "AST", "ivanov", Purpose.VOLUNTARY, [SPOON], (1, 1, 1, 1)),
]

HOURS = (10, 14, 11, 15, 16)  # local hour of registration, first result, verification, signature, issue


def _raw(metal: str, measured: str) -> tuple[str, dict]:
    if metal == Metal.SILVER:
        return Method.SILVER_TITRATION, samples.silver_titration(Decimal(measured))
    return Method.FIRE_ASSAY, samples.fire_assay(Decimal(measured))


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed(*, organizations: dict, users: dict, applicants: dict, today: date | None = None) -> list:
    """Register and carry every application of `SCHEDULE` to issue on its past days; returns them."""
    today = today or timezone.localdate()
    calendar = working_calendar()
    staff = {
        "ALM": (users["tech.alm"], users["tech2.alm"], users["head.alm"]),
        "AST": (users["tech.ast"], users["head.ast"], users["head.ast"]),
    }
    done = []
    for index, (days_ago, org, applicant, purpose, items, stages) in enumerate(SCHEDULE):
        tech, verifier, head = staff[org]
        if index % 2 and org == "ALM":
            tech, verifier = verifier, tech  # the two technicians share the work
        received = next_working_day(today - timedelta(days=days_ago), calendar)
        days = [received]
        for stage in stages:
            days.append(add_working_days(days[-1], stage, calendar))
        moments = [_at(day, hour) for day, hour in zip(days, HOURS, strict=True)]
        with time_machine.travel(moments[0], tick=False):
            application = application_register(
                actor=tech,
                applicant=applicants[applicant],
                purpose=purpose,
                items=[
                    ItemData(ItemCategory.JEWELRY, name, Decimal(mass), 1, metal, Decimal(declared))
                    for name, mass, metal, declared, _measured in items
                ],
            )
        recorded = []
        with time_machine.travel(moments[1], tick=False):
            for item, (_name, _mass, metal, _declared, measured) in zip(
                application.items.order_by("sequence"), items, strict=True
            ):
                method, raw = _raw(metal, measured)
                raw = clean_raw(method, raw)
                recorded.append(result_record(actor=tech, item=item, method=method, metal=metal, raw=raw))
        with time_machine.travel(moments[2], tick=False):
            for result in recorded:
                result_verify(actor=verifier, result=result)
        with time_machine.travel(moments[3], tick=False):
            conclusion = conclusion_prepare(actor=tech, application=application)
            conclusion = conclusion_review(actor=verifier, conclusion=conclusion)
            conclusion = conclusion_sign(actor=head, conclusion=conclusion)
        with time_machine.travel(moments[4], tick=False):
            conclusion_issue(actor=head, conclusion=conclusion)
        done.append(application)
    return done
