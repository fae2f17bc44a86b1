from django.contrib import admin

from lims.core.admin_mixins import ReadOnlyAdmin
from lims.core.models import AuditEvent, CalendarOverride
from lims.core.services import calendar_override_delete, calendar_override_save


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_repr", "reason"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id"]
    list_select_related = ["actor"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    """Days off and working weekend days moved by decree; saving recomputes open applications' due dates."""

    list_display = ["day", "kind", "decree", "note"]
    list_filter = ["kind"]
    search_fields = ["decree", "note"]
    date_hierarchy = "day"

    def save_model(self, request, obj, form, change):
        if change and "day" in form.changed_data:
            calendar_override_delete(actor=request.user, override=CalendarOverride.objects.get(pk=obj.pk))
        saved = calendar_override_save(
            actor=request.user, day=obj.day, kind=obj.kind, decree=obj.decree, note=obj.note
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        calendar_override_delete(actor=request.user, override=obj)

    def delete_queryset(self, request, queryset):
        for override in queryset:
            calendar_override_delete(actor=request.user, override=override)
