"""The Kimberley Process certificate of a rough-diamond lot (R7-R9), its container seals (R8), the
confirmation of receipt to the exporting authority, and the certificate as structured data for electronic
exchange."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lims.control import rules
from lims.control.countries import MIXED, is_country
from lims.control.models import (
    ContainerSeal,
    ControlCase,
    Direction,
    KimberleyCertificate,
    KimberleyLine,
    SealState,
)
from lims.control.services import guards
from lims.control.services.common import ensure_officer, ensure_open, local_day
from lims.core.audit import audit_record


def authorized_body_name() -> str:
    return settings.AUTHORIZED_BODY_NAME or _(
        "Ministry of Industry and Construction of the Republic of Kazakhstan"
    )


# --- The Kimberley Process certificate ----------------------------------------------------------------------


def clean_lines(lines) -> list[tuple[str, Decimal, Decimal]]:
    """HS codes with carats and USD: only rough diamonds under the KP (7102.10, 7102.21, 7102.31), each
    code once, carats to 0.01 and dollars to the cent."""
    cleaned, seen = [], set()
    for hs_code, carats, value_usd in lines:
        try:
            code = rules.hs_subheading(rules.normalize_hs_code(hs_code))
        except ValueError:
            raise ValidationError(_("%(code)s is not an HS code.") % {"code": hs_code}) from None
        if code not in rules.KP_HS_CODES:
            raise ValidationError(
                _(
                    "HS %(code)s is not a rough diamond under the Kimberley Process (only 7102.10, 7102.21 "
                    "and 7102.31 are)."
                )
                % {"code": code}
            )
        if code in seen:
            raise ValidationError(_("HS %(code)s is stated twice.") % {"code": code})
        seen.add(code)
        carats, value_usd = rules.carats(carats), rules.money(value_usd)
        if carats <= 0 or value_usd <= 0:
            raise ValidationError(_("Carats and value must be positive (HS %(code)s).") % {"code": code})
        cleaned.append((code, carats, value_usd))
    if not cleaned:
        raise ValidationError(_("State at least one HS code with its carats and value."))
    return cleaned


@transaction.atomic
def certificate_record(
    *,
    actor,
    case: ControlCase,
    origin: str,
    exporter: str,
    importer: str,
    parcels: int,
    lines,
    number: str = "",
    issuing_country: str = "",
    issuing_authority: str = "",
    authority_email: str = "",
    issued_on: date | None = None,
    expires_on: date | None = None,
) -> KimberleyCertificate:
    """On import, the exporting state's certificate as presented (R7): recorded even with its number or
    dates missing, so the refusal can cite what was missing. On export, the data of Kazakhstan's
    certificate, issued with the act (R9): number and dates are given then. Recording again replaces it
    while the documents are open."""
    ensure_officer(actor)
    case = ControlCase.objects.select_for_update().get(pk=case.pk)
    ensure_open(case)
    if not case.is_rough_diamonds:
        raise ValidationError(_("Only rough diamonds travel with a Kimberley Process certificate."))
    cleaned = clean_lines(lines)
    origin = (origin or "").strip()
    origin = MIXED if origin.lower() == MIXED else origin.upper()
    if origin != MIXED and not is_country(origin):
        raise ValidationError({"origin": _("Choose the country of origin, or “mixed”.")})
    fields = {
        "origin": origin,
        "exporter": exporter.strip(),
        "importer": importer.strip(),
        "parcels": parcels,
        "authority_email": authority_email.strip(),
    }
    if case.direction == Direction.IMPORT:
        number = number.strip().upper() or None
        issuing_country = (issuing_country or "").strip().upper()
        if not is_country(issuing_country):
            raise ValidationError({"issuing_country": _("Choose the issuing country.")})
        if number and not rules.certificate_number_matches_country(number, issuing_country):
            raise ValidationError(
                {
                    "number": _(
                        "A KP certificate's number begins with its issuing country's code (%(code)s)."
                    )
                    % {"code": issuing_country}
                }
            )
        if issued_on and expires_on and expires_on < issued_on:
            raise ValidationError({"expires_on": _("The certificate cannot expire before it was issued.")})
        taken = KimberleyCertificate.objects.filter(number=number).exclude(case=case)
        if number and taken.exists():
            raise ValidationError(
                {
                    "number": _("Certificate %(number)s is already recorded for another lot.")
                    % {"number": number}
                }
            )
        fields |= {
            "number": number,
            "issuing_country": issuing_country,
            "issuing_authority": issuing_authority.strip(),
            "issued_on": issued_on,
            "expires_on": expires_on,
        }
    else:
        fields |= {"issuing_country": "KZ", "issuing_authority": authorized_body_name()}
    certificate = guards.certificate_of(case)
    before = exchange_data(certificate) if certificate else None
    if certificate is None:
        certificate = KimberleyCertificate.objects.create(
            case=case, direction=case.direction, recorded_by=actor, **fields
        )
    else:
        for name, value in fields.items():
            setattr(certificate, name, value)
        certificate.save()
        certificate.lines.all().delete()
    KimberleyLine.objects.bulk_create(
        KimberleyLine(certificate=certificate, hs_code=code, carats=carats, value_usd=value_usd)
        for code, carats, value_usd in cleaned
    )
    audit_record(
        actor=actor,
        action="control.kp_certificate_record",
        obj=case,
        before=before,
        after=exchange_data(certificate),
    )
    return certificate


@transaction.atomic
def seal_record(
    *, actor, case: ControlCase, number: str, state: str = SealState.INTACT, note: str = ""
) -> ContainerSeal:
    """R8 (Rules II p.2): a tamper-evident container's seal, with its state on arrival (import) or as
    applied (export)."""
    ensure_officer(actor)
    case = ControlCase.objects.select_for_update().get(pk=case.pk)
    ensure_open(case)
    certificate = guards.certificate_of(case)
    if certificate is None:
        raise ValidationError(_("Record the Kimberley Process certificate first; the seals belong to it."))
    number = number.strip()
    if certificate.seals.filter(number=number).exists():
        raise ValidationError({"number": _("Seal %(number)s is already recorded.") % {"number": number}})
    seal = ContainerSeal.objects.create(
        certificate=certificate, number=number, state=state, note=note.strip(), recorded_by=actor
    )
    audit_record(
        actor=actor,
        action="control.seal_record",
        obj=case,
        after={"seal": number, "state": state, "note": seal.note},
    )
    return seal


def confirm_receipt(case: ControlCase, certificate: KimberleyCertificate):
    """KPCS: confirm the receipt of the lot to the exporting authority, citing the certificate."""
    from lims.notifications.models import DeliveryKind
    from lims.notifications.services import email_queue

    carats, _value = guards.certificate_totals(certificate)
    body = "\n".join(
        [
            "Kimberley Process Certification Scheme: confirmation of receipt",
            f"Certificate: {certificate.number} ({certificate.issuing_country})",
            f"Parcels: {certificate.parcels}",
            f"Carats: {carats}",
            f"Exporter: {certificate.exporter}",
            f"Importer: {certificate.importer}",
            f"Received in Kazakhstan under state control act {case.act_number} "
            f"on {local_day(case.decided_at).isoformat()}.",
            authorized_body_name(),
        ]
    )
    return email_queue(
        kind=DeliveryKind.KP_RECEIPT,
        recipient_name=certificate.issuing_authority or certificate.issuing_country,
        recipient_email=certificate.authority_email,
        subject=f"KP certificate {certificate.number}: receipt confirmed",
        body=body,
    )


# --- Structured data for electronic exchange (R8) -----------------------------------------------------------


def exchange_data(certificate: KimberleyCertificate) -> dict:
    """The certificate as structured data (KPCS Annex I fields) for electronic exchange: JSON-ready, amounts
    as exact decimal strings."""
    lines = list(certificate.lines.all())
    carats = sum((line.carats for line in lines), Decimal("0.00"))
    value = sum((line.value_usd for line in lines), Decimal("0.00"))
    case = certificate.case
    return {
        "schema": "synama.kp-certificate/1",
        "title": "Kimberley Process Certificate",
        "number": certificate.number,
        "direction": certificate.direction,
        "issuing_country": certificate.issuing_country,
        "issuing_authority": certificate.issuing_authority,
        "country_of_origin": certificate.origin,
        "exporter": certificate.exporter,
        "importer": certificate.importer,
        "date_of_issue": certificate.issued_on.isoformat() if certificate.issued_on else None,
        "date_of_expiry": certificate.expires_on.isoformat() if certificate.expires_on else None,
        "number_of_parcels": certificate.parcels,
        "carat_weight": str(carats),
        "value_usd": str(value),
        "lines": [
            {"hs_code": line.hs_code, "carats": str(line.carats), "value_usd": str(line.value_usd)}
            for line in lines
        ],
        "seals": [{"number": seal.number, "state": seal.state} for seal in certificate.seals.all()],
        "state_control_act": case.act_number,
        "receipt_confirmed_at": certificate.receipt_confirmed_at.isoformat()
        if certificate.receipt_confirmed_at
        else None,
    }
