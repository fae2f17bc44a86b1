from django.contrib import admin

from lims.core.admin_mixins import ReadOnlyAdmin
from lims.notifications.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "kind",
        "recipient_name",
        "recipient_email",
        "status",
        "attempts",
        "application",
    ]
    list_filter = ["status", "kind", "organization"]
    search_fields = ["recipient_name", "recipient_email", "subject"]
    list_select_related = ["application"]
    date_hierarchy = "created_at"
