"""Opening a control case and keeping what the applicant hands over: the documents (R5), the expertise
conclusion (R5 b) and the special registration (R11). Each change in one transaction with its audit event
on the case, so the case's history is one query."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lims.conclusions.models import Conclusion
from lims.control import rules
from lims.control.countries import is_country
from lims.control.models import (
    ControlCase,
    ControlDocument,
    GoodsCategory,
    QuantityUnit,
    SpecialRegistration,
)
from lims.control.services import guards
from lims.control.services.common import allocate_number, ensure_officer, ensure_open, local_day
from lims.core import files
from lims.core.audit import audit_record
from lims.core.files import file_sha256
from lims.intake.models import Applicant

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".doc", ".docx", ".odt")


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
    ensure_officer(actor)
    lot = clean_lot(
        category=category, hs_code=hs_code, partner_country=partner_country, unit=unit, quantity=quantity
    )
    year = local_day(timezone.now()).year
    _sequence, number = allocate_number("SC", "control_case", year)
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
    files.check_upload(
        file,
        extensions=DOCUMENT_EXTENSIONS,
        max_bytes=MAX_DOCUMENT_BYTES,
        expected=_("Upload a PDF, an image (JPEG, PNG, TIFF) or a text document (DOC, DOCX, ODT)."),
    )


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
    ensure_officer(actor)
    case = ControlCase.objects.select_for_update().get(pk=case.pk)
    ensure_open(case)
    check_upload(file)
    document = ControlDocument.objects.create(
        case=case,
        kind=kind,
        file=file,
        original_name=file.name[-255:],
        sha256=file_sha256(file),
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
    ensure_officer(actor)
    case = ControlCase.objects.select_for_update().get(pk=case.pk)
    ensure_open(case)
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
    ensure_officer(actor)
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
        registration.sha256 = file_sha256(file)
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
