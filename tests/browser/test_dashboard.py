"""The dashboard in headless Chromium: the head of laboratory sees the numbers and the applications at risk,
clicks the bar of late conclusions and lands on the application behind it; the table view links alike."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_walkthrough import log_in
from tests.dashboard.conftest import known  # noqa: F401  (the hand-counted data set, a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_opens_the_dashboard_and_drills_down_from_a_bar(page, live_server, screenshot, known):  # noqa: F811
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("[data-kpi=issued]")).to_have_text("2")
    expect(page.locator("[data-kpi=on_time_rate]")).to_have_text("50.0 %")
    # Every open application of the known set is overdue by now; all four are listed at risk.
    expect(page.locator("table.at-risk tbody tr")).to_have_count(4)
    chart = page.locator("#chart-turnaround")
    expect(chart.locator("g.trace.bars")).to_have_count(2)
    screenshot("dashboard")
    # The late trace's one visible bar: six working days (application B).
    chart.scroll_into_view_if_needed()
    late_bars = chart.locator("g.trace.bars").nth(1).locator("path")
    box = next(
        box
        for box in (late_bars.nth(i).bounding_box() for i in range(late_bars.count()))
        if box and box["height"] > 3  # zero bars are a 2 px outline
    )
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(re.compile(r"chart=turnaround&bar=6"))
    expect(page.locator("table.drill tbody tr")).to_have_count(1)
    expect(page.locator("table.drill")).to_contain_text(known["B"].number)
    expect(page.locator("table.drill")).to_contain_text("late")
    screenshot("dashboard-drill")
    # The table view under the due-date chart links to the same drill-down.
    page.go_back()
    page.locator("#card-backlog_due summary").click()
    page.locator("#card-backlog_due table.chart-table a", has_text="Overdue").click()
    expect(page.locator("table.drill tbody tr")).to_have_count(4)
