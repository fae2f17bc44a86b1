"""The instrument register (ISO/IEC 17025 §6.4): instruments with their calibration and verification records,
reference materials and QC checks, access tokens of instrument PCs, and the result files imported from them.
"""

from instruments.models.imports import ImportFormat, ImportOutcome, ImportRow, ImportStatus, ResultImport
from instruments.models.quality import AnalyteUnit, CertifiedValue, QcCheck, ReferenceMaterial
from instruments.models.register import (
    CALIBRATED_TYPES,
    DEFAULT_USES,
    CalibrationKind,
    CalibrationRecord,
    Instrument,
    InstrumentStatus,
    InstrumentToken,
    InstrumentType,
    InstrumentUse,
)

__all__ = [
    "CALIBRATED_TYPES",
    "DEFAULT_USES",
    "AnalyteUnit",
    "CalibrationKind",
    "CalibrationRecord",
    "CertifiedValue",
    "ImportFormat",
    "ImportOutcome",
    "ImportRow",
    "ImportStatus",
    "Instrument",
    "InstrumentStatus",
    "InstrumentToken",
    "InstrumentType",
    "InstrumentUse",
    "QcCheck",
    "ReferenceMaterial",
    "ResultImport",
]
