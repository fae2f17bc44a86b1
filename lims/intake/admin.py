from django.contrib import admin

from lims.core.admin_mixins import ReadOnlyAdmin
from lims.intake.models import Applicant, Application, Item


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "identifier", "email"]
    search_fields = ["name", "identifier"]
    list_filter = ["kind"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["number", "organization", "applicant", "purpose", "status", "received_at", "due_at"]
    list_filter = ["status", "purpose", "organization"]
    search_fields = ["number"]
    list_select_related = ["organization", "applicant"]


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["lab_number", "application", "category", "description", "gross_mass_g", "status"]
    list_filter = ["category", "status"]
    search_fields = ["lab_number"]
    list_select_related = ["application"]
