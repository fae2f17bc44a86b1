from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from lims.accounts.models import Organization, User
from lims.core.choices import ExpertiseKind


class OrganizationForm(forms.ModelForm):
    scope = forms.MultipleChoiceField(
        label=_("accreditation scope"), choices=ExpertiseKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "short_code",
            "bin",
            "address",
            "accreditation_number",
            "accredited_from",
            "accredited_until",
            "scope",
        ]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationForm
    list_display = [
        "name",
        "short_code",
        "bin",
        "accreditation_number",
        "accredited_from",
        "accredited_until",
    ]
    search_fields = ["name", "bin", "short_code"]


@admin.register(User)
class SynamaUserAdmin(UserAdmin):
    fieldsets = [*UserAdmin.fieldsets, (_("Synama"), {"fields": ["role", "organization", "applicant"]})]
    list_display = ["username", "first_name", "last_name", "role", "organization", "is_active"]
    list_filter = ["role", "organization", "is_active"]
    list_select_related = ["organization"]
