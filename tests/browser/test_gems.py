"""Identifying stones in headless Chromium: a ruby from its measurements to a precious-stone decision with
evidence, and a refused decision that asks for the missing evidence."""

import pytest
from playwright.sync_api import expect

from lims.gems.models import Stone
from lims.intake.services import application_register
from tests.browser.test_walkthrough import log_in
from tests.factories import stone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_technician_identifies_a_ruby(page, live_server, screenshot, cast, pavel_co, tmp_path):
    application = application_register(
        actor=cast["alice"], applicant=pavel_co, purpose="import", items=[stone("Red oval stone")]
    )
    item = application.items.get()
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    page.get_by_role("link", name="Stones").click()
    page.get_by_role("link", name="Add a stone").click()
    page.get_by_label("Mass, g").fill("0,4000")
    page.get_by_label("Colour", exact=True).fill("red")
    page.get_by_label("RI, lowest reading").fill("1.762")
    page.get_by_label("RI, highest reading").fill("1.770")
    page.get_by_label("Optic character").select_option("uniaxial-")
    page.get_by_label("Weight in air, g").fill("0.4000")
    page.get_by_label("Weight in water, g").fill("0.3000")
    page.get_by_role("button", name="Record the stone").click()

    # The engine ranks corundum first; carats and SG are derived.
    expect(page.locator("#candidates tr.best")).to_contain_text("corundum")
    expect(page.locator("main")).to_contain_text("2.00 ct")
    expect(page.locator("main")).to_contain_text("SG 4.00")
    # "Natural" without evidence is refused, with the reason.
    decision = page.locator("#decision")
    decision.get_by_label("Status").select_option("natural")
    decision.get_by_label("Variety").select_option("ruby")
    decision.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#decision-problems")).to_contain_text("needs a recorded evidence item")
    # Evidence: a photomicrograph of the silk.
    photo = tmp_path / "silk.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 photomicrograph")
    page.locator("select[name='kind']").select_option("inclusions")
    page.locator("input[name='file']").set_input_files(str(photo))
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("link", name="silk.jpg")).to_be_visible()
    decision = page.locator("#decision")
    decision.get_by_label("Status").select_option("natural")
    decision.get_by_label("Variety").select_option("ruby")
    decision.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#decision-summary")).to_contain_text("Precious stone under the Law")
    screenshot("gems-ruby-decided")
    ruby = Stone.objects.get(item=item)
    assert (ruby.species, ruby.variety, ruby.is_precious) == ("corundum", "ruby", True)
