from django.contrib import admin

from lims.assay.models import Result
from lims.core.admin_mixins import ReadOnlyAdmin


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ["item", "metal", "method", "fineness", "recorded_by", "recorded_at"]
    list_filter = ["metal", "method"]
    list_select_related = ["item", "recorded_by"]
