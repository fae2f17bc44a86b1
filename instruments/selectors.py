"""Permission-scoped querysets of the instrument pages and API: a laboratory's staff see its own."""

from django.db.models import QuerySet

from instruments.models import CertifiedValue, Instrument, ReferenceMaterial, ResultImport
from lims.accounts import permissions


def instruments_for(user) -> QuerySet[Instrument]:
    if not permissions.can_view_lab_work(user):
        return Instrument.objects.none()
    return Instrument.objects.filter(organization_id=user.organization_id).select_related("responsible")


def reference_materials_for(user) -> QuerySet[ReferenceMaterial]:
    if not permissions.can_view_lab_work(user):
        return ReferenceMaterial.objects.none()
    return ReferenceMaterial.objects.filter(organization_id=user.organization_id)


def certified_values_for(user) -> QuerySet[CertifiedValue]:
    return CertifiedValue.objects.filter(reference_material__in=reference_materials_for(user)).select_related(
        "reference_material"
    )


def imports_for(user) -> QuerySet[ResultImport]:
    if not permissions.can_view_lab_work(user):
        return ResultImport.objects.none()
    return ResultImport.objects.filter(organization_id=user.organization_id).select_related(
        "instrument", "uploaded_by", "uploaded_via", "applied_by"
    )
