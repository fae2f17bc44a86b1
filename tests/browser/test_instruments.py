"""Instruments in headless Chromium: a technician uploads the XRF export of a hallmarking batch, follows
the import to its report and finds the draft results on the worksheet; the head of laboratory sees the
balance whose calibration has expired refused."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from instruments.models import InstrumentType
from instruments.samples import xrf_csv
from lims.assay.models import ResultStatus
from lims.intake.models import Purpose
from tests.browser.test_walkthrough import log_in
from tests.factories import make_application
from tests.instruments.conftest import calibrate, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_technician_uploads_an_xrf_export_and_finds_draft_results_on_the_worksheet(
    page, live_server, screenshot, cast, pavel_co, tmp_path
):
    bob, alice = cast["bob"], cast["alice"]
    xrf = register(bob, InstrumentType.XRF, serial="250-00417", name="XRF-1")
    balance = register(
        bob, InstrumentType.ANALYTICAL_BALANCE, serial="B1", name="Old balance", valid_days=None
    )
    calibrate(bob, balance, performed_days_ago=400, valid_days=365)
    batch = make_application(alice, pavel_co, 30, purpose=Purpose.DOMESTIC_HALLMARKING)
    items = list(batch.items.order_by("sequence"))
    export = tmp_path / "xrf-batch.csv"
    rows = [(item.lab_number, "Au", Decimal("585")) for item in items[:-1]] + [
        ("ALM-1999-000001", "Au", Decimal("585"))
    ]
    export.write_bytes(xrf_csv(rows, serial="250-00417"))

    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/instruments/")
    expect(page.locator("tr", has_text="Old balance")).to_contain_text("expired on")
    page.get_by_role("link", name="Result files").click()
    page.get_by_role("link", name="Upload a result file").click()
    page.select_option("select[name=instrument]", str(xrf.pk))
    page.set_input_files("input[name=file]", str(export))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("h1")).to_contain_text("xrf-batch.csv")
    expect(page.locator(".facts")).to_contain_text("29 draft results")
    rejected = page.locator("tr.o-rejected")
    expect(rejected).to_have_count(2)
    expect(rejected.first).to_contain_text("No item of this laboratory has the lab number or barcode")
    screenshot("instruments-import-report")

    page.get_by_role("link", name=f"Worksheet {batch.number}").click()
    first = page.locator(f"#item-{items[0].pk}")
    expect(first).to_contain_text("XRF screening")
    expect(first).to_contain_text("from the instrument file")
    expect(first).to_contain_text("Awaiting verification by a colleague")
    screenshot("instruments-worksheet-draft-results")
    assert items[0].results.get().status == ResultStatus.ENTERED
    assert not items[-1].results.exists()
