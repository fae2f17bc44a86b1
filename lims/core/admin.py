from django.contrib import admin

from lims.core.admin_mixins import ReadOnlyAdmin
from lims.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_repr", "reason"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id"]
    list_select_related = ["actor"]
