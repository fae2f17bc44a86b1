import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lims.core.choices import Metal
from lims.hallmarks import codes
from lims.hallmarks.models import AssayMark, NameMark, NameMarkStatus


class NameMarkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Code, producer or IIN/BIN"))
    code = django_filters.CharFilter(method="by_code", label=_("Mark code"))
    status = django_filters.ChoiceFilter(choices=NameMarkStatus.choices, label=_("Status"))

    class Meta:
        model = NameMark
        fields = ["q", "code", "status"]

    def by_code(self, queryset, name, value):
        # Exactly this code, typed in either script.
        return queryset.filter(code_key=codes.match_key(value)) if value.strip() else queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # A code is found in either script (codes.match_key); a producer by name or by exact IIN/BIN.
        return queryset.filter(
            Q(code_key__startswith=codes.match_key(value))
            | Q(producer_name__icontains=value)
            | Q(producer_identifier=value)
        )


class AssayMarkFilter(django_filters.FilterSet):
    metal = django_filters.ChoiceFilter(choices=Metal.choices, label=_("Metal"))
    office_code = django_filters.CharFilter(method="office", label=_("Assay-office code"))
    fineness = django_filters.NumberFilter(label=_("Fineness figure, ‰"))

    class Meta:
        model = AssayMark
        fields = ["metal", "office_code", "fineness"]

    def office(self, queryset, name, value):
        value = "".join(value.split()).upper()
        return queryset.filter(office_code=value) if value else queryset
