"""Rough-diamond cases written straight to the tables for the statistics tests (the services' own tests
cover the workflow; here only the stored state matters)."""

from datetime import datetime
from decimal import Decimal
from itertools import count

from django.utils import timezone

from lims.control.models import (
    CaseStatus,
    ControlCase,
    GoodsCategory,
    KimberleyCertificate,
    KimberleyLine,
    QuantityUnit,
)
from tests.factories import ApplicantFactory

D = Decimal

_numbers = count(1)


def local(*args) -> datetime:
    """A moment on the local clock (TIME_ZONE)."""
    return datetime(*args, tzinfo=timezone.get_current_timezone())


def make_case(
    officer,
    *,
    direction,
    partner,
    issuing,
    lines,
    status=CaseStatus.RELEASED,
    decided_at=None,
    applicant=None,
):
    """A rough-diamond case with its KP certificate and lines, written straight to the tables (the
    services' own tests cover the workflow; here only the stored state matters)."""
    n = next(_numbers)
    carats = sum((D(c) for _hs, c, _usd in lines), D(0))
    usd = sum((D(u) for _hs, _c, u in lines), D(0))
    case = ControlCase.objects.create(
        number=f"SC-TEST-{n:06d}",
        applicant=applicant or ApplicantFactory(),
        direction=direction,
        category=GoodsCategory.ROUGH_DIAMONDS,
        hs_code=lines[0][0],
        partner_country=partner,
        description="Rough diamonds",
        quantity=carats,
        unit=QuantityUnit.CARATS,
        value=usd,
        opened_by=officer,
        status=status,
        decided_by=officer if decided_at else None,
        decided_at=decided_at,
        act_number=f"AC-TEST-{n:06d}" if status == CaseStatus.RELEASED else None,
        refusal_reason="The seals were broken." if status == CaseStatus.REFUSED else "",
    )
    certificate = KimberleyCertificate.objects.create(
        case=case,
        direction=direction,
        issuing_country=issuing,
        issuing_authority="Diamond Office",
        origin=issuing,
        exporter="Exporter",
        importer="Importer",
        parcels=1,
        recorded_by=officer,
    )
    for hs_code, line_carats, line_usd in lines:
        KimberleyLine.objects.create(
            certificate=certificate, hs_code=hs_code, carats=D(line_carats), value_usd=D(line_usd)
        )
    return case
