"""The control case from its documents to the act: every change here, each in one transaction with its
audit event (on the case, so the case's history is one query)."""

import hashlib
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lims.accounts import permissions
from lims.conclusions.models import Conclusion
from lims.control import rules
from lims.control.countries import MIXED, is_country
from lims.control.models import (
    CaseStatus,
    ContainerSeal,
    ControlCase,
    ControlDocument,
    Direction,
    GoodsCategory,
    KimberleyCertificate,
    KimberleyLine,
    QuantityUnit,
    SealState,
    SpecialRegistration,
)
from lims.control.services import guards
from lims.core.audit import audit_record
from lims.core.deadlines import END_OF_DAY, working_calendar
from lims.core.sequences import allocate
from lims.intake.models import Applicant

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".doc", ".docx", ".odt")


def _ensure_officer(actor) -> None:
    if not permissions.is_control_officer(actor):
        raise PermissionDenied


def _ensure_open(case: ControlCase) -> None:
    if case.status != CaseStatus.OPEN:
        raise ValidationError(
            _("The documents of this case are closed: it is %(status)s.")
            % {"status": case.get_status_display().lower()}
        )


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _sha256(file) -> str:
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _number(prefix: str, kind: str, year: int) -> tuple[int, str]:
    (sequence,) = allocate(organization_id=None, kind=kind, year=year)
    return sequence, f"{prefix}-{year}-{sequence:06d}"


# --- Opening a case -----------------------------------------------------------------------------------------


def clean_lot(*, category: str, hs_code: str, partner_country: str, unit: str, quantity) -> dict:
    """The lot's data checked against the rules, or a ValidationError per field in the user's language:
    HS code and category agree on the Kimberley Process (rough diamonds are exactly 7102.10, 7102.21 and
    7102.31), the partner country is outside the EAEU, and rough diamonds are counted in carats."""
    errors = {}
    try:
        hs_code = rules.normalize_hs_code(hs_code)
    except ValueError:
        errors["hs_code"] = _("Enter an HS code of at least six digits, e.g. 7113.19.")
    else:
        if category == GoodsCategory.ROUGH_DIAMONDS and not rules.is_kp_rough_diamond(hs_code):
            errors["hs_code"] = _(
                "HS %(code)s is not a rough diamond under the Kimberley Process (only 7102.10, 7102.21 and "
                "7102.31 are): enter the lot as precious stones."
            ) % {"code": hs_code}
        elif category != GoodsCategory.ROUGH_DIAMONDS and rules.is_kp_rough_diamond(hs_code):
            errors["hs_code"] = _(
                "HS %(code)s is rough diamonds under the Kimberley Process: choose that category."
            ) % {"code": hs_code}
    partner_country = (partner_country or "").strip().upper()
    if not is_country(partner_country):
        errors["partner_country"] = _("Choose the country.")
    elif not rules.is_outside_eaeu(partner_country, guards.eaeu_members()):
        errors["partner_country"] = _(
            "Trade with a member state of the EAEU is not under import and export control."
        )
    if category == GoodsCategory.ROUGH_DIAMONDS and unit != QuantityUnit.CARATS:
        errors["unit"] = _("Rough diamonds are counted in carats.")
    try:
        quantity = Decimal(str(quantity))
    except ArithmeticError:
        errors["quantity"] = _("Enter a number.")
    else:
        if unit == QuantityUnit.PIECES and quantity != quantity.to_integral_value():
            errors["quantity"] = _("Pieces are whole numbers.")
        elif unit == QuantityUnit.CARATS and quantity != rules.carats(quantity):
            errors["quantity"] = _("Carats are stated to 0.01.")
    if errors:
        raise ValidationError(errors)
    return {"hs_code": hs_code, "partner_country": partner_country, "quantity": quantity}


@transaction.atomic
def case_open(
    *,
    actor,
    applicant: Applicant,
    direction: str,
    category: str,
    hs_code: str,
    partner_country: str,
    description: str,
    quantity,
    unit: str,
    value,
    currency: str = "USD",
    customs_post: str = "",
) -> ControlCase:
    """A control officer opens the case of one lot when the applicant brings its documents (R5)."""
    _ensure_officer(actor)
    lot = clean_lot(
        category=category, hs_code=hs_code, partner_country=partner_country, unit=unit, quantity=quantity
    )
    year = _local_day(timezone.now()).year
    _sequence, number = _number("SC", "control_case", year)
    case = ControlCase.objects.create(
        number=number,
        applicant=applicant,
        direction=direction,
        category=category,
        description=description.strip(),
        unit=unit,
        value=rules.money(value),
        currency=(currency or "USD").upper(),
        customs_post=customs_post.strip(),
        opened_by=actor,
        **lot,
    )
    audit_record(
        actor=actor,
        action="control.case_open",
        obj=case,
        after={
            "applicant": applicant.identifier,
            "direction": direction,
            "category": category,
            "hs_code": case.hs_code,
            "partner_country": case.partner_country,
            "quantity": str(case.quantity),
            "unit": unit,
            "value": str(case.value),
            "currency": case.currency,
        },
    )
    return case


