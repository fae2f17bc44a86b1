"""What must be true before a control case moves on: each guard returns its reasons in the user's language,
each naming its rule; empty means go. The checklist page shows the same reasons."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lims.conclusions.models import Conclusion, ConclusionStatus
from lims.control import rules
from lims.control.models import (
    CaseStatus,
    ControlCase,
    Direction,
    DocumentKind,
    DocumentLanguage,
    ExemptionGround,
    GoodsCategory,
    KimberleyCertificate,
    QuantityUnit,
    SealState,
)
from lims.intake.models import ApplicantKind, ItemCategory, Purpose

ITEM_CATEGORY = {
    GoodsCategory.JEWELRY: ItemCategory.JEWELRY,
    GoodsCategory.PRECIOUS_STONES: ItemCategory.PRECIOUS_STONE,
    GoodsCategory.ROUGH_DIAMONDS: ItemCategory.ROUGH_DIAMOND,
}
PURPOSE = {Direction.IMPORT: Purpose.IMPORT, Direction.EXPORT: Purpose.EXPORT}


def _day(value: date) -> str:
    return date_format(value, "d.m.Y")


def _amount(value: Decimal, unit: str) -> str:
    return f"{value} {QuantityUnit(unit).label}"


@dataclass(frozen=True)
class Check:
    """One line of the documents checklist: what is required, whether it is met, and why not."""

    label: str
    problems: tuple[str, ...]
    applies: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems


# --- The expertise conclusion (R5 b) ------------------------------------------------------------------------


def covered_quantity(conclusion: Conclusion, category: str, unit: str) -> Decimal:
    """How much of the lot's kind of goods the conclusion's frozen content reports, in the lot's unit."""
    items = [
        item for item in conclusion.content.get("items", []) if item["category"] == ITEM_CATEGORY[category]
    ]
    if unit == QuantityUnit.PIECES:
        return Decimal(sum(int(item["quantity"]) for item in items))
    grams = sum((Decimal(item["gross_mass_g"]) for item in items), Decimal(0))
    if unit == QuantityUnit.CARATS:
        return rules.carats(grams * 5)
    return grams


def lot_quantity(case: ControlCase) -> Decimal:
    """The declared quantity in its unit's precision (whole pieces, carats to 0.01, grams to 1 mg)."""
    step = {QuantityUnit.PIECES: Decimal(1), QuantityUnit.CARATS: rules.CARAT_STEP}.get(
        case.unit, Decimal("0.001")
    )
    return case.quantity.quantize(step)


def conclusion_problems(case: ControlCase, conclusion: Conclusion | None) -> list[str]:
    """R5 (b): the conclusion is issued and current, for this applicant's import or export, and covers the
    lot's goods in the declared quantity."""
    if conclusion is None:
        return [_("The expertise conclusion of an accredited organization is missing (R5).")]
    number = conclusion.number
    if conclusion.status == ConclusionStatus.SUPERSEDED:
        current = conclusion.amendments.filter(status=ConclusionStatus.ISSUED).values_list(
            "number", flat=True
        )
        return [
            _("Conclusion %(number)s was superseded by %(current)s: present the current one (R5).")
            % {"number": number, "current": current.first() or "—"}
        ]
    if conclusion.status != ConclusionStatus.ISSUED:
        return [
            _("Conclusion %(number)s is not in force (%(status)s) (R5).")
            % {"number": number or "—", "status": conclusion.get_status_display().lower()}
        ]
    problems = []
    application = conclusion.application
    if application.applicant_id != case.applicant_id:
        problems.append(_("Conclusion %(number)s was issued to another applicant (R5).") % {"number": number})
    if application.purpose != PURPOSE[case.direction]:
        problems.append(
            _("Conclusion %(number)s was made for “%(purpose)s”, not for “%(direction)s” (R5).")
            % {
                "number": number,
                "purpose": application.get_purpose_display(),
                "direction": case.get_direction_display(),
            }
        )
    covered = covered_quantity(conclusion, case.category, case.unit)
    declared = lot_quantity(case)
    if not covered:
        problems.append(
            _("Conclusion %(number)s covers no %(goods)s (R5).")
            % {"number": number, "goods": case.get_category_display().lower()}
        )
    elif covered != declared:
        problems.append(
            _("Conclusion %(number)s covers %(covered)s; the lot declares %(declared)s (R5).")
            % {
                "number": number,
                "covered": _amount(covered, case.unit),
                "declared": _amount(declared, case.unit),
            }
        )
    return problems


