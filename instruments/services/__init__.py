"""Every change to the instrument register, its quality records and its result-file imports, each in one
transaction with its audit event."""

from instruments.services.imports import balance_read, import_apply, import_process, import_receive
from instruments.services.quality import certified_value_add, qc_check_record, reference_material_register
from instruments.services.register import (
    calibration_record,
    instrument_register,
    instrument_status_change,
    instrument_update,
    token_create,
    token_revoke,
)

__all__ = [
    "balance_read",
    "calibration_record",
    "certified_value_add",
    "import_apply",
    "import_process",
    "import_receive",
    "instrument_register",
    "instrument_status_change",
    "instrument_update",
    "qc_check_record",
    "reference_material_register",
    "token_create",
    "token_revoke",
]
