"""State control in headless Chromium: a control officer takes a jewelry import from its documents to the
act that releases it for customs declaration (R5, R6, R11), and the applicant sees the result."""

import re

import pytest
from playwright.sync_api import expect

from lims.control.models import CaseStatus, ControlCase
from lims.intake.models import Purpose
from tests.browser.test_walkthrough import log_in
from tests.factories import PDF_BYTES, issue, make_tested_application
from tests.pdf_text import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES}


def test_officer_takes_a_jewelry_import_from_documents_to_release(
    page, live_server, screenshot, cast, pavel_co
):
    conclusion = issue(make_tested_application(cast["alice"], pavel_co, 3, purpose=Purpose.IMPORT))
    log_in(page, live_server, "victor")

    page.get_by_role("link", name="State control").click()
    page.get_by_role("link", name="Open a case").click()
    page.locator("[name=applicant]").fill(pavel_co.identifier)
    page.locator("[name=direction]").select_option("import")
    page.locator("[name=category]").select_option("jewelry")
    page.locator("[name=hs_code]").fill("711319")
    page.locator("[name=partner_country]").select_option("IT")
    page.locator("[name=description]").fill("Gold rings 750")
    page.locator("[name=quantity]").fill("3")
    page.locator("[name=unit]").select_option("pcs")
    page.locator("[name=value]").fill("18400")
    page.get_by_role("button", name="Open the case").click()
    expect(page.locator("h1")).to_contain_text("SC-")
    checklist = page.locator(".checklist")
    expect(checklist).to_contain_text(
        "The foreign-trade contract, or another document proving the parties' intent"
    )
    expect(checklist).to_contain_text("holds no document of special registration")

    # The contract is in Italian: the checklist asks for the applicant's certified translation.
    documents = page.locator("form[action$='/documents/']")
    page.get_by_text("Add a document").click()
    documents.locator("[name=kind]").select_option("contract")
    documents.locator("[name=file]").set_input_files(_file("contratto-117.pdf"))
    documents.locator("[name=language]").select_option("other")
    documents.get_by_role("button", name="Keep the document").click()
    expect(page.locator(".messages")).to_contain_text("Document kept.")
    expect(checklist).to_contain_text("attach its translation certified by the applicant")

    page.get_by_text("Add a document").click()
    documents.locator("[name=kind]").select_option("translation")
    documents.locator("[name=file]").set_input_files(_file("translation-117.pdf"))
    documents.locator("[name=language]").select_option("ru")
    documents.get_by_label("Position of the certifying person").fill("Director")
    documents.get_by_label("Certified on").fill("2026-11-02")
    documents.get_by_label("Signed").check()
    documents.get_by_label("Sealed").check()
    documents.get_by_role("button", name="Keep the document").click()
    expect(page.locator(".messages")).to_contain_text("Document kept.")

    attach = page.locator("form.attach-conclusion")
    attach.locator("input[name=number]").fill("ALM-2099-C99999")
    attach.get_by_role("button").click()
    expect(attach).to_contain_text("No issued conclusion has the number ALM-2099-C99999.")
    attach.locator("input[name=number]").fill(conclusion.number)
    attach.get_by_role("button").click()
    expect(page.locator(".messages")).to_contain_text("Conclusion attached.")

    page.get_by_text("Record the document of special registration").click()
    registration = page.locator("form[action$='/registration/']")
    registration.get_by_label("Registration number").fill("SR-2026-0117")
    registration.get_by_label("Issued on").fill("2025-03-01")
    registration.get_by_role("button", name="Record").click()
    expect(page.locator(".messages")).to_contain_text("Special registration recorded.")
    expect(page.locator(".checklist li.bad")).to_have_count(0)
    screenshot("control-import-documents-complete")

    page.get_by_role("button", name="Documents complete: receive them").click()
    expect(page.locator(".messages")).to_contain_text("the act is due within one working day")
    expect(page.locator("h1")).to_contain_text("Documents received")
    page.get_by_role("button", name="Issue the state control act").click()
    expect(page.locator(".messages")).to_contain_text("the lot is released for customs declaration")
    act_link = page.get_by_role("link", name="State control act (PDF)")
    expect(act_link).to_be_visible()
    with page.expect_download() as download:
        act_link.click()
    case = ControlCase.objects.get()
    assert case.status == CaseStatus.RELEASED
    text = pdf_text(open(download.value.path(), "rb").read())
    assert case.act_number in text and conclusion.number in text
    screenshot("control-import-released")

    # The applicant follows the case and sees the act.
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, "pavel")
    page.get_by_role("link", name="State control").click()
    expect(page.locator("table.list")).to_contain_text(case.number)
    page.get_by_role("link", name=case.number).click()
    expect(page.locator(".msg.success")).to_contain_text(re.compile(rf"{case.act_number}.*released"))
    expect(page.get_by_role("button", name="Issue the state control act")).to_have_count(0)
