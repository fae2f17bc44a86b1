import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from lims.core.choices import DeadlineState
from lims.core.deadlines import due_soon_until, working_calendar
from lims.intake.models import (
    OPEN_STATUSES,
    Applicant,
    Application,
    ApplicationStatus,
    Item,
    ItemCategory,
    Purpose,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering with the id as the tie-break, so pages do not shuffle rows that share a due date."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in value), "id")


class ApplicationFilter(django_filters.FilterSet):
    """Give `now` and `calendar` to share them with the page (one calendar load per request); by default
    the current time and the laboratory's calendar."""

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
    # R1, computed from `due_at` at request time (right even between two deadline scans); open ones only.
    deadline = django_filters.ChoiceFilter(
        choices=DeadlineState.choices, method="by_deadline", label=_("Deadline")
    )
    ordering = StableOrderingFilter(
        fields=(("due_at", "due"), ("received_at", "received")),
        field_labels={"due_at": _("Due date"), "received_at": _("Received")},
        label=_("Sort by"),
    )

    class Meta:
        model = Application
        fields = ["q", "status", "purpose", "received_from", "received_to", "due_before", "deadline"]

    def __init__(self, *args, now=None, calendar=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        self._calendar = calendar

    @property
    def calendar(self):
        if self._calendar is None:
            self._calendar = working_calendar()
        return self._calendar

    def by_deadline(self, queryset, name, value):
        queryset = queryset.filter(status__in=OPEN_STATUSES)
        if value == DeadlineState.OVERDUE:
            return queryset.filter(due_at__lt=self.now)
        until = due_soon_until(self.now, self.calendar)
        if value == DeadlineState.DUE_SOON:
            return queryset.filter(due_at__gte=self.now, due_at__lt=until)
        return queryset.filter(due_at__gte=until)

    def search(self, queryset, name, value):
        """A number (any part of it), an applicant's name (any part) or BIN/IIN (whole). The applicants are
        looked up first, in their own small table, so the applications are found by two index scans (the
        number's trigram index on PostgreSQL, the applicant's) instead of an OR across a join of every
        application the laboratory has (docs/BENCHMARKS.md, L3)."""
        value = value.strip()
        if not value:
            return queryset
        applicants = Applicant.objects.filter(Q(name__icontains=value) | Q(identifier=value)).order_by()
        return queryset.filter(
            Q(number__icontains=value) | Q(applicant_id__in=list(applicants.values_list("pk", flat=True)))
        )


class ItemFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=ItemCategory.choices, label=_("Category"))
    lab_number = django_filters.CharFilter(method="by_lab_number", label=_("Lab number"))
    application = django_filters.CharFilter(field_name="application__number", label=_("Application"))

    class Meta:
        model = Item
        fields = ["category", "lab_number", "application", "status"]

    def by_lab_number(self, queryset, name, value):
        """Lab numbers are written upper-case (`ALM-2026-000123`), so an exact match on the upper-cased
        input is case-insensitive and served by the unique index (docs/BENCHMARKS.md, L2)."""
        value = value.strip()
        return queryset.filter(lab_number=value.upper()) if value else queryset