# --- The contract and its translation (R5 a) ----------------------------------------------------------------


def contract_problems(documents) -> list[str]:
    proofs = [doc for doc in documents if doc.kind in (DocumentKind.CONTRACT, DocumentKind.INTENT)]
    if not proofs:
        return [
            _("The foreign-trade contract, or another document proving the parties' intent, is missing (R5).")
        ]
    if all(doc.language != DocumentLanguage.OTHER for doc in proofs):
        return []
    translations = [doc for doc in documents if doc.kind == DocumentKind.TRANSLATION]
    if not translations:
        return [
            _(
                "The contract is in neither Kazakh nor Russian: attach its translation certified by the "
                "applicant (position, date, signature and seal) (R5)."
            )
        ]
    if any(doc.certification_complete for doc in translations):
        return []
    missing = []
    best = translations[-1]
    if not best.certified_by_position.strip():
        missing.append(_("position"))
    if not best.certified_on:
        missing.append(_("date"))
    if not best.signed:
        missing.append(_("signature"))
    if not best.sealed:
        missing.append(_("seal"))
    return [_("The translation's certification lacks: %(missing)s (R5).") % {"missing": ", ".join(missing)}]


# --- Special registration (R11) -----------------------------------------------------------------------------


def registration_problems(case: ControlCase, registrations, day: date) -> list[str]:
    if case.applicant.is_national_bank:
        return []
    if any(registration.valid_on(day) for registration in registrations):
        return []
    return [
        _("%(applicant)s holds no document of special registration valid on %(day)s (R11).")
        % {"applicant": case.applicant.name, "day": _day(day)}
    ]


# --- The Kimberley Process certificate (R7-R9) -------------------------------------------------------------


def certificate_totals(certificate: KimberleyCertificate) -> tuple[Decimal, Decimal]:
    lines = list(certificate.lines.all())
    return (
        sum((line.carats for line in lines), Decimal("0.00")),
        sum((line.value_usd for line in lines), Decimal("0.00")),
    )


def _seal_problems(certificate: KimberleyCertificate) -> list[str]:
    seals = list(certificate.seals.all())
    if not seals:
        return [_("No tamper-evident container seal is recorded (R8).")]
    return [
        _("Seal %(number)s is %(state)s: the container may have been opened (R8).")
        % {"number": seal.number, "state": seal.get_state_display().lower()}
        for seal in seals
        if seal.state != SealState.INTACT
    ]


def _lines_problems(case: ControlCase, certificate: KimberleyCertificate) -> list[str]:
    if not certificate.lines.all():
        return [_("The certificate states no HS code with its carats and value.")]
    total, _value = certificate_totals(certificate)
    declared = lot_quantity(case)
    if case.unit == QuantityUnit.CARATS and total != declared:
        return [
            _("The certificate states %(certificate)s ct; the lot declares %(declared)s ct.")
            % {"certificate": total, "declared": declared}
        ]
    return []


def import_certificate_problems(
    case: ControlCase, certificate: KimberleyCertificate | None, day: date
) -> list[str]:
    """R7 (Rules II p.5-6, p.9): the exporting state's certificate with its number, date of issue and
    validity; missing data or a certificate expired on the day of import refuses the import."""
    if certificate is None:
        return [
            _("The exporting state's Kimberley Process certificate is missing: the import is refused (R7).")
        ]
    problems = []
    missing = [
        label
        for label, value in (
            (_("number"), certificate.number),
            (_("date of issue"), certificate.issued_on),
            (_("date of expiry"), certificate.expires_on),
        )
        if not value
    ]
    if missing:
        problems.append(
            _("The KP certificate lacks its %(missing)s: the import is refused (R7).")
            % {"missing": ", ".join(missing)}
        )
    if certificate.expires_on and not rules.certificate_valid_on(certificate.expires_on, day):
        problems.append(
            _(
                "KP certificate %(number)s expired on %(expiry)s, before the day of import %(day)s: "
                "the import is refused (R7)."
            )
            % {"number": certificate.number or "—", "expiry": _day(certificate.expires_on), "day": _day(day)}
        )
    if certificate.issued_on and certificate.issued_on > day:
        problems.append(
            _("KP certificate %(number)s is dated %(issued)s, after today.")
            % {"number": certificate.number or "—", "issued": _day(certificate.issued_on)}
        )
    if certificate.issuing_country != case.partner_country:
        problems.append(
            _("The KP certificate was issued by %(issuer)s, not by the exporting state %(partner)s (R5).")
            % {"issuer": certificate.issuing_country, "partner": case.partner_country}
        )
    return problems + _lines_problems(case, certificate) + _seal_problems(certificate)


