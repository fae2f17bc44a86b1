"""The fineness worksheet in headless Chromium: a fire assay typed in shows its verdict live, a malformed
value is flagged beside its field, switching method swaps the fields, and a colleague verifies."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from lims.assay import samples
from lims.assay.models import Result, ResultStatus
from lims.core.choices import Metal
from lims.intake.models import ItemCategory
from lims.intake.services import ItemData, application_register
from tests.browser.test_walkthrough import log_in
from tests.browser.worksheet import fill_raw

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_fire_assay_verdict_as_you_type_then_verified_by_a_colleague(
    page, live_server, screenshot, cast, pavel_co
):
    application = application_register(
        actor=cast["alice"],
        applicant=pavel_co,
        purpose="export",
        items=[
            ItemData(ItemCategory.JEWELRY, "Gold ring", Decimal("3.250"), 1, Metal.GOLD, Decimal("585")),
            ItemData(ItemCategory.BAR, "Gold bar 50 g", Decimal("50.010"), 1, Metal.GOLD, Decimal("999.9")),
            ItemData(
                ItemCategory.JEWELRY, "Silver spoon", Decimal("38.400"), 1, Metal.SILVER, Decimal("925")
            ),
        ],
    )
    ring, bar, spoon = application.items.order_by("sequence")
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/applications/{application.pk}/results/")
    card = page.locator(f"#item-{ring.pk}")

    # Below the declared 585: the live verdict says so and names the next lower standard.
    fill_raw(card, samples.fire_assay(Decimal("584.9"), spread_mg=Decimal("0")))
    verdict = card.locator(".verdict-box")
    expect(verdict).to_contain_text("Does not conform")
    expect(verdict).to_contain_text("583")
    # A malformed value is flagged beside its own field, and the verdict waits.
    card.locator("input[name$='-raw-portion_2_cornet_mg']").fill("146,2x")
    expect(
        card.locator("[id$='raw-portion_2_cornet_mg']+.error, span.error[id$='portion_2_cornet_mg']")
    ).to_contain_text("Enter a number")
    # Corrected to a conforming assay.
    fill_raw(card, samples.fire_assay(Decimal("585.6")))
    expect(verdict).to_contain_text("Conforms")
    expect(verdict).to_contain_text("585.6 ‰")
    screenshot("worksheet-01-fire-assay-live")
    card.locator("button[type=submit].primary").click()
    page.wait_for_selector(f"text={ring.lab_number}: result recorded")
    expect(page.locator(f"#item-{ring.pk}")).to_contain_text("Awaiting verification by a colleague")

    # The bar: switching to the by-difference method swaps in its fields.
    bar_card = page.locator(f"#item-{bar.pk}")
    bar_card.locator("select[name$='-method']").select_option("iso15093")
    bar_card.locator("input[name$='-raw-portion_1_impurities']").wait_for()
    fill_raw(bar_card, samples.by_difference(Decimal("999.94")))
    expect(bar_card.locator(".verdict-box")).to_contain_text("999.9 ‰")
    screenshot("worksheet-02-bar-by-difference")

    # The spoon: silver by KBr titration is proposed for its declared metal.
    spoon_card = page.locator(f"#item-{spoon.pk}")
    fill_raw(spoon_card, samples.silver_titration(Decimal("925.4")))
    expect(spoon_card.locator(".verdict-box")).to_contain_text("Ag 925.4 ‰")
    expect(spoon_card.locator(".verdict-box")).to_contain_text("Conforms")

    # A colleague verifies the ring.
    log_in(page, live_server, "carol")
    page.goto(f"{live_server.url}/applications/{application.pk}/results/")
    page.locator(f"#item-{ring.pk} button:has-text('Verify')").click()
    page.wait_for_selector(f"text={ring.lab_number}: result verified")
    screenshot("worksheet-03-verified")
    result = Result.objects.get(item=ring)
    assert (result.status, result.verified_by.username, result.fineness) == (
        ResultStatus.VERIFIED,
        "carol",
        Decimal("585.6"),
    )
