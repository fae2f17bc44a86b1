"""Helpers of the state-control API tests: lots, uploads, URLs and a recorded KP certificate."""

from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

CASES = "/api/v1/control-cases/"
REGISTRATIONS = "/api/v1/special-registrations/"
ALMATY = ZoneInfo("Asia/Almaty")


def as_user(api, user):
    api.force_authenticate(user)
    return api


def jewelry_lot(applicant, **changes):
    return {
        "applicant": applicant.identifier,
        "direction": "import",
        "category": "jewelry",
        "hs_code": "7113.19",
        "partner_country": "IT",
        "description": "Gold rings, 585",
        "quantity": "3",
        "unit": "pcs",
        "value": "4500.00",
        "currency": "USD",
        "customs_post": "Almaty airport",
    } | changes


def diamond_lot(applicant, **changes):
    return (
        jewelry_lot(
            applicant,
            category="rough_diamonds",
            hs_code="7102.31",
            partner_country="BE",
            description="Rough diamonds, 2 parcels",
            quantity="10.00",
            unit="ct",
            value="11850.50",
        )
        | changes
    )


def pdf(name="contract.pdf", content=b"%PDF-1.4 contract IT-2026/17"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def check(case, label):
    return next(line for line in case["checklist"] if line["label"].startswith(label))


def open_case(api, victor, lot):
    response = as_user(api, victor).post(CASES, lot, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def url(case, action=""):
    return f"{CASES}{case['id']}/" + (f"{action}/" if action else "")


CERTIFICATE = {
    "number": "BE 0123456",
    "issuing_country": "BE",
    "issuing_authority": "FPS Economy, Diamond Office",
    "authority_email": "kp@economie.fgov.be",
    "origin": "mixed",
    "exporter": "Antwerp Rough NV",
    "importer": "Pavel Zerger LLP",
    "parcels": 2,
    "lines": [
        {"hs_code": "7102.31", "carats": "6.50", "value_usd": "9750.00"},
        {"hs_code": "7102.10", "carats": "3.50", "value_usd": "2100.50"},
    ],
}
