"""The worksheet pages: saving from raw measurements, the live preview fragment, verify/invalidate buttons,
the investment-gold page, and a flat query count however many items the sheet shows."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lims.assay import samples
from lims.assay.models import InvestmentAssessment, Result, ResultStatus
from lims.core.choices import Metal
from lims.intake.models import ItemCategory
from lims.intake.services import ItemData, application_register
from lims.market.csv_import import PriceRow, RateRow
from lims.market.services import prices_import, rates_import
from tests.factories import make_application, record_verified


def prefixed(item, raw, method="iso11426", metal=""):
    data = {"item": item.pk, f"i{item.pk}-method": method, f"i{item.pk}-metal": metal}
    data.update({f"i{item.pk}-raw-{name}": value for name, value in raw.items()})
    return data


@pytest.fixture
def ring(alice, pavel_co):
    return make_application(alice, pavel_co).items.get()


def test_saving_from_the_worksheet_records_the_result_and_returns_to_the_item(client, alice, ring):
    client.force_login(alice)
    url = reverse("intake:results_enter", args=[ring.application_id])
    response = client.post(url, prefixed(ring, samples.fire_assay(Decimal("585.6"))))
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{ring.pk}")
    result = Result.objects.get(item=ring)
    assert (result.fineness, result.status, result.recorded_by) == (
        Decimal("585.6"),
        ResultStatus.ENTERED,
        alice,
    )


def test_a_bad_value_is_shown_beside_its_field_and_the_typed_values_stay(client, alice, ring):
    client.force_login(alice)
    raw = {**samples.fire_assay(Decimal("585.6")), "portion_2_cornet_mg": "14x"}
    response = client.post(reverse("intake:results_enter", args=[ring.application_id]), prefixed(ring, raw))
    body = response.content.decode()
    assert response.status_code == 200 and not Result.objects.exists()
    assert f'id="err-id_i{ring.pk}-raw-portion_2_cornet_mg">Enter a number.' in body
    assert 'value="14x"' in body and f'value="{raw["portion_1_cornet_mg"]}"' in body


def test_an_impossible_assay_is_explained_on_the_sheet(client, alice, ring):
    client.force_login(alice)
    raw = {**samples.fire_assay(Decimal("585.6")), "portion_1_cornet_mg": "251.00"}
    response = client.post(reverse("intake:results_enter", args=[ring.application_id]), prefixed(ring, raw))
    assert "A cornet cannot weigh more than its assay portion." in response.content.decode()


def test_preview_shows_the_verdict_and_saves_nothing(client, alice, ring):
    client.force_login(alice)
    raw = samples.fire_assay(Decimal("584.9"), spread_mg=Decimal("0"))
    body = client.post(reverse("assay:preview", args=[ring.pk]), prefixed(ring, raw)).content.decode()
    assert "Does not conform" in body and "583.0" in body and "Below the declared fineness" in body
    assert not Result.objects.exists()


def test_preview_flags_only_malformed_fields_while_typing(client, alice, ring):
    client.force_login(alice)
    body = client.post(
        reverse("assay:preview", args=[ring.pk]), prefixed(ring, {"portion_1_mass_mg": "2,5,0"})
    ).content.decode()
    assert f'id="err-id_i{ring.pk}-raw-portion_1_mass_mg" hx-swap-oob="true">Enter a number.' in body
    assert (
        f'id="err-id_i{ring.pk}-raw-portion_2_mass_mg" hx-swap-oob="true"></span>' in body
    )  # empty: not yet
    assert "Fill in the required fields" in body


def test_switching_method_swaps_in_its_fields(client, alice, ring):
    client.force_login(alice)
    body = client.get(reverse("assay:raw_fields", args=[ring.pk]), {f"i{ring.pk}-method": "iso11427"}).content
    assert b"concentration_mol_l" in body and b"cornet_mg" not in body


def test_verify_and_invalidate_buttons(client, alice, carol, ring):
    client.force_login(alice)
    client.post(
        reverse("intake:results_enter", args=[ring.application_id]),
        prefixed(ring, samples.fire_assay(Decimal("585.6"))),
    )
    result = Result.objects.get()
    sheet = client.get(reverse("intake:results_enter", args=[ring.application_id])).content.decode()
    assert "Awaiting verification by a colleague." in sheet and "Verify</button>" not in sheet
    client.force_login(carol)
    assert (
        "Verify</button>"
        in client.get(reverse("intake:results_enter", args=[ring.application_id])).content.decode()
    )
    client.post(reverse("assay:verify", args=[result.pk]))
    result.refresh_from_db()
    assert result.status == ResultStatus.VERIFIED
    response = client.post(reverse("assay:invalidate", args=[result.pk]), {"reason": ""}, follow=True)
    assert "Give the reason for invalidating the result." in response.content.decode()
    client.post(
        reverse("assay:invalidate", args=[result.pk]), {"reason": "Scraping taken from a solder seam"}
    )
    result.refresh_from_db()
    assert result.status == ResultStatus.INVALIDATED
    sheet = client.get(reverse("intake:results_enter", args=[ring.application_id])).content.decode()
    assert "1 invalidated result" in sheet and "Scraping taken from a solder seam" in sheet
    assert f'name="i{ring.pk}-raw-portion_1_mass_mg"' in sheet  # the entry form is back for the retest


def test_worksheet_query_count_does_not_grow_with_items(client, alice, carol, pavel_co):
    client.force_login(alice)
    small = make_application(alice, pavel_co, n_items=1)
    large = make_application(alice, pavel_co, n_items=12)
    for application in (small, large):
        for item in application.items.all()[:1]:
            record_verified(alice, item, verifier=carol)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("intake:results_enter", args=[small.pk]))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("intake:results_enter", args=[large.pk]))
    assert len(many) == len(few)


def test_batch_worksheet_lists_untested_items_across_applications(client, alice, carol, pavel_co, dave):
    first = make_application(alice, pavel_co).items.get()
    second = make_application(alice, pavel_co).items.get()
    tested = make_application(alice, pavel_co).items.get()
    record_verified(alice, tested, verifier=carol)
    foreign = make_application(dave, pavel_co).items.get()
    client.force_login(alice)
    body = client.get(reverse("assay:batch_worksheet")).content.decode()
    assert first.lab_number in body and second.lab_number in body
    assert tested.lab_number not in body and foreign.lab_number not in body


def test_coin_assessed_on_its_page(client, alice, carol, pavel_co):
    prices_import(actor=alice, rows=[PriceRow(date(2026, 2, 10), Decimal("4050.000"))])
    rates_import(actor=alice, rows=[RateRow(date(2026, 2, 10), "USD", Decimal("510.0000"))])
    coin = application_register(
        actor=alice,
        applicant=pavel_co,
        purpose="export",
        items=[ItemData(ItemCategory.COIN, "Coin", Decimal("7.780"), 1, Metal.GOLD, Decimal("999.9"))],
    ).items.get()
    client.force_login(alice)
    url = reverse("assay:investment", args=[coin.pk])
    refused = client.post(
        url, {"minted_year": "2024", "market_price_kzt": "600000", "sale_date": "2026-02-10"}
    )
    assert "verified gold result" in refused.content.decode()
    from lims.assay.forms import clean_raw
    from lims.assay.services import result_record, result_verify

    result = result_record(
        actor=alice,
        item=coin,
        method="iso15093",
        metal="Au",
        raw=clean_raw("iso15093", samples.by_difference(Decimal("999.93"))),
    )
    result_verify(actor=carol, result=result)
    client.post(url, {"minted_year": "2024", "market_price_kzt": "600 000,00", "sale_date": "2026-02-10"})
    assessment = InvestmentAssessment.objects.get(current=True)
    assert assessment.is_investment_gold
    page = client.get(url).content.decode()
    assert (
        "Investment gold" in page
        and "Market price not above the gold-content value by more than 80 %" in page
    )


def test_the_chosen_instrument_is_kept_when_the_sheet_comes_back_with_an_error(client, alice, ring, dave):
    """The instrument select is written by hand (docs/BENCHMARKS.md, L4): it offers the laboratory's
    instruments in service and keeps the one chosen."""
    from instruments.models import Instrument

    ours = Instrument.objects.create(
        organization=alice.organization, name="Balance", type="balance", serial_number="B1"
    )
    Instrument.objects.create(
        organization=dave.organization, name="Theirs", type="balance", serial_number="B2"
    )
    client.force_login(alice)
    url = reverse("intake:results_enter", args=[ring.application_id])
    body = client.get(url).content.decode()
    assert f'<option value="{ours.pk}">{ours}</option>' in body and "Theirs" not in body

    raw = {**samples.fire_assay(Decimal("585.6")), "portion_2_cornet_mg": "14x"}
    body = client.post(url, {**prefixed(ring, raw), f"i{ring.pk}-instrument": ours.pk}).content.decode()
    assert f'<option value="{ours.pk}" selected>' in body and '<option value="" selected>' not in body
