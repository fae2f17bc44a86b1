"""Reference materials, their certified values, and QC checks of instruments against them."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from instruments.models import CertifiedValue, Instrument, InstrumentStatus, QcCheck, ReferenceMaterial
from instruments.qc import qc_verdict
from instruments.services.register import ensure_manager
from lims.accounts import permissions
from lims.core.audit import audit_record


@dataclass(frozen=True)
class ReferenceMaterialData:
    name: str
    producer: str = ""
    lot: str = ""
    certificate_number: str = ""
    expires_on: object = None


@transaction.atomic
def reference_material_register(*, actor, data: ReferenceMaterialData) -> ReferenceMaterial:
    ensure_manager(actor)
    material = ReferenceMaterial.objects.create(
        organization_id=actor.organization_id,
        name=data.name.strip(),
        producer=data.producer.strip(),
        lot=data.lot.strip(),
        certificate_number=data.certificate_number.strip(),
        expires_on=data.expires_on,
        registered_by=actor,
    )
    audit_record(
        actor=actor,
        action="reference_material.register",
        obj=material,
        after={
            "name": material.name,
            "lot": material.lot,
            "certificate": material.certificate_number,
            "expires_on": material.expires_on.isoformat() if material.expires_on else None,
        },
    )
    return material


@transaction.atomic
def certified_value_add(
    *,
    actor,
    material: ReferenceMaterial,
    analyte: str,
    unit: str,
    value: Decimal,
    uncertainty: Decimal,
    tolerance: Decimal,
) -> CertifiedValue:
    """A certified value of the material. Once QC checks cite it, it is never changed: checks keep the value
    and tolerance they were judged against, and a corrected certificate is a new material."""
    ensure_manager(actor, material.organization_id)
    if tolerance <= 0:
        raise ValidationError({"tolerance": _("The QC tolerance must be greater than zero.")})
    if uncertainty < 0:
        raise ValidationError({"uncertainty": _("The uncertainty cannot be negative.")})
    try:
        with transaction.atomic():
            certified = CertifiedValue.objects.create(
                reference_material=material,
                analyte=analyte.strip(),
                unit=unit,
                value=value,
                uncertainty=uncertainty,
                tolerance=tolerance,
            )
    except IntegrityError as error:
        raise ValidationError(
            {
                "analyte": _("This material already has a certified value for %(analyte)s.")
                % {"analyte": analyte}
            }
        ) from error
    audit_record(
        actor=actor,
        action="reference_material.certified_value",
        obj=material,
        after={
            "analyte": certified.analyte,
            "unit": certified.unit,
            "value": str(value),
            "uncertainty": str(uncertainty),
            "tolerance": str(tolerance),
        },
    )
    return certified


@transaction.atomic
def qc_check_record(
    *,
    actor,
    instrument: Instrument,
    certified_value: CertifiedValue,
    measured: Decimal,
    performed_at=None,
    notes: str = "",
) -> QcCheck:
    """Record a QC check: the instrument measured a reference material. The verdict is the pure QC rule
    (`instruments.qc`); a failed check stops the instrument (the gate) until a passing one is recorded.
    An out-of-service instrument may be checked (that is how it is shown fit again); a retired one may not,
    nor may an expired reference material be used."""
    if not permissions.can_record_qc(actor):
        raise PermissionDenied(_("You may not record QC checks."))
    material = certified_value.reference_material
    if len({actor.organization_id, instrument.organization_id, material.organization_id}) != 1:
        raise PermissionDenied(_("The instrument and the reference material must belong to your laboratory."))
    performed_at = performed_at or timezone.now()
    if performed_at > timezone.now():
        raise ValidationError({"performed_at": _("A QC check cannot be in the future.")})
    if instrument.status == InstrumentStatus.RETIRED:
        raise ValidationError(_("The instrument is retired."))
    if material.expires_on is not None and material.expires_on < timezone.localdate(performed_at):
        raise ValidationError(
            _("The reference material %(material)s expired on %(date)s: use a valid one.")
            % {"material": material, "date": material.expires_on.isoformat()}
        )
    verdict = qc_verdict(
        measured=measured, certified=certified_value.value, tolerance=certified_value.tolerance
    )
    check = QcCheck.objects.create(
        instrument=instrument,
        certified_value=certified_value,
        measured=measured,
        certified=certified_value.value,
        tolerance=certified_value.tolerance,
        deviation=verdict.deviation,
        passed=verdict.passed,
        performed_at=performed_at,
        performed_by=actor,
        notes=notes.strip(),
    )
    audit_record(
        actor=actor,
        action="instrument.qc_check",
        obj=instrument,
        after={
            "material": str(material),
            "analyte": certified_value.analyte,
            "measured": str(measured),
            "certified": str(certified_value.value),
            "tolerance": str(certified_value.tolerance),
            "passed": verdict.passed,
        },
    )
    return check
