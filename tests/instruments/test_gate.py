"""The calibration gate: a result cannot cite an instrument that is out of service, whose calibration has
expired (or was never recorded), whose last QC check failed, or that does not serve the method."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from instruments import gate, services
from instruments.models import AnalyteUnit, Instrument, InstrumentType
from instruments.services.quality import ReferenceMaterialData
from lims.assay import samples
from lims.assay.forms import clean_raw
from lims.assay.models import Method
from lims.assay.services import result_record
from tests.factories import make_application
from tests.instruments.conftest import calibrate, register

pytestmark = pytest.mark.django_db


def blockers(instrument, **kwargs):
    return gate.usage_blockers(gate.with_state(Instrument.objects.filter(pk=instrument.pk)).get(), **kwargs)


def record_with(alice, item, instrument, method=Method.FIRE_ASSAY):
    raw = (
        samples.fire_assay(Decimal("585")) if method == Method.FIRE_ASSAY else {"portion_1_reading": "585.0"}
    )
    return result_record(
        actor=alice, item=item, method=method, metal="Au", raw=clean_raw(method, raw), instrument=instrument
    )


@pytest.fixture
def ring(alice, pavel_co):
    return make_application(alice, pavel_co).items.get()


def test_calibrated_instrument_in_service_may_be_used(bob, alice, ring, balance):
    assert blockers(balance, use=Method.FIRE_ASSAY) == []
    assert record_with(alice, ring, balance).instrument == balance


def test_gate_refuses_a_result_citing_an_instrument_whose_calibration_expired(bob, alice, ring):
    balance = register(bob, InstrumentType.ANALYTICAL_BALANCE, valid_days=None)
    calibrate(bob, balance, performed_days_ago=400, valid_days=365)  # expired 35 days ago
    with pytest.raises(ValidationError) as refused:
        record_with(alice, ring, balance)
    assert "expired on" in refused.value.messages[0]
    assert not ring.results.exists()


def test_gate_calibration_valid_until_today_passes_and_fails_the_next_day(bob):
    balance = register(bob, InstrumentType.ANALYTICAL_BALANCE, valid_days=None)
    calibrate(bob, balance, performed_days_ago=10, valid_days=10)  # valid until today
    today = timezone.localdate()
    assert blockers(balance, day=today) == []
    assert "expired on" in blockers(balance, day=today + datetime.timedelta(days=1))[0]


def test_gate_a_newer_certificate_lifts_the_block(bob, alice, ring):
    balance = register(bob, InstrumentType.ANALYTICAL_BALANCE, valid_days=None)
    calibrate(bob, balance, performed_days_ago=400, valid_days=365)
    calibrate(bob, balance, performed_days_ago=0, valid_days=365, number="CAL-2")
    assert record_with(alice, ring, balance).instrument == balance


def test_gate_refuses_an_instrument_never_calibrated(bob):
    balance = register(bob, InstrumentType.ANALYTICAL_BALANCE, valid_days=None)
    assert "no calibration or verification record" in blockers(balance)[0]


def test_gate_indicators_need_no_calibration(bob):
    polariscope = register(bob, InstrumentType.POLARISCOPE, valid_days=None)
    assert blockers(polariscope) == []


def test_gate_refuses_an_instrument_out_of_service_with_its_reason(bob, alice, ring, balance):
    services.instrument_status_change(actor=bob, instrument=balance, status="out_of_service", reason="Drift")
    with pytest.raises(ValidationError) as refused:
        record_with(alice, ring, balance)
    assert "out of service (Drift)" in refused.value.messages[0]


def test_gate_refuses_an_instrument_whose_last_qc_check_failed_until_one_passes(bob, alice, ring, balance):
    material = services.reference_material_register(
        actor=bob, data=ReferenceMaterialData(name="Weight 200 mg")
    )
    weight = services.certified_value_add(
        actor=bob,
        material=material,
        analyte="mass",
        unit=AnalyteUnit.MG,
        value=Decimal("200.000"),
        uncertainty=Decimal("0.003"),
        tolerance=Decimal("0.010"),
    )
    now = timezone.now()
    services.qc_check_record(
        actor=alice,
        instrument=balance,
        certified_value=weight,
        measured=Decimal("200.02"),
        performed_at=now - datetime.timedelta(minutes=5),
    )
    with pytest.raises(ValidationError) as refused:
        record_with(alice, ring, balance)
    assert "last QC check" in refused.value.messages[0]
    services.qc_check_record(
        actor=alice,
        instrument=balance,
        certified_value=weight,
        measured=Decimal("200.004"),
        performed_at=now,
    )
    assert blockers(balance) == []


def test_gate_refuses_an_instrument_that_does_not_serve_the_method(bob, alice, ring, balance):
    with pytest.raises(ValidationError) as refused:
        record_with(alice, ring, balance, method=Method.XRF)
    assert "does not serve" in refused.value.messages[0]


def test_gate_lists_every_reason_at_once(bob):
    balance = register(bob, InstrumentType.ANALYTICAL_BALANCE, valid_days=None)
    services.instrument_status_change(actor=bob, instrument=balance, status="out_of_service", reason="Repair")
    assert len(blockers(balance, use=Method.XRF)) == 3
