"""The printed conclusion (bilingual, QR code, fingerprint, progress), its public verification page, the
applicant's portal and the e-mail on issue."""

import hashlib
import io
import smtplib

import pypdfium2
import pytest
import zxingcpp
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from lims.conclusions.models import ConclusionStatus, PdfStatus
from lims.conclusions.pdf import verification_url
from lims.conclusions.services import conclusion_prepare, conclusion_withdraw
from lims.core.models import AuditEvent
from lims.notifications.models import Delivery
from tests.factories import issue, make_tested_application
from tests.pdf_text import pdf_text


@pytest.fixture
def issued(alice, carol, bob, pavel_co, django_capture_on_commit_callbacks):
    pavel_co.email = "office@zerger.example.kz"
    pavel_co.save()
    application = make_tested_application(alice, pavel_co, n_items=2, verifier=carol)
    with django_capture_on_commit_callbacks(execute=True):
        conclusion = issue(application, preparer=alice, reviewer=carol, signer=bob)
    conclusion.refresh_from_db()
    return conclusion


def qr_payloads(pdf: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(io.BytesIO(pdf))[0]
    image = page.render(scale=4).to_pil()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def test_the_pdf_is_bilingual_with_every_item_signatures_and_a_fingerprint(issued):
    content = issued.pdf.read()
    text = " ".join(pdf_text(content).split())
    assert "Сараптама қорытындысы / Заключение экспертизы" in text
    assert "Өтініш беруші / Заявитель" in text or "Заявитель" in text
    for item in issued.content["items"]:
        assert item["lab_number"] in text
    assert "Pavel Zerger LLP" in text and issued.organization.accreditation_number in text
    signer = issued.signed_by.get_full_name() or issued.signed_by.username
    assert signer in text and issued.display_code in text
    assert issued.pdf_status == PdfStatus.READY and issued.pdf_progress == 100
    assert hashlib.sha256(content).hexdigest() == issued.pdf_sha256


def test_the_qr_code_opens_the_verification_page(client, issued):
    (payload,) = qr_payloads(issued.pdf.read())
    assert payload == verification_url(issued)
    path = payload.removeprefix("http://127.0.0.1:8000")
    response = client.get(path)
    assert response.status_code == 200
    assert f"Conclusion {issued.number} is genuine and current." in response.content.decode()


def test_verification_shows_no_personal_data(client, issued):
    body = client.get(reverse("conclusions:verify", args=[issued.verification_token])).content.decode()
    assert issued.organization.name in body and issued.number in body
    assert ">2<" in body  # item count
    application = issued.application
    for secret in (
        application.applicant.name,
        application.applicant.identifier,
        application.number,
        issued.signed_by.username,
        issued.signed_by.get_full_name() or issued.signed_by.username,
        *application.items.values_list("description", flat=True),
        *application.items.values_list("lab_number", flat=True),
    ):
        assert secret not in body


def test_verification_by_number_and_printed_code(client, issued):
    url = reverse("conclusions:verify_form")
    response = client.get(url, {"number": issued.number.lower(), "code": issued.display_code.lower()})
    assert response.status_code == 200 and "genuine and current" in response.content.decode()
    wrong = "2" * 8 if issued.short_code != "2" * 8 else "3" * 8
    response = client.get(url, {"number": issued.number, "code": wrong})
    assert response.status_code == 404 and "not genuine" in response.content.decode()
    response = client.get(url, {"number": issued.number, "code": "01"})
    assert response.status_code == 200 and "8 letters and digits" in response.content.decode()


def test_verification_says_superseded_and_withdrawn(client, alice, carol, bob, issued):
    application = issued.application
    amendment = issue(application, preparer=alice, reviewer=carol, signer=bob, amendment_reason="Typo")
    body = client.get(reverse("conclusions:verify", args=[issued.verification_token])).content.decode()
    assert "no longer current" in body and amendment.number in body
    conclusion_withdraw(actor=bob, conclusion=amendment, reason="Issued in error")
    body = client.get(reverse("conclusions:verify", args=[amendment.verification_token])).content.decode()
    assert "has been withdrawn" in body and "Issued in error" not in body


def test_a_draft_cannot_be_verified(client, alice, carol, pavel_co):
    draft = conclusion_prepare(
        actor=alice, application=make_tested_application(alice, pavel_co, verifier=carol)
    )
    assert client.get(reverse("conclusions:verify", args=[draft.verification_token])).status_code == 404


def test_verification_is_rate_limited(client, settings, issued):
    settings.CONCLUSION_VERIFY_RATE = "3/m"
    cache.clear()
    url = reverse("conclusions:verify", args=[issued.verification_token])
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    cache.clear()


# --- The applicant ---------------------------------------------------------------------------------------


def test_the_applicant_follows_the_application_and_downloads_the_conclusion(client, pavel, issued):
    client.force_login(pavel)
    body = client.get(reverse("intake:application_detail", args=[issued.application_id])).content.decode()
    assert "We received your application." in body
    assert f"Conclusion {issued.number} was issued; you can download it below." in body
    assert reverse("conclusions:download", args=[issued.pk]) in body
    assert "alice" not in body and "carol" not in body  # no staff names in the applicant's timeline
    response = client.get(reverse("conclusions:download", args=[issued.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_applicant_gets_nothing(client, quinn, issued):
    client.force_login(quinn)
    assert client.get(reverse("conclusions:download", args=[issued.pk])).status_code == 404
    assert client.get(reverse("conclusions:detail", args=[issued.pk])).status_code == 404


def test_the_applicant_is_emailed_on_issue(issued):
    (message,) = mail.outbox
    assert message.to == ["office@zerger.example.kz"]
    assert issued.number in message.subject
    assert verification_url(issued) in message.body
    delivery = Delivery.objects.get(application=issued.application)
    assert delivery.status == "sent" and delivery.recipient_name == "Pavel Zerger LLP"


class RefusingBackend:
    """An SMTP server that refuses the recipient (a real backend class, raising what smtplib raises)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"mailbox unavailable")})


def test_a_failed_email_is_recorded_and_shown_to_staff_naming_the_recipient(
    client, settings, alice, carol, bob, pavel_co, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    pavel_co.email = "nobody@zerger.example.kz"
    pavel_co.save()
    application = make_tested_application(alice, pavel_co, verifier=carol)
    with django_capture_on_commit_callbacks(execute=True):
        conclusion = issue(application, preparer=alice, reviewer=carol, signer=bob)
    conclusion.refresh_from_db()
    assert conclusion.status == ConclusionStatus.ISSUED  # the failure does not undo the issue
    delivery = Delivery.objects.get(application=application)
    assert delivery.status == "failed" and "nobody@zerger.example.kz" in delivery.last_error
    client.force_login(bob)
    body = client.get(reverse("intake:application_detail", args=[application.pk])).content.decode()
    assert "nobody@zerger.example.kz" in body and "Pavel Zerger LLP" in body


def test_each_step_is_audited_with_its_actor(issued):
    actions = list(
        AuditEvent.objects.filter(object_type="conclusions.Conclusion").values_list(
            "action", "actor__username"
        )
    )
    assert actions[:4] == [
        ("conclusion.prepare", "alice"),
        ("conclusion.review", "carol"),
        ("conclusion.sign", "bob"),
        ("conclusion.issue", "bob"),
    ]


def test_pdfs_cut_short_are_rendered_by_the_command(alice, carol, bob, pavel_co):
    """The embedded run renders PDFs in threads that die with the process; `make run` finishes them."""
    conclusion = issue(make_tested_application(alice, pavel_co, verifier=carol), signer=bob)  # no commit yet
    assert conclusion.pdf_status == PdfStatus.PENDING
    out = io.StringIO()
    call_command("render_pending_pdfs", stdout=out)
    conclusion.refresh_from_db()
    assert conclusion.pdf_status == PdfStatus.READY and conclusion.number in out.getvalue()