def export_certificate_problems(case: ControlCase, certificate: KimberleyCertificate | None) -> list[str]:
    """R9 (Rules II p.16): Kazakhstan's certificate is issued together with the act, so its data must be
    ready: origin, exporter, importer, parcels, HS codes with carats and value, and the container's seals."""
    if certificate is None:
        return [
            _("Prepare Kazakhstan's Kimberley Process certificate: it is issued together with the act (R9).")
        ]
    return _lines_problems(case, certificate) + _seal_problems(certificate)


# --- The checklist and the guards ---------------------------------------------------------------------------


def certificate_of(case: ControlCase) -> KimberleyCertificate | None:
    try:
        return case.kp_certificate
    except KimberleyCertificate.DoesNotExist:
        return None


def checklist(case: ControlCase, day: date) -> list[Check]:
    """The documents the control officer needs (R5, R11; R7-R9 for rough diamonds), each met or with its
    reasons. `day` is the day of the check (of import or export)."""
    documents = list(case.documents.all())
    registrations = list(case.applicant.special_registrations.all())
    certificate = certificate_of(case)
    checks = [
        Check(
            _("Foreign-trade contract or other document of intent, translated where needed"),
            tuple(contract_problems(documents)),
        ),
        Check(_("Expertise conclusion"), tuple(conclusion_problems(case, case.conclusion))),
        Check(
            _("Document of special registration"),
            tuple(registration_problems(case, registrations, day)),
            applies=not case.applicant.is_national_bank,
        ),
    ]
    if case.is_rough_diamonds:
        if case.direction == Direction.IMPORT:
            checks.append(
                Check(
                    _("The exporting state's Kimberley Process certificate and sealed containers"),
                    tuple(import_certificate_problems(case, certificate, day)),
                )
            )
        else:
            checks.append(
                Check(
                    _(
                        "Kazakhstan's Kimberley Process certificate (issued with the act) "
                        "and sealed containers"
                    ),
                    tuple(export_certificate_problems(case, certificate)),
                )
            )
    return checks


def document_blockers(case: ControlCase, day: date) -> list[str]:
    reasons = []
    if case.applicant.is_national_bank:
        reasons.append(
            _("State control does not apply to the National Bank: record it as not applicable (R12).")
        )
    for check in checklist(case, day):
        if check.applies:
            reasons.extend(check.problems)
    return reasons


def receive_blockers(case: ControlCase, day: date) -> list[str]:
    """Before the documents count as received, starting the act's one working day (R6)."""
    if case.status != CaseStatus.OPEN:
        return [_("The documents of this case have already been received.")]
    return document_blockers(case, day)


def act_blockers(case: ControlCase, day: date) -> list[str]:
    """Before the act is issued: documents received, and still complete and valid on the day (R6, R7)."""
    if case.status != CaseStatus.DOCUMENTS_RECEIVED:
        return [_("Receive the complete documents first: the act follows them (R6).")]
    return document_blockers(case, day)


def exemption_problems(case: ControlCase, ground: str) -> list[str]:
    """R12 (Law art.6 p.8): the ground must fit the case."""
    if case.is_decided:
        return [_("This case is already decided.")]
    if ground not in ExemptionGround.values:
        return [_("Choose the ground on which state control does not apply.")]
    if ground == ExemptionGround.NATIONAL_BANK and not case.applicant.is_national_bank:
        return [_("%(applicant)s is not the National Bank (R12).") % {"applicant": case.applicant.name}]
    if ground == ExemptionGround.CULTURAL_VALUABLES and case.direction != Direction.EXPORT:
        return [_("Only cultural valuables being exported are outside state control (R12).")]
    if ground == ExemptionGround.PERSONAL_USE and case.applicant.kind != ApplicantKind.INDIVIDUAL:
        return [
            _("Goods for personal use are an individual's; %(applicant)s is a legal entity (R12).")
            % {"applicant": case.applicant.name}
        ]
    return []


def eaeu_members() -> frozenset[str]:
    return frozenset(code.strip().upper() for code in settings.EAEU_MEMBERS if code.strip())
