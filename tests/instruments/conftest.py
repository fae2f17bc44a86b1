import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from instruments import services
from instruments.models import DEFAULT_USES, InstrumentType
from instruments.services.register import CalibrationData, InstrumentData

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "instruments"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def as_upload(content: bytes, name: str = "export.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def register(manager, type_=InstrumentType.XRF, *, serial="SN-1", valid_days=365, name=None, uses=None):
    """An instrument registered by `manager`, calibrated yesterday for `valid_days` (None: never)."""
    instrument = services.instrument_register(
        actor=manager,
        data=InstrumentData(
            name=name or f"{InstrumentType(type_).label} {serial}",
            type=type_,
            serial_number=serial,
            uses=uses if uses is not None else [str(u) for u in DEFAULT_USES[type_]],
        ),
    )
    if valid_days is not None:
        calibrate(manager, instrument, valid_days=valid_days)
    return instrument


def calibrate(manager, instrument, *, valid_days=365, performed_days_ago=1, number="CAL-1"):
    performed = timezone.localdate() - datetime.timedelta(days=performed_days_ago)
    return services.calibration_record(
        actor=manager,
        instrument=instrument,
        data=CalibrationData(
            kind="verification",
            certificate_number=number,
            performed_on=performed,
            valid_until=performed + datetime.timedelta(days=valid_days),
            provider="KazInMetr",
        ),
    )


@pytest.fixture
def xrf(bob):
    return register(bob, InstrumentType.XRF, serial="250-00417")


@pytest.fixture
def balance(bob):
    return register(bob, InstrumentType.ANALYTICAL_BALANCE, serial="B123456789")


@pytest.fixture
def icp(bob):
    return register(bob, InstrumentType.ICP_OES, serial="ICP-7")