# --- Documents ----------------------------------------------------------------------------------------------


def check_upload(file) -> None:
    name = (getattr(file, "name", "") or "").lower()
    if not name.endswith(DOCUMENT_EXTENSIONS):
        raise ValidationError(
            _("Upload a PDF, an image (JPEG, PNG, TIFF) or a text document (DOC, DOCX, ODT).")
        )
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.") % {"limit": MAX_DOCUMENT_BYTES // 2**20}
        )
    if file.size == 0:
        raise ValidationError(_("The file is empty."))


@transaction.atomic
def document_add(
    *,
    actor,
    case: ControlCase,
    kind: str,
    file,
    reference: str = "",
    document_date: date | None = None,
    language: str = "ru",
    certified_by_position: str = "",
    certified_on: date | None = None,
    signed: bool = False,
    sealed: bool = False,
) -> ControlDocument:
    """Keep a document as handed over, with its SHA-256 (R5: the contract or another proof of intent; the
    applicant's certified translation of a contract in neither Kazakh nor Russian)."""
    _ensure_officer(actor)
    case = ControlCase.objects.select_for_update().get(pk=case.pk)
    _ensure_open(case)
    check_upload(file)
    document = ControlDocument.objects.create(
        case=case,
        kind=kind,
        file=file,
        original_name=file.name[-255:],
        sha256=_sha256(file),
        size=file.size,
        reference=reference.strip(),
        document_date=document_date,
        language=language,
        certified_by_position=certified_by_position.strip(),
        certified_on=certified_on,
        signed=signed,
        sealed=sealed,
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action="control.document_add",
        obj=case,
        after={
            "document": document.pk,
            "kind": kind,
            "file": document.original_name,
            "sha256": document.sha256,
            "language": language,
            "certified": document.certification_complete,
        },
    )
    return document


@transaction.atomic
def conclusion_attach(*, actor, case: ControlCase, conclusion: Conclusion) -> ControlCase:
    """R5 (b): the expertise conclusion, refused at once when it is not issued and current, for another
    applicant or purpose, or does not cover the lot."""
    _ensure_officer(actor)
    case = ControlCase.objects.select_for_update().get(pk=case.pk)
    _ensure_open(case)
    if problems := guards.conclusion_problems(case, conclusion):
        raise ValidationError(problems)
    before = case.conclusion.number if case.conclusion else None
    case.conclusion = conclusion
    case.save(update_fields=["conclusion"])
    audit_record(
        actor=actor,
        action="control.conclusion_attach",
        obj=case,
        before={"conclusion": before},
        after={"conclusion": conclusion.number, "content_sha256": conclusion.content_sha256},
    )
    return case


@transaction.atomic
def registration_record(
    *, actor, applicant: Applicant, number: str, issued_on: date, valid_until: date | None = None, file=None
) -> SpecialRegistration:
    """R11 (Law art.7 p.4): the applicant's document of special registration, as presented."""
    _ensure_officer(actor)
    number = number.strip()
    if valid_until and valid_until < issued_on:
        raise ValidationError({"valid_until": _("The registration cannot end before it was issued.")})
    if SpecialRegistration.objects.filter(applicant=applicant, number=number).exists():
        raise ValidationError({"number": _("This registration is already recorded.")})
    registration = SpecialRegistration(
        applicant=applicant, number=number, issued_on=issued_on, valid_until=valid_until, recorded_by=actor
    )
    if file is not None:
        check_upload(file)
        registration.sha256 = _sha256(file)
        registration.file = file
    registration.save()
    audit_record(
        actor=actor,
        action="control.registration_record",
        obj=registration,
        after={
            "applicant": applicant.identifier,
            "number": number,
            "issued_on": issued_on.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
            "sha256": registration.sha256,
        },
    )
    return registration


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
    _ensure_officer(actor)
    case = ControlCase.objects.select_for_update().get(pk=case.pk)
    _ensure_open(case)
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
    certificate = guards._certificate(case)
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
    _ensure_officer(actor)
    case = ControlCase.objects.select_for_update().get(pk=case.pk)
    _ensure_open(case)
    certificate = guards._certificate(case)
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


# --- Receiving the documents, the act, refusal, exemption ---------------------------------------------------


@transaction.atomic
def case_receive_documents(*, actor, case: ControlCase, now: datetime | None = None) -> ControlCase:
    """The documents are complete: from now the act is due within one working day (R6)."""
    _ensure_officer(actor)
    case = ControlCase.objects.select_for_update().get(pk=case.pk)
    now = now or timezone.now()
    today = _local_day(now)
    if reasons := guards.receive_blockers(case, today):
        raise ValidationError(reasons)
    due_day = rules.act_due_day(today, working_calendar())
    case.status = CaseStatus.DOCUMENTS_RECEIVED
    case.documents_received_at, case.documents_received_by = now, actor
    case.act_due_at = timezone.make_aware(datetime.combine(due_day, END_OF_DAY))
    case.save(update_fields=["status", "documents_received_at", "documents_received_by", "act_due_at"])
    audit_record(
        actor=actor,
        action="control.documents_received",
        obj=case,
        before={"status": CaseStatus.OPEN},
        after={"status": case.status, "act_due_at": case.act_due_at.isoformat()},
        reason="R6",
    )
    return case


