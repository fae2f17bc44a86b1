"""The whole chain in real headless Chromium: each role logs in and does its part."""

from decimal import Decimal

import pytest
from django.conf import settings
from playwright.sync_api import expect

from lims.assay import samples
from lims.conclusions.models import Conclusion
from lims.intake.models import Item
from tests.browser.worksheet import fill_raw
from tests.conclusions.test_document_and_public import qr_payloads
from tests.factories import PASSWORD
from tests.pdf_text import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


def test_register_result_issue_download(page, live_server, screenshot, cast, pavel_co):
    # Technician registers an application with two items.
    log_in(page, live_server, "alice")
    page.click("text=Register application")
    page.select_option("select[name=applicant_kind]", "legal_entity")
    page.fill("input[name=applicant_identifier]", pavel_co.identifier)
    page.select_option("select[name=purpose]", "export")
    page.fill("input[name='items-0-description']", "Gold ring 585")
    page.fill("input[name='items-0-gross_mass_g']", "3.25")
    page.select_option("select[name='items-0-declared_metal']", "Au")
    page.fill("input[name='items-0-declared_fineness']", "585")
    page.fill("input[name='items-1-description']", "Gold chain 750")
    page.fill("input[name='items-1-gross_mass_g']", "12.8")
    page.select_option("select[name='items-1-declared_metal']", "Au")
    page.fill("input[name='items-1-declared_fineness']", "750")
    screenshot("01-register")
    page.click("button[type=submit].primary")
    page.wait_for_selector("text=registered with 2 item(s)")
    number = page.locator("h1").inner_text().split()[1]
    screenshot("02-application")

    # Technician enters fire assays from raw measurements on the worksheet; a colleague verifies.
    page.click("text=Enter results")
    items = Item.objects.filter(application__number=number).order_by("sequence")
    for item, fineness in zip(items, ("585.6", "750.3"), strict=True):
        card = page.locator(f"#item-{item.pk}")
        fill_raw(card, samples.fire_assay(Decimal(fineness)))
        expect(card.locator(".verdict-box")).to_contain_text("Conforms")
        screenshot(f"03-results-{item.sequence}")
        card.locator("button[type=submit].primary").click()
        page.wait_for_selector(f"text={item.lab_number}: result recorded")
    log_in(page, live_server, "carol")
    page.goto(f"{live_server.url}/applications/{items[0].application_id}/results/")
    for item in items:
        page.locator(f"#item-{item.pk} button:has-text('Verify')").click()
        page.wait_for_selector(f"text={item.lab_number}: result verified")
    page.goto(f"{live_server.url}/applications/{items[0].application_id}/")
    assert "Results ready" in page.locator("h1").inner_text()

    # The technician prepares the conclusion; the head of laboratory reviews, signs and issues it.
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/applications/{items[0].application_id}/")
    page.get_by_role("button", name="Prepare conclusion").click()
    page.wait_for_selector("text=Draft conclusion prepared")
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}/applications/")
    page.click(f"text={number}")
    page.get_by_role("link", name="Open").click()
    screenshot("04-draft")
    page.get_by_role("button", name="Mark as reviewed").click()
    page.wait_for_selector("text=Reviewed: the content is frozen for signing.")
    page.get_by_role("button", name="Sign", exact=True).click()
    page.wait_for_selector("text=Signed.")
    page.get_by_role("button", name="Issue", exact=True).click()
    # The PDF is made in a task; the page shows its progress, then the download.
    page.wait_for_selector("text=Download PDF")
    screenshot("05-issued")
    conclusion = Conclusion.objects.get(application__number=number, status="issued")

    # Applicant sees the application with its timeline, and downloads the bilingual PDF.
    log_in(page, live_server, "pavel")
    page.wait_for_selector(f"text={number}")
    screenshot("06-applicant-list")
    page.click(f"text={number}")
    expect(page.locator("main")).to_contain_text(f"Conclusion {conclusion.number} was issued")
    screenshot("07-applicant-timeline")
    with page.expect_download() as download_info:
        page.click("text=Download PDF")
    content = open(download_info.value.path(), "rb").read()
    text = " ".join(pdf_text(content).split())
    assert conclusion.number in text and "Сараптама қорытындысы / Заключение экспертизы" in text

    # Its QR code opens the public verification page, without logging in.
    page.context.clear_cookies()
    (qr,) = qr_payloads(content)
    page.goto(qr.replace(settings.SITE_URL.rstrip("/"), live_server.url))
    expect(page.locator("main")).to_contain_text(f"Conclusion {conclusion.number} is genuine and current.")
    screenshot("08-public-verification")

    # The control officer finds it among issued conclusions.
    log_in(page, live_server, "victor")
    page.wait_for_selector(f"text={conclusion.number}")
    screenshot("06-control-officer")


def test_language_switch(page, live_server, cast):
    log_in(page, live_server, "alice")
    page.click("button.lang[value=kk]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "kk"
    page.click("button.lang[value=ru]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
