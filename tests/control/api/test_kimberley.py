"""The Kimberley Process through the REST API: the certificate recorded and exchanged as decimal strings,
never floats; missing or expired certificates refuse the import (R7); a valid one releases the lot and
confirms the receipt."""

from datetime import date, datetime, timedelta

import time_machine
from django.utils import timezone

from lims.control import services
from lims.control.models import (
    CaseStatus,
    ControlCase,
    KimberleyCertificate,
)
from lims.intake.models import Purpose
from tests.control.api.helpers import ALMATY, CERTIFICATE, as_user, diamond_lot, open_case, pdf, url
from tests.factories import diamond_conclusion

# --- The Kimberley Process certificate -------------------------------------------------------------------


def test_kp_certificate_is_recorded_and_exchanged_as_decimal_strings(api, victor, pavel, quinn, pavel_co):
    case = open_case(api, victor, diamond_lot(pavel_co))
    client = as_user(api, victor)
    assert client.get(url(case, "kp-certificate")).status_code == 404

    presented = CERTIFICATE | {"issued_on": "2026-02-01", "expires_on": "2026-04-01"}
    response = client.post(url(case, "kp-certificate"), presented, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["kp_certificate"]["carat_weight"] == "10.00"
    response = client.post(url(case, "seals"), {"number": "BE-S-001"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["kp_certificate"]["seals"] == [{"number": "BE-S-001", "state": "intact"}]

    for user in (victor, pavel):
        response = as_user(api, user).get(url(case, "kp-certificate"))
        assert response.status_code == 200
        data = response.json()
        assert data["lines"] == [
            {"hs_code": "7102.10", "carats": "3.50", "value_usd": "2100.50"},
            {"hs_code": "7102.31", "carats": "6.50", "value_usd": "9750.00"},
        ]
        assert (data["number"], data["carat_weight"], data["value_usd"], data["country_of_origin"]) == (
            "BE 0123456",
            "10.00",
            "11850.50",
            "mixed",
        )
        assert (data["date_of_issue"], data["date_of_expiry"]) == ("2026-02-01", "2026-04-01")
        assert data["state_control_act"] is None and data["receipt_confirmed_at"] is None
    assert as_user(api, quinn).get(url(case, "kp-certificate")).status_code == 404
    assert as_user(api, pavel).post(url(case, "kp-certificate"), presented, format="json").status_code == 403

    # Recording again replaces it while the documents are open.
    again = presented | {"lines": [{"hs_code": "7102.31", "carats": "10", "value_usd": "11850.50"}]}
    response = as_user(api, victor).post(url(case, "kp-certificate"), again, format="json")
    assert response.status_code == 200
    assert response.json()["kp_certificate"]["lines"] == [
        {"hs_code": "7102.31", "carats": "10.00", "value_usd": "11850.50"}
    ]


def test_kp_amounts_are_never_floats(api, victor, pavel_co):
    case = open_case(api, victor, diamond_lot(pavel_co))
    lines = [{"hs_code": "7102.31", "carats": 10.0, "value_usd": "11850.50"}]
    response = as_user(api, victor).post(
        url(case, "kp-certificate"), CERTIFICATE | {"lines": lines}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "lines": {
            "0": {
                "carats": [
                    'Send the amount as a decimal string, e.g. "12.50", not as a floating-point number.'
                ]
            }
        }
    }
    lines = [{"hs_code": "7102.29", "carats": "10.00", "value_usd": "11850.50"}]
    response = as_user(api, victor).post(
        url(case, "kp-certificate"), CERTIFICATE | {"lines": lines}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == [
        "HS 7102.29 is not a rough diamond under the Kimberley Process (only 7102.10, 7102.21 and 7102.31 "
        "are)."
    ]
    assert not KimberleyCertificate.objects.filter(case_id=case["id"]).exists()


def test_a_numbered_import_certificate_without_dates_is_recorded_for_the_refusal(api, victor, pavel_co):
    case = open_case(api, victor, diamond_lot(pavel_co))
    client = as_user(api, victor)
    response = client.post(url(case, "kp-certificate"), CERTIFICATE, format="json")
    assert response.status_code == 201
    client.post(url(case, "seals"), {"number": "BE-S-001"}, format="json")
    reasons = client.post(url(case, "receive-documents")).json()
    assert (
        "The KP certificate lacks its date of issue, date of expiry: the import is refused (R7)." in reasons
    )


def test_an_expired_certificate_is_listed_among_the_reasons_on_an_open_case(api, victor, pavel_co):
    today = timezone.localdate()
    case = open_case(api, victor, diamond_lot(pavel_co))
    client = as_user(api, victor)
    expired = CERTIFICATE | {
        "issued_on": (today - timedelta(days=70)).isoformat(),
        "expires_on": (today - timedelta(days=10)).isoformat(),
    }
    assert client.post(url(case, "kp-certificate"), expired, format="json").status_code == 201
    assert client.post(url(case, "seals"), {"number": "BE-S-001"}, format="json").status_code == 201

    response = client.post(url(case, "issue-act"))
    assert response.status_code == 400
    assert response.json() == ["Receive the complete documents first: the act follows them (R6)."]

    response = client.post(url(case, "receive-documents"))
    assert response.status_code == 400
    reasons = response.json()
    assert any(r.startswith("KP certificate BE 0123456 expired on") for r in reasons)
    assert any(r.endswith("the import is refused (R7).") and "expired" in r for r in reasons)
    assert "The expertise conclusion of an accredited organization is missing (R5)." in reasons
    assert ControlCase.objects.get(pk=case["id"]).status == CaseStatus.OPEN


def test_a_certificate_expired_on_the_day_of_the_act_refuses_the_import(api, alice, victor, pavel_co):
    client = as_user(api, victor)
    with time_machine.travel(datetime(2026, 3, 11, 10, 0, tzinfo=ALMATY), tick=False) as traveller:
        conclusion = diamond_conclusion(alice, pavel_co, masses_g=["2.000"], purpose=Purpose.IMPORT)
        case = open_case(api, victor, diamond_lot(pavel_co))
        valid_today = CERTIFICATE | {"issued_on": "2026-02-01", "expires_on": "2026-03-11"}
        assert client.post(url(case, "kp-certificate"), valid_today, format="json").status_code == 201
        assert client.post(url(case, "seals"), {"number": "BE-S-001"}, format="json").status_code == 201
        contract = {"kind": "contract", "file": pdf(), "language": "ru"}
        assert client.post(url(case, "documents"), contract, format="multipart").status_code == 201
        response = client.post(url(case, "conclusion"), {"number": conclusion.number}, format="json")
        assert response.status_code == 200, response.json()
        services.registration_record(
            actor=victor, applicant=pavel_co, number="SR-0042", issued_on=date(2025, 1, 15)
        )
        response = client.post(url(case, "receive-documents"))
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "documents_received"

        traveller.move_to(datetime(2026, 3, 12, 10, 0, tzinfo=ALMATY))
        response = client.post(url(case, "issue-act"))
        assert response.status_code == 400
        [reason] = response.json()
        assert reason.startswith("KP certificate BE 0123456 expired on ")
        assert reason.endswith("the import is refused (R7).")
        stored = ControlCase.objects.get(pk=case["id"])
        assert (stored.status, stored.act_number) == (CaseStatus.DOCUMENTS_RECEIVED, None)

        response = client.post(url(case, "refuse"), {"reason": reason}, format="json")
        assert response.status_code == 200 and response.json()["status"] == "refused"


def test_a_valid_certificate_releases_rough_diamonds_and_confirms_receipt(api, alice, victor, pavel_co):
    client = as_user(api, victor)
    with time_machine.travel(datetime(2026, 3, 11, 10, 0, tzinfo=ALMATY), tick=False):
        conclusion = diamond_conclusion(alice, pavel_co, masses_g=["2.000"], purpose=Purpose.IMPORT)
        case = open_case(api, victor, diamond_lot(pavel_co))
        valid = CERTIFICATE | {"issued_on": "2026-02-01", "expires_on": "2026-04-01"}
        assert client.post(url(case, "kp-certificate"), valid, format="json").status_code == 201
        assert client.post(url(case, "seals"), {"number": "BE-S-001"}, format="json").status_code == 201
        contract = {"kind": "contract", "file": pdf(), "language": "ru"}
        assert client.post(url(case, "documents"), contract, format="multipart").status_code == 201
        assert (
            client.post(url(case, "conclusion"), {"number": conclusion.number}, format="json").status_code
            == 200
        )
        services.registration_record(
            actor=victor, applicant=pavel_co, number="SR-7", issued_on=date(2025, 1, 15)
        )
        assert client.post(url(case, "receive-documents")).status_code == 200

        response = client.post(url(case, "issue-act"))
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["status"] == "released"
        exchange = client.get(url(case, "kp-certificate")).json()
        assert exchange["state_control_act"] == body["act_number"]
        assert exchange["receipt_confirmed_at"].startswith("2026-03-11T")
