"""State control through the REST API: Victor takes Pavel's jewelry import from its documents to the act;
the rules answer with their own messages; Pavel reads his case, Quinn and Alice see nothing of it, and only
Victor acts."""

import hashlib
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from lims.control import services
from lims.control.models import (
    CaseStatus,
    ControlCase,
    ControlDocument,
    SpecialRegistration,
)
from lims.intake.models import Purpose
from tests.control.api.helpers import (
    CASES,
    REGISTRATIONS,
    as_user,
    check,
    diamond_lot,
    jewelry_lot,
    open_case,
    pdf,
    url,
)
from tests.factories import issue, make_tested_application

# --- The whole import -------------------------------------------------------------------------------------


def test_victor_releases_pavels_jewelry_import_through_the_api(api, alice, victor, pavel_co):
    conclusion = issue(make_tested_application(alice, pavel_co, 3, purpose=Purpose.IMPORT))
    client = as_user(api, victor)

    case = open_case(api, victor, jewelry_lot(pavel_co))
    assert case["number"].startswith("SC-") and case["status"] == "open"
    assert (case["applicant"], case["quantity"], case["unit"], case["hs_code"]) == (
        pavel_co.identifier,
        "3.000",
        "pcs",
        "7113.19",
    )
    assert case["conclusion"] is None and case["documents"] == [] and case["kp_certificate"] is None
    assert [line["ok"] for line in case["checklist"]] == [False, False, False]

    # A contract in Italian: the checklist asks for its certified translation.
    contract = pdf()
    response = client.post(
        url(case, "documents"),
        {
            "kind": "contract",
            "file": contract,
            "reference": "IT-2026/17",
            "document_date": "2026-01-20",
            "language": "other",
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    case = response.json()
    [document] = case["documents"]
    assert document["kind"] == "contract" and document["language"] == "other"
    assert document["sha256"] == hashlib.sha256(b"%PDF-1.4 contract IT-2026/17").hexdigest()
    assert document["original_name"] == "contract.pdf" and document["reference"] == "IT-2026/17"
    contract_check = check(case, "Foreign-trade contract")
    assert not contract_check["ok"]
    assert "neither Kazakh nor Russian" in contract_check["problems"][0]

    response = client.post(
        url(case, "documents"),
        {
            "kind": "translation",
            "file": pdf("translation.pdf", b"%PDF-1.4 translation"),
            "language": "ru",
            "certified_by_position": "Director",
            "certified_on": "2026-01-22",
            "signed": "true",
            "sealed": "true",
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    case = response.json()
    assert [d["kind"] for d in case["documents"]] == ["contract", "translation"]
    assert check(case, "Foreign-trade contract") == {
        "label": "Foreign-trade contract or other document of intent, translated where needed",
        "ok": True,
        "applies": True,
        "problems": [],
    }

    response = client.post(url(case, "conclusion"), {"number": conclusion.number}, format="json")
    assert response.status_code == 200, response.json()
    case = response.json()
    assert case["conclusion"] == conclusion.number and check(case, "Expertise conclusion")["ok"]

    response = client.post(
        REGISTRATIONS,
        {
            "applicant": pavel_co.identifier,
            "number": "SR-0042",
            "issued_on": "2025-01-15",
            "file": pdf("registration.pdf", b"%PDF-1.4 registration"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    registration = response.json()
    assert (registration["applicant"], registration["number"], registration["valid_until"]) == (
        pavel_co.identifier,
        "SR-0042",
        None,
    )
    assert registration["sha256"] == hashlib.sha256(b"%PDF-1.4 registration").hexdigest()

    case = client.get(url(case)).json()
    assert [line["ok"] for line in case["checklist"]] == [True, True, True]

    response = client.post(url(case, "receive-documents"))
    assert response.status_code == 200, response.json()
    case = response.json()
    assert case["status"] == "documents_received" and case["documents_received_at"]
    assert datetime.fromisoformat(case["act_due_at"]) > timezone.now()

    response = client.post(url(case, "issue-act"))
    assert response.status_code == 200, response.json()
    case = response.json()
    assert case["status"] == "released" and case["act_number"].startswith("SCA-") and case["decided_at"]
    stored = ControlCase.objects.get(pk=case["id"])
    assert (stored.status, stored.act_number, stored.decided_by) == (
        CaseStatus.RELEASED,
        case["act_number"],
        victor,
    )

    # A decided case takes no more documents.
    response = client.post(url(case, "documents"), {"kind": "other", "file": pdf()}, format="multipart")
    assert response.status_code == 400
    assert response.json() == [
        "The documents of this case are closed: it is released for customs declaration."
    ]
    assert ControlDocument.objects.filter(case_id=case["id"]).count() == 2


# --- Who may do what -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["pavel", "alice", "bob"])
def test_only_control_officers_open_cases(api, cast, pavel_co, who):
    response = as_user(api, cast[who]).post(CASES, jewelry_lot(pavel_co), format="json")
    assert response.status_code == 403
    assert "permission" in response.json()["detail"]
    assert not ControlCase.objects.exists()


def test_cases_are_scoped_to_officers_and_their_own_applicant(api, cast, victor, pavel_co):
    case = open_case(api, victor, jewelry_lot(pavel_co))

    response = as_user(api, cast["pavel"]).get(url(case))
    assert response.status_code == 200 and response.json()["number"] == case["number"]
    assert [c["number"] for c in as_user(api, cast["pavel"]).get(CASES).json()["results"]] == [case["number"]]

    response = as_user(api, cast["quinn"]).get(url(case))
    assert response.status_code == 404
    assert as_user(api, cast["quinn"]).get(CASES).json()["count"] == 0

    response = as_user(api, cast["alice"]).get(CASES)
    assert response.status_code == 200 and response.json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }
    assert as_user(api, cast["alice"]).get(url(case)).status_code == 404


def test_applicants_read_but_do_not_act(api, alice, victor, pavel, quinn, pavel_co):
    case = open_case(api, victor, jewelry_lot(pavel_co))
    client = as_user(api, pavel)
    for action, payload in [
        ("receive-documents", {}),
        ("issue-act", {}),
        ("refuse", {"reason": "Changed my mind"}),
        ("exempt", {"ground": "isotopes"}),
        ("seals", {"number": "S-1"}),
        ("conclusion", {"number": "ALM-2026-C00001"}),
    ]:
        response = client.post(url(case, action), payload, format="json")
        assert response.status_code == 403, action
    response = client.post(url(case, "documents"), {"kind": "contract", "file": pdf()}, format="multipart")
    assert response.status_code == 403
    assert as_user(api, quinn).post(url(case, "receive-documents")).status_code == 403
    assert as_user(api, alice).post(url(case, "issue-act")).status_code == 403
    stored = ControlCase.objects.get(pk=case["id"])
    assert stored.status == CaseStatus.OPEN and not stored.documents.exists()


def test_anonymous_gets_401_and_a_token_works(api, victor, pavel_co):
    for path in (CASES, REGISTRATIONS):
        response = api.get(path)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Token")
    assert api.post(CASES, jewelry_lot(pavel_co), format="json").status_code == 401
    token = Token.objects.create(user=victor)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post(CASES, jewelry_lot(pavel_co), format="json")
    assert response.status_code == 201 and response.json()["status"] == "open"


@pytest.mark.parametrize("who", ["pavel", "alice"])
def test_special_registrations_are_control_officers_only(api, cast, pavel_co, who):
    payload = {"applicant": pavel_co.identifier, "number": "SR-1", "issued_on": "2025-01-15"}
    client = as_user(api, cast[who])
    assert client.get(REGISTRATIONS).status_code == 403
    assert client.post(REGISTRATIONS, payload, format="json").status_code == 403
    assert not SpecialRegistration.objects.exists()


# --- The rules' own messages ----------------------------------------------------------------------------


def test_a_partner_country_in_the_eaeu_is_refused(api, victor, pavel_co):
    response = as_user(api, victor).post(CASES, jewelry_lot(pavel_co, partner_country="RU"), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "partner_country": ["Trade with a member state of the EAEU is not under import and export control."]
    }
    assert not ControlCase.objects.exists()


def test_worked_diamonds_are_not_rough_diamonds_under_the_kimberley_process(api, victor, pavel_co):
    response = as_user(api, victor).post(CASES, diamond_lot(pavel_co, hs_code="7102.29"), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "hs_code": [
            "HS 7102.29 is not a rough diamond under the Kimberley Process (only 7102.10, 7102.21 and "
            "7102.31 are): enter the lot as precious stones."
        ]
    }
    assert not ControlCase.objects.exists()


def test_an_unknown_applicant_is_a_clear_400(api, victor, pavel_co):
    response = as_user(api, victor).post(
        CASES, jewelry_lot(pavel_co) | {"applicant": "200140099999"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "applicant": ["No applicant has the IIN/BIN 200140099999: register the applicant first."]
    }
    assert not ControlCase.objects.exists()


def test_an_unknown_conclusion_number_is_a_clear_400(api, victor, pavel_co):
    case = open_case(api, victor, jewelry_lot(pavel_co))
    response = as_user(api, victor).post(
        url(case, "conclusion"), {"number": "ALM-2026-C99999"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"number": ["No issued conclusion has the number ALM-2026-C99999."]}


def test_a_conclusion_that_does_not_cover_the_lot_is_refused(api, alice, victor, pavel_co):
    conclusion = issue(make_tested_application(alice, pavel_co, 2, purpose=Purpose.IMPORT))
    case = open_case(api, victor, jewelry_lot(pavel_co))
    response = as_user(api, victor).post(
        url(case, "conclusion"), {"number": conclusion.number}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == [
        f"Conclusion {conclusion.number} covers 2 pieces; the lot declares 3 pieces (R5)."
    ]
    assert ControlCase.objects.get(pk=case["id"]).conclusion is None


def test_a_refusal_needs_its_reason(api, victor, pavel_co):
    case = open_case(api, victor, jewelry_lot(pavel_co))
    client = as_user(api, victor)
    response = client.post(url(case, "refuse"), {"reason": "  "}, format="json")
    assert response.status_code == 400 and response.json() == ["Give the reason for the refusal."]
    assert ControlCase.objects.get(pk=case["id"]).status == CaseStatus.OPEN

    response = client.post(url(case, "refuse"), {"reason": "The contract is forged."}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["refusal_reason"]) == ("refused", "The contract is forged.")
    assert body["decided_at"] and body["act_number"] is None


def test_exemption_records_its_ground_if_it_fits(api, victor, pavel_co):
    case = open_case(api, victor, jewelry_lot(pavel_co))
    client = as_user(api, victor)
    response = client.post(url(case, "exempt"), {"ground": "personal_use"}, format="json")
    assert response.status_code == 400
    assert response.json() == [
        f"Goods for personal use are an individual's; {pavel_co.name} is a legal entity (R12)."
    ]
    response = client.post(
        url(case, "exempt"), {"ground": "isotopes", "note": "Sealed sources"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["exemption_ground"]) == ("not_applicable", "isotopes")


# --- Lists ----------------------------------------------------------------------------------------------


def test_list_filters_by_status_direction_and_category(api, victor, pavel_co):
    jewelry = open_case(api, victor, jewelry_lot(pavel_co))
    diamonds = open_case(api, victor, diamond_lot(pavel_co, direction="export"))
    as_user(api, victor).post(url(jewelry, "refuse"), {"reason": "No contract."}, format="json")
    client = as_user(api, victor)

    def numbers(**query):
        response = client.get(CASES, query)
        assert response.status_code == 200
        return [case["number"] for case in response.json()["results"]]

    assert numbers() == [diamonds["number"], jewelry["number"]]
    assert numbers(status="refused") == [jewelry["number"]]
    assert numbers(status="open") == [diamonds["number"]]
    assert numbers(direction="export") == [diamonds["number"]]
    assert numbers(category="rough_diamonds", direction="import") == []
    assert numbers(category="jewelry") == [jewelry["number"]]
    assert client.get(CASES, {"status": "lost"}).status_code == 400


def test_case_list_query_count_is_flat(api, alice, victor, pavel_co):
    conclusion = issue(make_tested_application(alice, pavel_co, 3, purpose=Purpose.IMPORT))
    services.registration_record(actor=victor, applicant=pavel_co, number="SR-1", issued_on=date(2025, 1, 1))

    def a_full_case(lot):
        case = services.case_open(actor=victor, applicant=pavel_co, **lot)
        services.document_add(actor=victor, case=case, kind="contract", file=pdf())
        if case.is_rough_diamonds:
            lines = [("7102.31", "10.00", "11850.50")]
            services.certificate_record(
                actor=victor,
                case=case,
                issuing_country="BE",
                origin="BE",
                exporter="A",
                importer="B",
                parcels=1,
                lines=lines,
            )
            services.seal_record(actor=victor, case=case, number="S-1")
        else:
            services.conclusion_attach(actor=victor, case=case, conclusion=conclusion)

    lot = {k: v for k, v in jewelry_lot(pavel_co).items() if k != "applicant"}
    diamonds = {k: v for k, v in diamond_lot(pavel_co).items() if k != "applicant"}
    client = as_user(api, victor)
    a_full_case(lot)
    a_full_case(diamonds)
    with CaptureQueriesContext(connection) as few:
        assert client.get(CASES).json()["count"] == 2
    for _ in range(4):
        a_full_case(lot)
        a_full_case(diamonds)
    with CaptureQueriesContext(connection) as many:
        assert client.get(CASES).json()["count"] == 10
    assert len(many) == len(few)
