import django_filters
from django.utils.translation import gettext_lazy as _

from lims.notifications.models import Delivery, DeliveryKind, DeliveryStatus


class DeliveryFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=DeliveryKind.choices, label=_("Kind"))

    class Meta:
        model = Delivery
        fields = ["status", "kind"]
