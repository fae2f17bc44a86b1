from django.contrib import admin

from lims.conclusions.models import Conclusion
from lims.core.admin_mixins import ReadOnlyAdmin


@admin.register(Conclusion)
class ConclusionAdmin(ReadOnlyAdmin):
    list_display = ["number", "organization", "application", "status", "issued_at", "pdf_status"]
    list_filter = ["status", "pdf_status", "organization"]
    search_fields = ["number"]
    list_select_related = ["organization", "application"]
