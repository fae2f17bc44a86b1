"""Hallmarks in headless Chromium: a ring's marks checked against the registries, the conforming ring
hallmarked, and anyone verifying the article by its ID without logging in."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from lims.core.choices import ExpertiseKind, Metal
from lims.hallmarks.models import AssayMark, HallmarkedArticle
from lims.hallmarks.services import name_mark_register
from lims.intake.identifiers import complete
from lims.intake.models import ApplicantKind
from tests.browser.test_walkthrough import log_in
from tests.factories import make_tested_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ring_marks_checked_hallmarked_and_verified_by_anyone(
    page, live_server, screenshot, cast, alm, pavel_co
):
    alm.scope = [*alm.scope, ExpertiseKind.HALLMARK_VERIFICATION]
    alm.save(update_fields=["scope"])
    AssayMark.objects.create(
        office_code="KZA", metal=Metal.GOLD, fineness=Decimal("585"), valid_from=date(2016, 1, 1)
    )
    name_mark_register(
        actor=cast["bob"],
        producer_kind=ApplicantKind.LEGAL_ENTITY,
        producer_name="Zerger Workshop LLP",
        producer_identifier=complete("15044000123"),
        code="ZRG",
        email="marks@zerger.example.kz",
        registered_on=date(2024, 5, 1),
    )
    application = make_tested_application(cast["alice"], pavel_co)  # a 585 ring measured 585.4, verified
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/applications/{application.pk}/")

    # The marks on the ring: 585 from office KZA and the maker's ZRG, both registered.
    page.get_by_role("link", name="Hallmark check").click()
    page.get_by_label("Fineness figure seen, ‰").fill("585")
    page.get_by_label("Assay-office code seen").fill("kza")
    page.get_by_label("Name-mark code seen").fill("ZRG")
    page.get_by_role("button", name="Record check").click()
    expect(page.locator("main")).to_contain_text("Authentic")
    screenshot("hallmarks-check-authentic")
    # A second look: the stamped figure 750 is above the measured 585.4.
    page.get_by_label("Fineness figure seen, ‰").fill("750")
    page.get_by_label("Assay-office code seen").fill("KZA")
    page.get_by_label("Name-mark code seen").fill("ZRG")
    page.get_by_role("button", name="Record check").click()
    expect(page.locator("main")).to_contain_text("Counterfeit")

    # Hallmarking the conforming ring gives it a public verification ID.
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    page.get_by_role("link", name="Hallmarking").click()
    page.locator("input[name='items']").first.check()
    page.get_by_label("Assay mark").select_option(label="Gold 585 · KZA")
    page.get_by_role("button", name="Record hallmarking").click()
    expect(page).to_have_url(re.compile(r"/articles/$"))
    article = HallmarkedArticle.objects.get()
    code = article.verification_id
    expect(page.locator("main")).to_contain_text(code[:4])
    screenshot("hallmarks-articles")

    # Anyone, not logged in, checks the ID (any case, no dash).
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/hallmarks/verify/")
    page.locator("input[name='code']").fill(code.replace("-", "").lower())
    page.get_by_role("button", name="Verify").click()
    main = page.locator("main")
    expect(main).to_contain_text("585")
    expect(main).to_contain_text(alm.name)
    expect(main).not_to_contain_text(pavel_co.name)
    screenshot("hallmarks-public-verify")
