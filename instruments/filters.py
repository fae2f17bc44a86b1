import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from instruments import gate
from instruments.models import CALIBRATED_TYPES, InstrumentStatus, InstrumentType


class InstrumentFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(label=_("Type"), choices=InstrumentType.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InstrumentStatus.choices)
    calibration = django_filters.ChoiceFilter(
        label=_("Calibration"),
        choices=[("expired", _("Expired or missing")), ("expiring", _("Expires soon"))],
        method="filter_calibration",
    )
    q = django_filters.CharFilter(label=_("Name or serial number"), method="filter_q")

    def filter_calibration(self, queryset, name, value):
        """On a queryset annotated by `gate.with_state`."""
        today = timezone.localdate()
        calibrated = queryset.filter(type__in=CALIBRATED_TYPES)
        if value == "expired":
            return calibrated.filter(Q(calibrated_until__isnull=True) | Q(calibrated_until__lt=today))
        return calibrated.filter(
            calibrated_until__gte=today, calibrated_until__lte=gate.expiry_warning_until(today)
        )

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(serial_number__icontains=value))
