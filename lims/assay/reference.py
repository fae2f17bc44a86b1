"""Reference data the assay engine reads: standard finenesses, method settings, the laboratory's policy."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lims.assay.models import AssayPolicy, MethodSetting, StandardFineness
from lims.core.fixtures import load_rows

REFERENCE_FIXTURES = ("assay/standard_finenesses.json", "assay/method_settings.json")


def load_reference_data(apps) -> None:
    """Create or update the standard finenesses and method settings from fixtures/assay/ (the one source of
    these values). `apps` is the migration's app registry (or django.apps.apps in tests)."""
    load_rows(apps, *REFERENCE_FIXTURES)


def standards_for(metal: str) -> list[Decimal]:
    return list(StandardFineness.objects.filter(metal=metal, active=True).values_list("value", flat=True))


def method_setting(method: str) -> MethodSetting:
    """Settings of a method; missing settings are an administrator's error to fix, never a silent default."""
    try:
        return MethodSetting.objects.get(method=method)
    except MethodSetting.DoesNotExist as error:
        raise ValidationError(
            _("The settings of method %(method)s are missing; ask the administrator to restore them.")
            % {"method": method}
        ) from error


def subtracts_uncertainty(organization_id: int) -> bool:
    return AssayPolicy.objects.filter(organization_id=organization_id, subtract_uncertainty=True).exists()
