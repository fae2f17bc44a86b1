"""State control from documents to act, through the real services: each rule (R5-R9, R11, R12) by name."""

import hashlib
import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lims.conclusions.models import ConclusionStatus
from lims.control import services
from lims.control.models import CaseStatus, DocumentKind, SealState
from lims.core.audit import AuditEvent
from lims.intake.models import ApplicantKind, Purpose
from lims.notifications.models import Delivery, DeliveryKind
from tests.factories import (
    ApplicantFactory,
    diamond_conclusion,
    issue,
    issued_import_conclusion,
    open_case,
    register_special,
    upload,
)

pytestmark = pytest.mark.django_db

TRANSLATION = {
    "certified_by_position": "Director",
    "certified_on": date(2026, 11, 2),
    "signed": True,
    "sealed": True,
}


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def ready_import(victor, alice, pavel_co, *, language="ru", register=True):
    """A jewelry import of three rings with every document in order."""
    conclusion = issued_import_conclusion(alice, pavel_co, 3)
    case = open_case(victor, pavel_co)
    services.document_add(
        actor=victor, case=case, kind=DocumentKind.CONTRACT, file=upload(), language=language
    )
    services.conclusion_attach(actor=victor, case=case, conclusion=conclusion)
    if register:
        register_special(victor, pavel_co)
    case.refresh_from_db()
    return case


def diamond_case(victor, applicant, *, direction="import", partner="BW", hs_code="7102.10", carats="120.50"):
    return open_case(
        victor,
        applicant,
        direction=direction,
        category="rough_diamonds",
        hs_code=hs_code,
        partner_country=partner,
        quantity=Decimal(carats),
        unit="ct",
        value=Decimal("90000.00"),
    )


def import_certificate(victor, case, **overrides):
    data = {
        "number": "BW 0412283",
        "issuing_country": "BW",
        "issuing_authority": "Government Diamond Valuator",
        "authority_email": "kp@example.bw",
        "issued_on": date(2026, 11, 1),
        "expires_on": date(2026, 12, 31),
        "origin": "BW",
        "exporter": "Okavango Diamond Company",
        "importer": case.applicant.name,
        "parcels": 2,
        "lines": [("7102.10", "120.50", "90000.00")],
    } | overrides
    return services.certificate_record(actor=victor, case=case, **data)


