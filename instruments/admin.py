from django.contrib import admin

from instruments.models import CalibrationRecord, Instrument, QcCheck, ResultImport
from lims.core.admin_mixins import ReadOnlyAdmin


@admin.register(Instrument)
class InstrumentAdmin(ReadOnlyAdmin):
    """Kept on the instrument pages, where every change is audited; listed here."""

    list_display = ["name", "type", "make", "model", "serial_number", "organization", "status"]
    list_filter = ["type", "status", "organization"]
    search_fields = ["name", "serial_number"]


@admin.register(CalibrationRecord)
class CalibrationRecordAdmin(ReadOnlyAdmin):
    list_display = ["instrument", "kind", "certificate_number", "performed_on", "valid_until", "provider"]
    list_filter = ["kind"]


@admin.register(QcCheck)
class QcCheckAdmin(ReadOnlyAdmin):
    list_display = ["instrument", "certified_value", "measured", "passed", "performed_at"]
    list_filter = ["passed"]


@admin.register(ResultImport)
class ResultImportAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "instrument", "status", "results_created", "rows_rejected", "uploaded_at"]
    list_filter = ["status", "format"]
