"""A small known data set for the dashboard, built through the real services with the clock moved to each
step. "Now" is Friday 16 October 2026, noon in Almaty (no public holiday from 1 to 23 October)."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lims.assay import samples
from lims.assay.forms import clean_raw
from lims.assay.models import Method
from lims.assay.services import result_record, result_verify
from lims.conclusions.services import conclusion_issue, conclusion_prepare, conclusion_review, conclusion_sign
from lims.intake.models import Purpose
from lims.intake.services import application_register
from tests.factories import jewelry

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 10, 16, 12, 0, tzinfo=ALMATY)


def at(day: int, hour: int = 10, month: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ALMATY)


def register(technician, applicant, received, fineness="585", purpose=Purpose.VOLUNTARY, items=None):
    with time_machine.travel(received, tick=False):
        return application_register(
            actor=technician, applicant=applicant, purpose=purpose, items=items or [jewelry(fineness)]
        )


def carry(application, technician, verifier, head, moments, measured="585.4"):
    """First result, verification, signature and issue at the four `moments`; every item fire-assayed."""
    with time_machine.travel(moments[0], tick=False):
        results = [
            result_record(
                actor=technician,
                item=item,
                method=Method.FIRE_ASSAY,
                raw=clean_raw(Method.FIRE_ASSAY, samples.fire_assay(Decimal(measured))),
            )
            for item in application.items.order_by("sequence")
        ]
    with time_machine.travel(moments[1], tick=False):
        for result in results:
            result_verify(actor=verifier, result=result)
    with time_machine.travel(moments[2], tick=False):
        conclusion = conclusion_prepare(actor=technician, application=application)
        conclusion = conclusion_review(actor=verifier, conclusion=conclusion)
        conclusion = conclusion_sign(actor=head, conclusion=conclusion)
    with time_machine.travel(moments[3], tick=False):
        return conclusion_issue(actor=head, conclusion=conclusion)


@pytest.fixture
def known(cast, pavel_co, quinn_co, django_capture_on_commit_callbacks):
    """ALM (Alice enters, Carol verifies, Bob signs):
    - A, Pavel, received Mon 5 Oct, issued Fri 9 Oct: 4 working days, on time;
    - B, Quinn, received Thu 1 Oct, issued Fri 9 Oct: 6 working days, late (due Thu 8), its ring 578.2
      against a declared 585: non-conforming;
    - open: E received Thu 8 (due Thu 15: overdue), D Fri 9 (due today), F Mon 12 (due Mon 19: the next
      working day), G Wed 14 (due Wed 21: later).
    AST (Dave, Erin): one issued on time, which ALM's head must never see in his figures."""
    alice, carol, bob, dave, erin = (cast[name] for name in ("alice", "carol", "bob", "dave", "erin"))
    with django_capture_on_commit_callbacks(execute=True):
        a = register(alice, pavel_co, at(5), purpose=Purpose.EXPORT)
        carry(a, alice, carol, bob, [at(6), at(7), at(8), at(9, 15)])
        b = register(alice, quinn_co, at(1))
        carry(b, alice, carol, bob, [at(5), at(6), at(7), at(9, 16)], measured="578.2")
        e = register(alice, pavel_co, at(8))
        d = register(alice, pavel_co, at(9))
        f = register(alice, quinn_co, at(12))
        g = register(alice, pavel_co, at(14))
        c = register(dave, pavel_co, at(5))
        carry(c, dave, erin, erin, [at(6), at(7), at(8), at(9)])
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f, "G": g}
