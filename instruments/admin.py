from django.contrib import admin

from instruments.models import Instrument


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "make", "model", "serial_number", "organization", "status"]
    list_filter = ["type", "status", "organization"]
    search_fields = ["name", "serial_number"]
