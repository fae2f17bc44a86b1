"""The dashboard's filters (django-filter): period, organization (the system administrator's, over several),
purpose, category, and the trend's unit. Their cleaned values make the `Scope` every query runs under."""

from datetime import timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lims.accounts.models import Organization
from lims.dashboard.models import Turnaround
from lims.dashboard.queries import Scope
from lims.intake.filters import DATE
from lims.intake.models import ItemCategory, Purpose

# The default period: the last 90 days, today included.
DEFAULT_DAYS = 90
UNITS = [("week", _("weeks")), ("month", _("months"))]


def _keep(queryset, name, value):
    """The values shape the scope of every query rather than one queryset."""
    return queryset


class DashboardFilter(django_filters.FilterSet):
    start = django_filters.DateFilter(label=_("From"), method=_keep, widget=DATE)
    end = django_filters.DateFilter(label=_("To"), method=_keep, widget=DATE)
    organization = django_filters.ModelMultipleChoiceFilter(
        queryset=Organization.objects.order_by("short_code"), label=_("Organizations"), method=_keep
    )
    purpose = django_filters.ChoiceFilter(choices=Purpose.choices, label=_("Purpose"), method=_keep)
    category = django_filters.ChoiceFilter(choices=ItemCategory.choices, label=_("Category"), method=_keep)
    unit = django_filters.ChoiceFilter(choices=UNITS, label=_("Trend by"), method=_keep, empty_label=None)

    class Meta:
        model = Turnaround
        fields: list[str] = []  # every filter is declared above

    def __init__(self, data=None, *args, user, now=None, calendar=None, **kwargs):
        self.now = now or timezone.now()
        today = timezone.localtime(self.now).date()
        defaults = {"start": (today - timedelta(days=DEFAULT_DAYS - 1)).isoformat(), "end": today.isoformat()}
        defaults["unit"] = "week"
        merged = data.copy() if data is not None else {}
        for key, value in defaults.items():
            if not merged.get(key):
                merged[key] = value
        super().__init__(merged, *args, **kwargs)
        self.user = user
        self.calendar = calendar
        if not user.is_superuser or user.organization_id is not None:
            # A laboratory's staff see their own organization only: no choice to offer.
            del self.filters["organization"]
            self.form.fields.pop("organization", None)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid:
            start, end = self.form.cleaned_data["start"], self.form.cleaned_data["end"]
            if start > end:
                self.form.add_error("end", forms.ValidationError(_("The period ends before it begins.")))
                return False
        return valid

    def scope(self) -> Scope:
        data = self.form.cleaned_data
        if "organization" in self.form.fields:
            chosen = data.get("organization")
            organizations = tuple(org.pk for org in chosen) if chosen else None
        else:
            organizations = (self.user.organization_id,)
        return Scope(
            organizations=organizations,
            start=data["start"],
            end=data["end"],
            now=self.now,
            purpose=data.get("purpose") or "",
            category=data.get("category") or "",
            calendar=self.calendar,
        )

    @property
    def trend_unit(self) -> str:
        return self.form.cleaned_data.get("unit") or "week"
