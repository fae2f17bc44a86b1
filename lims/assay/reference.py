"""Reference data the assay engine reads: standard finenesses, method settings, the laboratory's policy."""

from decimal import Decimal

from lims.assay.models import AssayPolicy, MethodSetting, StandardFineness


def standards_for(metal: str) -> list[Decimal]:
    return list(StandardFineness.objects.filter(metal=metal, active=True).values_list("value", flat=True))


def method_setting(method: str) -> MethodSetting:
    """Settings of a method; missing settings are an administrator's error to fix, never a silent default."""
    return MethodSetting.objects.get(method=method)


def subtracts_uncertainty(organization_id: int) -> bool:
    return AssayPolicy.objects.filter(organization_id=organization_id, subtract_uncertainty=True).exists()