def authorized_body_name() -> str:
    return settings.AUTHORIZED_BODY_NAME or _(
        "Ministry of Industry and Construction of the Republic of Kazakhstan"
    )


@transaction.atomic
def act_issue(*, actor, case: ControlCase, now: datetime | None = None) -> ControlCase:
    """The state control act (R6): the lot is released for customs declaration. On export of rough
    diamonds Kazakhstan's KP certificate is issued with it (R9); on import the receipt is confirmed to the
    exporting authority (KPCS). Documents are checked again on the day (a certificate may have expired)."""
    _ensure_officer(actor)
    case = (
        ControlCase.objects.select_for_update(of=("self",))
        .select_related("applicant", "conclusion")
        .get(pk=case.pk)
    )
    now = now or timezone.now()
    today = _local_day(now)
    if reasons := guards.act_blockers(case, today):
        raise ValidationError(reasons)
    case.act_sequence, case.act_number = _number("SCA", "control_act", today.year)
    case.act_year = today.year
    case.status, case.decided_by, case.decided_at = CaseStatus.RELEASED, actor, now
    case.save(update_fields=["act_sequence", "act_number", "act_year", "status", "decided_by", "decided_at"])
    after = {
        "status": case.status,
        "act_number": case.act_number,
        "overdue": bool(case.act_due_at and now > case.act_due_at),
    }
    certificate = guards._certificate(case)
    if certificate is not None and case.direction == Direction.EXPORT:
        certificate.sequence, certificate.number = _number("KZ", "kp_certificate", today.year)
        certificate.year = today.year
        certificate.issued_on = today
        certificate.expires_on = today + timedelta(days=settings.KP_CERTIFICATE_VALIDITY_DAYS)
        certificate.issuing_authority = authorized_body_name()
        certificate.save(
            update_fields=["sequence", "number", "year", "issued_on", "expires_on", "issuing_authority"]
        )
        after["kp_certificate"] = certificate.number
    elif certificate is not None:
        certificate.receipt_confirmed_at = now
        certificate.receipt_delivery = _confirm_receipt(case, certificate)
        certificate.save(update_fields=["receipt_confirmed_at", "receipt_delivery"])
        after["kp_receipt_confirmed"] = certificate.number
    audit_record(
        actor=actor,
        action="control.act_issue",
        obj=case,
        before={"status": CaseStatus.DOCUMENTS_RECEIVED},
        after=after,
        reason="R9" if case.is_rough_diamonds and case.direction == Direction.EXPORT else "R6",
    )
    transaction.on_commit(lambda: _render_documents(case.pk))
    return case


def _render_documents(case_id: int) -> None:
    from lims.control.tasks import render_control_documents
    from lims.core.tasks_dispatch import dispatch

    dispatch(render_control_documents, case_id)


def _confirm_receipt(case: ControlCase, certificate: KimberleyCertificate):
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
            f"on {_local_day(case.decided_at).isoformat()}.",
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


@transaction.atomic
def act_refuse(*, actor, case: ControlCase, reason: str, now: datetime | None = None) -> ControlCase:
    """The act is refused with its reason (for rough diamonds: R7 when the certificate's data are missing or
    it has expired)."""
    _ensure_officer(actor)
    case = ControlCase.objects.select_for_update().get(pk=case.pk)
    reason = reason.strip()
    if case.is_decided:
        raise ValidationError(_("This case is already decided."))
    if not reason:
        raise ValidationError(_("Give the reason for the refusal."))
    before = case.status
    case.status, case.refusal_reason = CaseStatus.REFUSED, reason
    case.decided_by, case.decided_at = actor, now or timezone.now()
    case.save(update_fields=["status", "refusal_reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="control.act_refuse",
        obj=case,
        before={"status": before},
        after={"status": case.status},
        reason=reason,
    )
    return case


@transaction.atomic
def case_exempt(
    *, actor, case: ControlCase, ground: str, note: str = "", now: datetime | None = None
) -> ControlCase:
    """R12 (Law art.6 p.8): state control does not apply; the ground is recorded."""
    _ensure_officer(actor)
    case = ControlCase.objects.select_for_update().select_related("applicant").get(pk=case.pk)
    if problems := guards.exemption_problems(case, ground):
        raise ValidationError(problems)
    before = case.status
    case.status, case.exemption_ground, case.exemption_note = CaseStatus.NOT_APPLICABLE, ground, note.strip()
    case.decided_by, case.decided_at = actor, now or timezone.now()
    case.save(update_fields=["status", "exemption_ground", "exemption_note", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="control.not_applicable",
        obj=case,
        before={"status": before},
        after={"status": case.status, "ground": ground},
        reason=f"R12: {ground}" + (f" — {case.exemption_note}" if case.exemption_note else ""),
    )
    return case


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