@pytest.fixture
def issue_act(django_capture_on_commit_callbacks):
    """`act_issue` with what follows its commit (the PDF task, the e-mail) run before returning."""

    def issue_act(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.act_issue(**kwargs)

    return issue_act


def blockers(case, day=date(2026, 11, 10)):
    case.refresh_from_db()
    return services.document_blockers(case, day)


# --- The whole path -----------------------------------------------------------------------------------------


def test_r5_r6_jewelry_import_from_documents_to_release(victor, alice, pavel_co, issue_act):
    case = ready_import(victor, alice, pavel_co)
    assert blockers(case) == []

    case = services.case_receive_documents(actor=victor, case=case, now=at(date(2026, 11, 10)))
    assert case.status == CaseStatus.DOCUMENTS_RECEIVED
    assert timezone.localtime(case.act_due_at).date() == date(2026, 11, 11)

    case = issue_act(actor=victor, case=case, now=at(date(2026, 11, 11), 9))
    case.refresh_from_db()
    assert case.status == CaseStatus.RELEASED
    assert case.act_number == "SCA-2026-000001"
    assert case.act_pdf and len(case.act_pdf_sha256) == 64  # rendered by the (eager) task
    actions = list(
        AuditEvent.objects.filter(object_type="control.ControlCase", object_id=str(case.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "control.case_open",
        "control.document_add",
        "control.conclusion_attach",
        "control.documents_received",
        "control.act_issue",
        "control.act_pdf_ready",
    ]


def test_acts_are_numbered_per_year_without_gaps(victor, alice, pavel_co):
    numbers = []
    for n in range(2):
        case = ready_import(victor, alice, pavel_co, register=n == 0)
        services.case_receive_documents(actor=victor, case=case, now=at(date(2026, 11, 10)))
        numbers.append(services.act_issue(actor=victor, case=case, now=at(date(2026, 11, 10), 15)).act_number)
    assert numbers == ["SCA-2026-000001", "SCA-2026-000002"]


# --- R5: the contract and its translation -------------------------------------------------------------------


def test_r5_without_a_contract_or_other_proof_of_intent_the_act_is_blocked(victor, alice, pavel_co):
    conclusion = issued_import_conclusion(alice, pavel_co, 3)
    case = open_case(victor, pavel_co)
    services.conclusion_attach(actor=victor, case=case, conclusion=conclusion)
    register_special(victor, pavel_co)
    assert blockers(case) == [
        "The foreign-trade contract, or another document proving the parties' intent, is missing (R5)."
    ]
    with pytest.raises(ValidationError):
        services.case_receive_documents(actor=victor, case=case)
    services.document_add(actor=victor, case=case, kind=DocumentKind.INTENT, file=upload("letter.pdf"))
    assert blockers(case) == []


def test_r5_a_contract_in_another_language_needs_the_certified_translation(victor, alice, pavel_co):
    case = ready_import(victor, alice, pavel_co, language="other")
    assert blockers(case) == [
        "The contract is in neither Kazakh nor Russian: attach its translation certified by the applicant "
        "(position, date, signature and seal) (R5)."
    ]
    services.document_add(
        actor=victor, case=case, kind=DocumentKind.TRANSLATION, file=upload("translation.pdf"), signed=True
    )
    assert blockers(case) == ["The translation's certification lacks: position, date, seal (R5)."]
    services.document_add(
        actor=victor,
        case=case,
        kind=DocumentKind.TRANSLATION,
        file=upload("translation-2.pdf"),
        **TRANSLATION,
    )
    assert blockers(case) == []


def test_r5_the_uploaded_document_is_kept_with_its_digest(victor, pavel_co):
    case = open_case(victor, pavel_co)
    document = services.document_add(
        actor=victor, case=case, kind=DocumentKind.CONTRACT, file=upload("Contract №17.pdf", b"%PDF-1.4 x")
    )
    assert document.original_name == "Contract №17.pdf"
    assert document.size == 10
    assert document.file.read() == b"%PDF-1.4 x"
    assert document.sha256 == hashlib.sha256(b"%PDF-1.4 x").hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("contract.exe", b"MZ", "Upload a PDF, an image"),
        ("empty.pdf", b"", "The file is empty."),
    ],
)
def test_r5_a_wrong_upload_is_refused_with_a_clear_error(victor, pavel_co, name, content, message):
    case = open_case(victor, pavel_co)
    with pytest.raises(ValidationError) as error:
        services.document_add(actor=victor, case=case, kind=DocumentKind.CONTRACT, file=upload(name, content))
    assert message in error.value.messages[0]
    assert not case.documents.exists()


# --- R5: the expertise conclusion ---------------------------------------------------------------------------


def test_r5_the_conclusion_must_be_for_this_applicant(victor, alice, pavel_co, quinn_co):
    conclusion = issued_import_conclusion(alice, quinn_co, 3)
    case = open_case(victor, pavel_co)
    with pytest.raises(ValidationError) as error:
        services.conclusion_attach(actor=victor, case=case, conclusion=conclusion)
    assert error.value.messages == [f"Conclusion {conclusion.number} was issued to another applicant (R5)."]


def test_r5_the_conclusion_must_be_made_for_import_or_export(victor, alice, pavel_co):
    conclusion = issued_import_conclusion(alice, pavel_co, 3, purpose=Purpose.VOLUNTARY)
    case = open_case(victor, pavel_co)
    with pytest.raises(ValidationError) as error:
        services.conclusion_attach(actor=victor, case=case, conclusion=conclusion)
    assert error.value.messages == [
        f"Conclusion {conclusion.number} was made for “Voluntary”, "
        "not for “Import from outside the EAEU” (R5)."
    ]


def test_r5_the_conclusion_must_cover_the_lot(victor, alice, pavel_co):
    conclusion = issued_import_conclusion(alice, pavel_co, 2)
    case = open_case(victor, pavel_co)  # declares 3 pieces
    with pytest.raises(ValidationError) as error:
        services.conclusion_attach(actor=victor, case=case, conclusion=conclusion)
    assert error.value.messages == [
        f"Conclusion {conclusion.number} covers 2 pieces; the lot declares 3 pieces (R5)."
    ]
    stones = open_case(victor, pavel_co, category="precious_stones", hs_code="7103.91")
    with pytest.raises(ValidationError) as error:
        services.conclusion_attach(actor=victor, case=stones, conclusion=conclusion)
    assert error.value.messages == [f"Conclusion {conclusion.number} covers no precious stones (R5)."]


def test_r5_a_superseded_conclusion_no_longer_serves(victor, alice, pavel_co):
    case = ready_import(victor, alice, pavel_co)
    original = case.conclusion
    amended = issue(original.application, amendment_reason="Description corrected")
    original.refresh_from_db()
    assert original.status == ConclusionStatus.SUPERSEDED
    assert blockers(case) == [
        f"Conclusion {original.number} was superseded by {amended.number}: present the current one (R5)."
    ]
    services.conclusion_attach(actor=victor, case=case, conclusion=amended)
    assert blockers(case) == []


# --- R6: one working day ------------------------------------------------------------------------------------


def test_r6_the_act_is_due_one_working_day_after_the_documents_across_a_holiday(victor, alice, pavel_co):
    case = ready_import(victor, alice, pavel_co)
    # Documents complete on Tuesday 15 December 2026; the 16th is Independence Day → due Thursday the 17th.
    case = services.case_receive_documents(actor=victor, case=case, now=at(date(2026, 12, 15), 17))
    due = timezone.localtime(case.act_due_at)
    assert (due.date(), due.hour, due.minute) == (date(2026, 12, 17), 23, 59)
    event = AuditEvent.objects.get(action="control.documents_received", object_id=str(case.pk))
    assert event.reason == "R6"


def test_r6_an_act_issued_late_is_recorded_as_overdue(victor, alice, pavel_co):
    case = ready_import(victor, alice, pavel_co)
    services.case_receive_documents(actor=victor, case=case, now=at(date(2026, 11, 13)))  # Friday
    services.act_issue(actor=victor, case=case, now=at(date(2026, 11, 17)))  # Tuesday: due Monday
    event = AuditEvent.objects.get(action="control.act_issue", object_id=str(case.pk))
    assert event.after["overdue"] is True


def test_r6_the_act_needs_the_documents_received_first(victor, alice, pavel_co):
    case = ready_import(victor, alice, pavel_co)
    with pytest.raises(ValidationError) as error:
        services.act_issue(actor=victor, case=case)
    assert error.value.messages == ["Receive the complete documents first: the act follows them (R6)."]


def test_r6_a_refusal_records_its_reason_and_closes_the_case(victor, alice, pavel_co):
    case = ready_import(victor, alice, pavel_co)
    with pytest.raises(ValidationError):
        services.act_refuse(actor=victor, case=case, reason="  ")
    case = services.act_refuse(actor=victor, case=case, reason="Goods differ from the contract")
    assert (case.status, case.refusal_reason) == (CaseStatus.REFUSED, "Goods differ from the contract")
    with pytest.raises(ValidationError):
        services.document_add(actor=victor, case=case, kind=DocumentKind.OTHER, file=upload())
    with pytest.raises(ValidationError):
        services.act_refuse(actor=victor, case=case, reason="Again")


# --- R7-R9: rough diamonds ----------------------------------------------------------------------------------


def test_r7_hs_codes_outside_the_kp_are_not_rough_diamonds(victor, pavel_co):
    with pytest.raises(ValidationError) as error:
        diamond_case(victor, pavel_co, hs_code="7102.29")
    assert error.value.message_dict["hs_code"] == [
        "HS 7102.29 is not a rough diamond under the Kimberley Process (only 7102.10, 7102.21 and 7102.31 "
        "are): enter the lot as precious stones."
    ]
    with pytest.raises(ValidationError) as error:
        open_case(victor, pavel_co, category="precious_stones", hs_code="7102.31")
    assert "choose that category" in error.value.message_dict["hs_code"][0]
    # Worked diamonds travel as precious stones, without a KP certificate.
    polished = open_case(victor, pavel_co, category="precious_stones", hs_code="7102.39")
    assert [check.label for check in services.checklist(polished, date(2026, 11, 10))][-1] == (
        "Document of special registration"
    )


def test_r7_certificate_lines_outside_the_kp_are_refused(victor, pavel_co):
    case = diamond_case(victor, pavel_co)
    with pytest.raises(ValidationError) as error:
        import_certificate(victor, case, lines=[("7102.39", "120.50", "90000.00")])
    assert error.value.messages == [
        "HS 7102.39 is not a rough diamond under the Kimberley Process "
        "(only 7102.10, 7102.21 and 7102.31 are)."
    ]


def test_r7_import_refused_without_the_certificate(victor, pavel_co):
    case = diamond_case(victor, pavel_co)
    assert "The exporting state's Kimberley Process certificate is missing: the import is refused (R7)." in (
        blockers(case)
    )


def test_r7_import_refused_when_the_certificate_lacks_its_data(victor, pavel_co):
    case = diamond_case(victor, pavel_co)
    import_certificate(victor, case, number="", expires_on=None)
    assert "The KP certificate lacks its number, date of expiry: the import is refused (R7)." in blockers(
        case
    )


def test_r7_import_refused_when_the_certificate_expired_on_the_day_of_import(victor, alice, pavel_co):
    conclusion = diamond_conclusion(alice, pavel_co, masses_g=["24.100"], purpose=Purpose.IMPORT)
    case = diamond_case(victor, pavel_co)
    services.document_add(actor=victor, case=case, kind=DocumentKind.CONTRACT, file=upload())
    services.conclusion_attach(actor=victor, case=case, conclusion=conclusion)
    register_special(victor, pavel_co)
    import_certificate(victor, case, expires_on=date(2026, 11, 20))
    services.seal_record(actor=victor, case=case, number="BW-1", state=SealState.INTACT)
    # Documents received on Friday the 20th, the certificate's last day; the act comes on Monday the 23rd.
    services.case_receive_documents(actor=victor, case=case, now=at(date(2026, 11, 20)))
    with pytest.raises(ValidationError) as error:
        services.act_issue(actor=victor, case=case, now=at(date(2026, 11, 23)))
    assert error.value.messages == [
        "KP certificate BW 0412283 expired on 20.11.2026, before the day of import 23.11.2026: the import is "
        "refused (R7)."
    ]
    case.refresh_from_db()
    assert case.status == CaseStatus.DOCUMENTS_RECEIVED and case.act_number is None


def test_r7_the_certificate_comes_from_the_exporting_state(victor, pavel_co):
    case = diamond_case(victor, pavel_co, partner="AE")
    import_certificate(victor, case)
    assert "The KP certificate was issued by BW, not by the exporting state AE (R5)." in blockers(case)
    with pytest.raises(ValidationError) as error:
        import_certificate(victor, case, number="ZA 1234567")
    assert error.value.message_dict["number"] == [
        "A KP certificate's number begins with its issuing country's code (BW)."
    ]


def test_r7_carats_of_the_certificate_match_the_lot(victor, pavel_co):
    case = diamond_case(victor, pavel_co, carats="121.00")
    import_certificate(victor, case)
    assert "The certificate states 120.50 ct; the lot declares 121.00 ct." in blockers(case)


def test_r8_a_broken_or_missing_seal_blocks_the_import(victor, pavel_co):
    case = diamond_case(victor, pavel_co)
    import_certificate(victor, case)
    assert "No tamper-evident container seal is recorded (R8)." in blockers(case)
    services.seal_record(actor=victor, case=case, number="BW-1", state=SealState.BROKEN)
    assert "Seal BW-1 is broken: the container may have been opened (R8)." in blockers(case)


def released_diamond_import(victor, alice, pavel_co, issue_act, *, authority_email="kp@example.bw"):
    conclusion = diamond_conclusion(alice, pavel_co, masses_g=["24.100"], purpose=Purpose.IMPORT)
    case = diamond_case(victor, pavel_co)
    services.document_add(actor=victor, case=case, kind=DocumentKind.CONTRACT, file=upload())
    services.conclusion_attach(actor=victor, case=case, conclusion=conclusion)
    register_special(victor, pavel_co)
    import_certificate(victor, case, authority_email=authority_email)
    services.seal_record(actor=victor, case=case, number="BW-1", state=SealState.INTACT)
    services.case_receive_documents(actor=victor, case=case, now=at(date(2026, 11, 10)))
    return issue_act(actor=victor, case=case, now=at(date(2026, 11, 10), 15))


def test_r7_receipt_is_confirmed_to_the_exporting_authority(victor, alice, pavel_co, mailoutbox, issue_act):
    case = released_diamond_import(victor, alice, pavel_co, issue_act)
    certificate = case.kp_certificate
    certificate.refresh_from_db()
    assert certificate.receipt_confirmed_at is not None
    delivery = Delivery.objects.get(kind=DeliveryKind.KP_RECEIPT)
    assert delivery.recipient_email == "kp@example.bw"
    assert [message.to for message in mailoutbox] == [["kp@example.bw"]]
    body = mailoutbox[0].body
    for fact in ("BW 0412283", "Parcels: 2", "Carats: 120.50", "Okavango Diamond Company", pavel_co.name):
        assert fact in body


def test_r7_a_confirmation_without_the_authoritys_address_is_recorded_as_failed(
    victor, alice, pavel_co, issue_act
):
    case = released_diamond_import(victor, alice, pavel_co, issue_act, authority_email="")
    delivery = case.kp_certificate.receipt_delivery
    assert delivery.status == "failed" and delivery.recipient_name == "Government Diamond Valuator"


def test_r9_export_issues_kazakhstans_certificate_with_the_act(victor, alice, pavel_co, settings, issue_act):
    settings.KP_CERTIFICATE_VALIDITY_DAYS = 60
    conclusion = diamond_conclusion(alice, pavel_co, masses_g=["24.100", "10.050"])
    case = diamond_case(
        victor, pavel_co, direction="export", partner="BE", hs_code="7102.31", carats="170.75"
    )
    services.document_add(actor=victor, case=case, kind=DocumentKind.CONTRACT, file=upload())
    services.conclusion_attach(actor=victor, case=case, conclusion=conclusion)
    register_special(victor, pavel_co)
    assert "Prepare Kazakhstan's Kimberley Process certificate: it is issued together with the act (R9)." in (
        blockers(case)
    )
    services.certificate_record(
        actor=victor,
        case=case,
        origin="KZ",
        exporter=pavel_co.name,
        importer="Antwerp Rough BV",
        parcels=2,
        lines=[("7102.31", "170.75", "212500.00")],
    )
    services.seal_record(actor=victor, case=case, number="KZ-S-1")
    services.case_receive_documents(actor=victor, case=case, now=at(date(2026, 11, 10)))
    case = issue_act(actor=victor, case=case, now=at(date(2026, 11, 10), 16))

    certificate = case.kp_certificate
    certificate.refresh_from_db()
    assert certificate.number == "KZ-2026-000001"
    assert (certificate.issued_on, certificate.expires_on) == (date(2026, 11, 10), date(2027, 1, 9))
    assert certificate.pdf and len(certificate.pdf_sha256) == 64
    data = json.loads(json.dumps(services.exchange_data(certificate)))
    assert data["number"] == "KZ-2026-000001"
    assert data["issuing_country"] == "KZ"
    assert data["carat_weight"] == "170.75" and data["value_usd"] == "212500.00"
    assert data["lines"] == [{"hs_code": "7102.31", "carats": "170.75", "value_usd": "212500.00"}]
    assert data["state_control_act"] == case.act_number
    event = AuditEvent.objects.get(action="control.act_issue", object_id=str(case.pk))
    assert event.reason == "R9" and event.after["kp_certificate"] == "KZ-2026-000001"


def test_only_rough_diamonds_have_a_kp_certificate(victor, pavel_co):
    case = open_case(victor, pavel_co)
    with pytest.raises(ValidationError):
        import_certificate(victor, case)


# --- R11 and R12 --------------------------------------------------------------------------------------------


def test_r11_the_applicant_needs_a_special_registration_valid_on_the_day(victor, alice, pavel_co):
    conclusion = issued_import_conclusion(alice, pavel_co, 3)
    case = open_case(victor, pavel_co)
    services.document_add(actor=victor, case=case, kind=DocumentKind.CONTRACT, file=upload())
    services.conclusion_attach(actor=victor, case=case, conclusion=conclusion)
    message = f"{pavel_co.name} holds no document of special registration valid on 10.11.2026 (R11)."
    assert blockers(case) == [message]
    register_special(victor, pavel_co, issued_on=date(2025, 1, 1), valid_until=date(2026, 10, 31))
    assert blockers(case) == [message]
    register_special(victor, pavel_co, issued_on=date(2026, 11, 1), number="SR-0002")
    assert blockers(case) == []


def test_r11_r12_the_national_bank_needs_no_registration_and_is_not_under_control(victor):
    bank = ApplicantFactory(name="National Bank of Kazakhstan", is_national_bank=True)
    case = open_case(victor, bank)
    problems = blockers(case)
    assert "State control does not apply to the National Bank: record it as not applicable (R12)." in problems
    assert not any("(R11)" in problem for problem in problems)
    case = services.case_exempt(actor=victor, case=case, ground="national_bank")
    assert case.status == CaseStatus.NOT_APPLICABLE
    assert AuditEvent.objects.get(action="control.not_applicable").reason == "R12: national_bank"


@pytest.mark.parametrize(
    ("ground", "direction", "kind", "message"),
    [
        ("national_bank", "import", ApplicantKind.LEGAL_ENTITY, "is not the National Bank (R12)"),
        (
            "cultural_valuables",
            "import",
            ApplicantKind.LEGAL_ENTITY,
            "Only cultural valuables being exported",
        ),
        ("personal_use", "import", ApplicantKind.LEGAL_ENTITY, "is a legal entity (R12)"),
    ],
)
def test_r12_the_ground_must_fit_the_case(victor, ground, direction, kind, message):
    applicant = ApplicantFactory(kind=kind)
    case = open_case(victor, applicant, direction=direction)
    with pytest.raises(ValidationError) as error:
        services.case_exempt(actor=victor, case=case, ground=ground)
    assert message in error.value.messages[0]
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


@pytest.mark.parametrize(
    ("ground", "direction"),
    [("personal_use", "import"), ("isotopes", "import"), ("cultural_valuables", "export")],
)
def test_r12_state_control_not_applicable_is_recorded_with_its_ground(victor, ground, direction):
    applicant = ApplicantFactory(kind=ApplicantKind.INDIVIDUAL)
    case = open_case(victor, applicant, direction=direction)
    case = services.case_exempt(actor=victor, case=case, ground=ground, note="Customs declaration 12/345")
    assert (case.status, case.exemption_ground, case.exemption_note) == (
        CaseStatus.NOT_APPLICABLE,
        ground,
        "Customs declaration 12/345",
    )


# --- Opening a case, and who may ----------------------------------------------------------------------------


def test_r2_a_partner_country_in_the_eaeu_is_not_under_this_control(victor, pavel_co):
    with pytest.raises(ValidationError) as error:
        open_case(victor, pavel_co, partner_country="RU")
    assert error.value.message_dict["partner_country"] == [
        "Trade with a member state of the EAEU is not under import and export control."
    ]


def test_rough_diamonds_are_counted_in_carats(victor, pavel_co):
    with pytest.raises(ValidationError) as error:
        open_case(victor, pavel_co, category="rough_diamonds", hs_code="7102.10", unit="pcs")
    assert error.value.message_dict["unit"] == ["Rough diamonds are counted in carats."]


@pytest.mark.parametrize("who", ["alice", "bob", "pavel"])
def test_only_control_officers_act_on_cases(cast, victor, pavel_co, who):
    case = open_case(victor, pavel_co)
    with pytest.raises(PermissionDenied):
        open_case(cast[who], pavel_co)
    with pytest.raises(PermissionDenied):
        services.act_refuse(actor=cast[who], case=case, reason="No")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_the_act_pdf_names_the_act_and_the_documents(victor, alice, pavel_co, issue_act):
    from tests.pdf_text import pdf_text

    case = ready_import(victor, alice, pavel_co)
    services.case_receive_documents(actor=victor, case=case, now=at(date(2026, 11, 10)))
    case = issue_act(actor=victor, case=case, now=at(date(2026, 11, 10) + timedelta(hours=6)))
    case.refresh_from_db()
    text = pdf_text(case.act_pdf.read())
    assert case.act_number in text
    assert "Мемлекеттік бақылау актісі" in text  # Kazakh first
    assert case.conclusion.number in text
    assert pavel_co.identifier in text
