"""The instrument register: instruments, their status, calibration records and the tokens of their PCs."""

import hashlib
import secrets
from dataclasses import asdict, dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from instruments.models import (
    CalibrationRecord,
    Instrument,
    InstrumentStatus,
    InstrumentToken,
    InstrumentUse,
)
from lims.accounts import permissions
from lims.core.audit import audit_record
from lims.core.files import file_sha256

TOKEN_BYTES = 32


def ensure_manager(actor, organization_id: int | None = None) -> None:
    if not permissions.can_manage_instruments(actor) or (
        organization_id is not None and actor.organization_id != organization_id
    ):
        raise PermissionDenied(
            _("Only the head of laboratory or its administrator keeps the instrument register.")
        )


@dataclass(frozen=True)
class InstrumentData:
    name: str
    type: str
    serial_number: str
    make: str = ""
    model: str = ""
    location: str = ""
    responsible: object = None
    uses: list[str] = field(default_factory=list)


def _snapshot(instrument: Instrument) -> dict:
    return {
        "name": instrument.name,
        "type": instrument.type,
        "make": instrument.make,
        "model": instrument.model,
        "serial_number": instrument.serial_number,
        "location": instrument.location,
        "responsible": instrument.responsible.get_username() if instrument.responsible else None,
        "uses": list(instrument.uses),
        "status": instrument.status,
    }


def _apply(instrument: Instrument, data: InstrumentData) -> None:
    unknown = [use for use in data.uses if use not in InstrumentUse.values]
    if unknown:
        raise ValidationError({"uses": _("Unknown method: %(codes)s.") % {"codes": ", ".join(unknown)}})
    if data.responsible is not None and data.responsible.organization_id != instrument.organization_id:
        raise ValidationError({"responsible": _("The responsible person must work in this laboratory.")})
    for name, value in asdict(data).items():
        setattr(instrument, name, value.strip() if isinstance(value, str) else value)
    instrument.responsible = data.responsible
    instrument.uses = sorted(set(data.uses), key=InstrumentUse.values.index)


def _save(instrument: Instrument) -> None:
    try:
        with transaction.atomic():
            instrument.save()
    except IntegrityError as error:
        raise ValidationError(
            {
                "serial_number": _("This laboratory already has an instrument with serial number %(serial)s.")
                % {"serial": instrument.serial_number}
            }
        ) from error


@transaction.atomic
def instrument_register(*, actor, data: InstrumentData) -> Instrument:
    ensure_manager(actor)
    instrument = Instrument(organization_id=actor.organization_id)
    _apply(instrument, data)
    _save(instrument)
    audit_record(actor=actor, action="instrument.register", obj=instrument, after=_snapshot(instrument))
    return instrument


@transaction.atomic
def instrument_update(*, actor, instrument: Instrument, data: InstrumentData) -> Instrument:
    ensure_manager(actor, instrument.organization_id)
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    before = _snapshot(instrument)
    _apply(instrument, data)
    _save(instrument)
    audit_record(
        actor=actor, action="instrument.update", obj=instrument, before=before, after=_snapshot(instrument)
    )
    return instrument


@transaction.atomic
def instrument_status_change(*, actor, instrument: Instrument, status: str, reason: str) -> Instrument:
    """Take an instrument out of service, retire it or return it to service, always with the reason."""
    ensure_manager(actor, instrument.organization_id)
    if status not in InstrumentStatus.values:
        raise ValidationError(_("Unknown status."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the change of status.")})
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if instrument.status == InstrumentStatus.RETIRED:
        raise ValidationError(_("A retired instrument stays retired; register a new one."))
    if instrument.status == status:
        raise ValidationError(
            _("The instrument is already %(status)s.") % {"status": instrument.get_status_display().lower()}
        )
    before = instrument.status
    instrument.status, instrument.status_reason = status, reason.strip()[:500]
    instrument.save(update_fields=["status", "status_reason"])
    audit_record(
        actor=actor,
        action="instrument.status",
        obj=instrument,
        before={"status": before},
        after={"status": status},
        reason=instrument.status_reason,
    )
    return instrument


@dataclass(frozen=True)
class CalibrationData:
    kind: str
    certificate_number: str
    performed_on: object
    valid_until: object
    provider: str
    notes: str = ""


@transaction.atomic
def calibration_record(
    *, actor, instrument: Instrument, data: CalibrationData, file=None
) -> CalibrationRecord:
    """Add a calibration, verification or attestation record; the certificate is kept with its SHA-256."""
    ensure_manager(actor, instrument.organization_id)
    if data.valid_until < data.performed_on:
        raise ValidationError(
            {"valid_until": _("The validity cannot end before the date of the calibration.")}
        )
    if data.performed_on > timezone.localdate():
        raise ValidationError({"performed_on": _("The calibration date cannot be in the future.")})
    record = CalibrationRecord(
        instrument=instrument,
        kind=data.kind,
        certificate_number=data.certificate_number.strip(),
        performed_on=data.performed_on,
        valid_until=data.valid_until,
        provider=data.provider.strip(),
        notes=data.notes.strip(),
        recorded_by=actor,
    )
    if file is not None:
        record.file_sha256 = file_sha256(file)
        record.file.save(file.name, file, save=False)
    record.save()
    audit_record(
        actor=actor,
        action="instrument.calibration",
        obj=instrument,
        after={
            "kind": record.kind,
            "certificate": record.certificate_number,
            "performed_on": record.performed_on.isoformat(),
            "valid_until": record.valid_until.isoformat(),
            "provider": record.provider,
            "file_sha256": record.file_sha256,
        },
    )
    return record


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor, instrument: Instrument, label: str) -> tuple[InstrumentToken, str]:
    """A new key for the instrument's PC; returns the token and the key, which is never shown again."""
    ensure_manager(actor, instrument.organization_id)
    if not label.strip():
        raise ValidationError({"label": _("Name the PC or the place the key is used.")})
    key = secrets.token_urlsafe(TOKEN_BYTES)
    token = InstrumentToken.objects.create(
        instrument=instrument,
        label=label.strip(),
        prefix=key[:8],
        key_sha256=_key_hash(key),
        created_by=actor,
    )
    audit_record(actor=actor, action="instrument.token_create", obj=instrument, after={"token": str(token)})
    return token, key


@transaction.atomic
def token_revoke(*, actor, token: InstrumentToken, reason: str = "") -> InstrumentToken:
    ensure_manager(actor, token.instrument.organization_id)
    token = InstrumentToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=actor,
            action="instrument.token_revoke",
            obj=token.instrument,
            after={"token": str(token)},
            reason=reason,
        )
    return token


def token_for_key(key: str) -> InstrumentToken | None:
    """The active token with this key, or None (compared by hash; the key itself is never stored)."""
    token = (
        InstrumentToken.objects.select_related("instrument")
        .filter(key_sha256=_key_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        InstrumentToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
