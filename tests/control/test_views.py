"""The control officer's pages through the Django client: a rough-diamond export from documents to the act
and Kazakhstan's KP certificate (R9), form errors that keep what was typed, downloads, and a list whose
query count does not grow with the cases."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lims.control.models import CaseStatus, ControlCase, KimberleyCertificate
from lims.intake.models import Purpose
from tests.factories import diamond_conclusion, open_case, register_special, upload
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


def url(name, case, *args):
    return reverse(f"control:{name}", args=[case.pk, *args])


def test_r9_rough_diamond_export_from_documents_to_act_and_kp_certificate(
    client, victor, alice, pavel_co, django_capture_on_commit_callbacks
):
    conclusion = diamond_conclusion(alice, pavel_co, masses_g=["24.100", "10.050"], purpose=Purpose.EXPORT)
    register_special(victor, pavel_co)
    client.force_login(victor)
    response = client.post(
        reverse("control:create"),
        {
            "applicant": pavel_co.identifier,
            "direction": "export",
            "category": "rough_diamonds",
            "hs_code": "7102.31",
            "partner_country": "BE",
            "description": "Rough diamonds, gem quality",
            "quantity": "170.75",
            "unit": "ct",
            "value": "212500.00",
            "currency": "usd",
        },
    )
    case = ControlCase.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", case)
    assert (case.hs_code, case.currency, case.quantity) == ("7102.31", "USD", Decimal("170.750"))

    client.post(url("document_add", case), {"kind": "contract", "file": upload(), "language": "ru"})
    client.post(url("conclusion_attach", case), {"number": conclusion.number.lower()})
    response = client.post(
        url("certificate_record", case),
        {
            "origin": "KZ",
            "exporter": pavel_co.name,
            "importer": "Antwerp Rough BV",
            "parcels": "2",
            "carats_7102_31": "170.75",
            "usd_7102_31": "212500.00",
        },
    )
    assert response.status_code == 302
    client.post(url("seal_add", case), {"number": "KZ-S-000871", "state": "intact"})
    page = client.get(url("detail", case)).content.decode()
    assert "Documents complete: receive them" in page
    assert client.post(url("receive", case)).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("issue_act", case)).status_code == 302

    case.refresh_from_db()
    certificate = KimberleyCertificate.objects.get(case=case)
    assert case.status == CaseStatus.RELEASED and certificate.number.startswith("KZ-")
    kp_pdf = b"".join(client.get(url("kp_pdf", case)).streaming_content)
    text = pdf_text(kp_pdf)
    assert certificate.number in text and "170.75" in text and "Kimberley Process Certificate" in text
    data = json.loads(client.get(url("kp_json", case)).content)
    assert (data["number"], data["carat_weight"], data["number_of_parcels"]) == (
        certificate.number,
        "170.75",
        2,
    )
    assert data["seals"] == [{"number": "KZ-S-000871", "state": "intact"}]
    act = b"".join(client.get(url("act_pdf", case)).streaming_content)
    assert case.act_number in pdf_text(act)


def test_a_form_error_shows_the_page_again_with_what_was_typed(client, victor, pavel_co):
    case = open_case(victor, pavel_co)
    client.force_login(victor)
    response = client.post(url("conclusion_attach", case), {"number": "ALM-2099-C99999"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "No issued conclusion has the number ALM-2099-C99999." in body
    assert 'value="ALM-2099-C99999"' in body

    response = client.post(
        url("document_add", case),
        {"kind": "contract", "file": upload("contract.exe", b"MZ"), "reference": "17/26", "language": "ru"},
    )
    assert response.status_code == 400
    assert "Upload a PDF, an image (JPEG, PNG, TIFF) or a text document" in response.content.decode()
    assert 'value="17/26"' in response.content.decode()
    assert not case.documents.exists()


def test_an_eaeu_partner_is_refused_beside_its_field(client, victor, pavel_co):
    client.force_login(victor)
    data = {
        "applicant": pavel_co.identifier,
        "direction": "import",
        "category": "jewelry",
        "hs_code": "7113.19",
        "partner_country": "RU",
        "description": "Rings",
        "quantity": "3",
        "unit": "pcs",
        "value": "100",
        "currency": "USD",
    }
    response = client.post(reverse("control:create"), data)
    assert response.status_code == 200
    assert "Trade with a member state of the EAEU is not under import and export control." in (
        response.content.decode()
    )
    assert not ControlCase.objects.exists()


def test_the_applicant_downloads_their_documents_and_nobody_else_does(
    client, victor, pavel, quinn, alice, pavel_co
):
    case = open_case(victor, pavel_co)
    from lims.control.services import document_add

    document = document_add(
        actor=victor, case=case, kind="contract", file=upload("contract.pdf", b"%PDF-1 ok")
    )
    client.force_login(pavel)
    response = client.get(url("document_download", case, document.pk))
    assert b"".join(response.streaming_content) == b"%PDF-1 ok"
    client.force_login(quinn)
    assert client.get(url("document_download", case, document.pk)).status_code == 404
    client.force_login(alice)  # laboratory staff: not the customs file
    assert client.get(url("document_download", case, document.pk)).status_code == 403


def test_the_list_takes_the_same_queries_for_one_case_or_twelve(client, victor, pavel_co):
    client.force_login(victor)
    open_case(victor, pavel_co)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("control:list")).status_code == 200
    for _ in range(11):
        open_case(victor, pavel_co)
    with CaptureQueriesContext(connection) as twelve:
        body = client.get(reverse("control:list")).content.decode()
    assert body.count("SC-") >= 12
    assert len(twelve.captured_queries) == len(one.captured_queries)


def test_the_detail_page_in_kazakh_names_the_rule(client, victor, pavel_co):
    case = open_case(victor, pavel_co)
    client.force_login(victor)
    client.post(reverse("set_language"), {"language": "kk"})
    body = client.get(url("detail", case), headers={"accept-language": "kk"}).content.decode()
    assert "Мемлекеттік бақылауға арналған құжаттар" in body or "Мемлекеттік бақылау" in body
    assert "(R5)" in body
