"""Demo data for the instrument register, made through the real services: ALM's XRF, analytical balance and
ICP-OES in order, a balance whose calibration expires soon, a hydrostatic balance whose calibration has
expired (it may not be used), reference materials with a history of QC checks for the control charts, and a
200-ring hallmarking batch with an XRF export written to `var/demo/` for a technician to upload."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from instruments import services
from instruments.models import DEFAULT_USES, AnalyteUnit, InstrumentType
from instruments.samples import xrf_csv
from instruments.services.quality import ReferenceMaterialData
from instruments.services.register import CalibrationData, InstrumentData
from lims.intake.models import ItemCategory, Purpose
from lims.intake.services import ItemData, application_register

D = Decimal
FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "instruments"
# (name, type, make, model, serial, location, calibration valid for days from today: None = expired)
INSTRUMENTS = [
    ("XRF-1", InstrumentType.XRF, "Fischer", "FISCHERSCOPE XRAY XAN 250", "250-00417", "Room 12", 210),
    (
        "Balance AB-1",
        InstrumentType.ANALYTICAL_BALANCE,
        "Mettler Toledo",
        "XPR205DR",
        "B123456789",
        "Room 14",
        20,
    ),
    ("ICP-OES", InstrumentType.ICP_OES, "Agilent", "5800 ICP-OES", "MY22110017", "Room 16", 300),
    ("Hydrostatic balance", InstrumentType.HYDROSTATIC_BALANCE, "Ohaus", "PX224", "C0987", "Room 20", None),
    ("Refractometer", InstrumentType.REFRACTOMETER, "Kruss", "ER6040", "R-6040-11", "Room 20", 150),
    ("Polariscope", InstrumentType.POLARISCOPE, "Presidium", "PP-1", "PP-77", "Room 20", None),
]
# XRF readings of the Au 585 reference alloy, one a day (‰): scatter around 585.0, one warning at -2 SD.
XRF_QC = [
    "585.1", "584.9", "585.0", "585.2", "584.8", "585.0", "585.1", "584.9", "585.0", "585.2",
    "584.9", "585.1", "585.0", "584.8", "585.1", "585.0", "584.9", "585.2", "585.0", "585.1",
    "584.6", "585.0", "585.1", "584.9", "585.0",
]  # fmt: skip


def seed(*, organization, head, technician, applicant) -> dict:
    today = timezone.localdate()
    instruments = {}
    for name, kind, make, model, serial, location, valid_days in INSTRUMENTS:
        instrument = services.instrument_register(
            actor=head,
            data=InstrumentData(
                name=name,
                type=kind,
                serial_number=serial,
                make=make,
                model=model,
                location=location,
                responsible=technician,
                uses=[str(use) for use in DEFAULT_USES[kind]],
            ),
        )
        if kind == InstrumentType.POLARISCOPE:
            pass  # an indicator: not calibrated
        elif valid_days is None:  # expired a fortnight ago
            _calibrate(head, instrument, today - _days(380), today - _days(15))
        else:
            _calibrate(head, instrument, today - _days(365 - valid_days), today + _days(valid_days))
        instruments[name] = instrument
    alloy = services.reference_material_register(
        actor=head,
        data=ReferenceMaterialData(
            name="Au 585 alloy reference", producer="Demo CRM producer", lot="585-2026-03",
            certificate_number="CRM 585-03", expires_on=today + datetime.timedelta(days=400),
        ),
    )  # fmt: skip
    au = services.certified_value_add(
        actor=head, material=alloy, analyte="Au", unit=AnalyteUnit.PERMILLE,
        value=D("585.0"), uncertainty=D("0.3"), tolerance=D("0.6"),
    )  # fmt: skip
    weight = services.reference_material_register(
        actor=head,
        data=ReferenceMaterialData(
            name="Check weight 200 mg, class E2", lot="W-200-5", certificate_number="KZ.0712-2025",
            expires_on=today + datetime.timedelta(days=25),
        ),
    )  # fmt: skip
    mass = services.certified_value_add(
        actor=head, material=weight, analyte="mass", unit=AnalyteUnit.MG,
        value=D("200.000"), uncertainty=D("0.003"), tolerance=D("0.010"),
    )  # fmt: skip
    now = timezone.now()
    for days_ago, measured in zip(range(len(XRF_QC), 0, -1), XRF_QC, strict=True):
        services.qc_check_record(
            actor=technician,
            instrument=instruments["XRF-1"],
            certified_value=au,
            measured=D(measured),
            performed_at=now - datetime.timedelta(days=days_ago, hours=-1),
        )
    for days_ago, measured in enumerate(("200.002", "199.998", "200.004", "200.001", "199.999"), start=1):
        services.qc_check_record(
            actor=technician,
            instrument=instruments["Balance AB-1"],
            certified_value=mass,
            measured=D(measured),
            performed_at=now - datetime.timedelta(days=days_ago),
        )
    rings = [
        ItemData(
            ItemCategory.JEWELRY, f"Кольцо обручальное 585, размер {16 + n % 6}", D("3.1") + D(n % 7) / 10
        )
        for n in range(200)
    ]
    batch = application_register(
        actor=technician,
        applicant=applicant,
        purpose=Purpose.DOMESTIC_HALLMARKING,
        items=[ItemData(r.category, r.description, r.gross_mass_g, 1, "Au", D("585")) for r in rings],
    )
    folder = demo_dir()
    folder.mkdir(parents=True, exist_ok=True)
    xrf_file = folder / "xrf-hallmarking-batch.csv"
    items = batch.items.order_by("sequence")
    xrf_file.write_bytes(xrf_csv([(i.lab_number, "Au", D("585")) for i in items], serial="250-00417"))
    balance_file = folder / "balance-fire-assay.txt"
    balance_file.write_bytes((FIXTURES / "mt_sics.txt").read_bytes())
    return {"batch": batch, "files": [xrf_file, balance_file]}


def demo_dir() -> Path:
    """Where the demo's instrument files are written for a person to upload."""
    return Path(settings.VAR_DIR) / "demo"


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _calibrate(head, instrument, performed_on, valid_until):
    services.calibration_record(
        actor=head,
        instrument=instrument,
        data=CalibrationData(
            kind="verification",
            certificate_number=f"ВС-{performed_on:%Y}-{instrument.pk:04d}",
            performed_on=performed_on,
            valid_until=valid_until,
            provider="РГП «КазСтандарт»",
        ),
    )
