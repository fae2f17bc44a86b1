import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lims.intake.models import Application, ApplicationStatus, Item, ItemCategory, Purpose

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices, label=_("Status"))
    purpose = django_filters.ChoiceFilter(choices=Purpose.choices, label=_("Purpose"))
    received_from = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__gte", label=_("Received from")
    )
    received_to = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__lte", label=_("Received to")
    )
    due_before = django_filters.DateFilter(
        field_name="due_at", lookup_expr="date__lte", label=_("Due by"), widget=DATE
    )

    class Meta:
        model = Application
        fields = ["q", "status", "purpose", "received_from", "received_to", "due_before"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value) | Q(applicant__name__icontains=value) | Q(applicant__identifier=value)
        )


class ItemFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=ItemCategory.choices, label=_("Category"))
    lab_number = django_filters.CharFilter(lookup_expr="iexact", label=_("Lab number"))
    application = django_filters.CharFilter(field_name="application__number", label=_("Application"))

    class Meta:
        model = Item
        fields = ["category", "lab_number", "application", "status"]
