from django.contrib import admin

from lims.core.admin_mixins import ReadOnlyAdmin
from lims.rawgoods.models import MetalContent


@admin.register(MetalContent)
class MetalContentAdmin(ReadOnlyAdmin):
    list_display = ["item", "element", "value", "unit", "not_detected", "detection_limit", "recorded_at"]
    list_filter = ["element", "unit", "not_detected"]
    list_select_related = ["item"]
    search_fields = ["item__lab_number"]
