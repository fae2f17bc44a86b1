"""Storing prices and rates (bulk upsert, audited) and reading them for the investment-gold classifier."""

import hashlib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import IntegrityError

from lims.assay.investment import Coin, MissingMarketData, classify_coin
from lims.core.models import AuditEvent
from lims.market.csv_import import PriceRow, RateRow
from lims.market.models import ExchangeRate, GoldPrice, MarketDataUpload
from lims.market.services import (
    GoldValueInputs,
    ImportCounts,
    gold_value_inputs,
    market_data_on,
    market_data_upload,
    market_record_delete,
    market_record_save,
    prices_import,
    rates_import,
)

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "market"
JAN5, JAN6, JAN7 = date(2026, 1, 5), date(2026, 1, 6), date(2026, 1, 7)


def prices():
    return {price.date: price.usd_per_troy_ounce for price in GoldPrice.objects.all()}


def test_prices_import_inserts_then_upserts(sam):
    first = prices_import(
        actor=sam, rows=[PriceRow(JAN5, Decimal("2650.100")), PriceRow(JAN6, Decimal("2651.000"))]
    )
    assert first == ImportCounts(created=2, updated=0, unchanged=0)
    second = prices_import(
        actor=sam,
        rows=[
            PriceRow(JAN5, Decimal("2650.100")),
            PriceRow(JAN6, Decimal("2655.500")),
            PriceRow(JAN7, Decimal("2660.000")),
        ],
    )
    assert second == ImportCounts(created=1, updated=1, unchanged=1)
    assert prices() == {JAN5: Decimal("2650.100"), JAN6: Decimal("2655.500"), JAN7: Decimal("2660.000")}
    assert set(GoldPrice.objects.values_list("created_by", flat=True)) == {sam.pk}
    assert GoldPrice.objects.get(date=JAN5).source == "LBMA Gold Price AM"


def test_each_import_writes_one_summary_audit_event_with_before_and_after(sam):
    prices_import(actor=sam, rows=[PriceRow(JAN5, Decimal("2650.100"))])
    prices_import(actor=sam, rows=[PriceRow(JAN5, Decimal("2649.000")), PriceRow(JAN6, Decimal("2651"))])
    events = list(AuditEvent.objects.filter(action="market.prices_import"))
    assert len(events) == 2
    last = events[-1]
    assert last.actor == sam and last.object_type == "market.GoldPrice"
    assert last.before == {"values": {"2026-01-05": "2650.100"}}
    assert last.after == {
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "upload": None,
        "values": {"2026-01-05": "2649.000", "2026-01-06": "2651"},
    }


def test_rates_import_keys_on_currency_and_date(sam):
    rates_import(
        actor=sam, rows=[RateRow(JAN5, "USD", Decimal("512.35")), RateRow(JAN5, "EUR", Decimal("560"))]
    )
    counts = rates_import(
        actor=sam, rows=[RateRow(JAN5, "USD", Decimal("512.35")), RateRow(JAN5, "EUR", Decimal("561.2"))]
    )
    assert counts == ImportCounts(created=0, updated=1, unchanged=1)
    assert ExchangeRate.objects.get(currency="EUR", date=JAN5).kzt_per_unit == Decimal("561.2000")
    event = AuditEvent.objects.filter(action="market.rates_import").last()
    assert event.before == {"values": {"EUR 2026-01-05": "560.0000"}}
    assert ExchangeRate.objects.get(currency="USD").source == "National Bank of Kazakhstan"


def test_import_is_all_or_nothing(sam):
    rows = [PriceRow(JAN5, Decimal("2650")), PriceRow(JAN6, Decimal("-1"))]  # not through the parser
    with pytest.raises(IntegrityError):
        prices_import(actor=sam, rows=rows)
    assert not GoldPrice.objects.exists() and not AuditEvent.objects.exists()


def test_rows_naming_a_date_twice_are_refused(sam):
    with pytest.raises(ValueError, match="once"):
        prices_import(actor=sam, rows=[PriceRow(JAN5, Decimal("1")), PriceRow(JAN5, Decimal("2"))])


def test_nothing_to_import_records_nothing(sam):
    assert prices_import(actor=sam, rows=[]) == ImportCounts()
    assert not AuditEvent.objects.exists()


def test_upload_keeps_the_file_and_reports_every_rejected_line(sam):
    content = b"date,usd_per_troy_ounce\n2026-01-05,2650.10\n2026-01-06,-3\nbad,1\n"
    upload = market_data_upload(actor=sam, kind="prices", file_name="../../jan.csv", content=content)
    upload.refresh_from_db()
    assert upload.file_name == "jan.csv" and upload.uploaded_by == sam
    assert upload.sha256 == hashlib.sha256(content).hexdigest()
    with upload.file.open("rb") as stored:
        assert stored.read() == content
    assert upload.summary == {
        "accepted": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": [
            {"line": 3, "reason": "usd_per_troy_ounce must be greater than zero, got -3"},
            {"line": 4, "reason": "date bad is not in the form YYYY-MM-DD"},
        ],
    }
    assert prices() == {JAN5: Decimal("2650.100")}
    (event,) = AuditEvent.objects.all()
    assert (event.action, event.object_type, event.object_id) == (
        "market.prices_import",
        "market.MarketDataUpload",
        str(upload.pk),
    )
    assert event.after["upload"] == upload.pk


def test_an_upload_with_nothing_accepted_is_kept_and_audited(sam):
    upload = market_data_upload(actor=sam, kind="rates", file_name="rates.csv", content=b"\xff\xfe")
    assert upload.summary["accepted"] == 0 and upload.rejected[0]["line"] == 0
    assert MarketDataUpload.objects.count() == 1
    assert AuditEvent.objects.get().object_id == str(upload.pk)


def test_sample_files_import(sam):
    for kind, name in [("prices", "sample_lbma_gold_am.csv"), ("rates", "sample_kzt_usd.csv")]:
        upload = market_data_upload(
            actor=sam, kind=kind, file_name=name, content=(SAMPLES / name).read_bytes()
        )
        assert upload.rejected == []
    assert (GoldPrice.objects.count(), ExchangeRate.objects.count()) == (31, 44)


def test_a_record_saved_or_deleted_by_hand_is_audited(sam):
    price = market_record_save(actor=sam, record=GoldPrice(date=JAN5, usd_per_troy_ounce=Decimal("2650.1")))
    assert price.created_by == sam
    price.usd_per_troy_ounce = Decimal("2651.2")
    market_record_save(actor=sam, record=price)
    market_record_delete(actor=sam, record=price)
    save, change, delete = AuditEvent.objects.all()
    assert save.before is None and save.after["usd_per_troy_ounce"] == "2650.1"
    assert (
        change.before["usd_per_troy_ounce"] == "2650.100" and change.after["usd_per_troy_ounce"] == "2651.2"
    )
    assert delete.action == "market.record_delete" and delete.object_id == save.object_id
    assert not GoldPrice.objects.exists()


def test_check_constraints_refuse_non_positive_values(db):
    with pytest.raises(IntegrityError):
        GoldPrice.objects.create(date=JAN5, usd_per_troy_ounce=Decimal("0"))


def test_market_data_on_reads_exactly_that_date(sam):
    prices_import(actor=sam, rows=[PriceRow(JAN5, Decimal("2650.100"))])
    rates_import(
        actor=sam, rows=[RateRow(JAN5, "USD", Decimal("512.35")), RateRow(JAN6, "EUR", Decimal("560"))]
    )
    assert market_data_on(JAN5) == (Decimal("2650.100"), Decimal("512.3500"))
    assert market_data_on(JAN6) == (None, None)  # nothing carried forward from 5 January
    assert market_data_on(JAN6, currency="EUR") == (None, Decimal("560.0000"))
    with pytest.raises(TypeError):
        market_data_on(datetime(2026, 1, 5, 12))  # noqa: DTZ001


def test_gold_value_inputs_feed_the_classifier(sam):
    prices_import(actor=sam, rows=[PriceRow(JAN5, Decimal("2650.000"))])
    rates_import(actor=sam, rows=[RateRow(JAN5, "USD", Decimal("500"))])
    inputs = gold_value_inputs(JAN5)
    assert inputs == GoldValueInputs(Decimal("2650.000"), Decimal("500.0000"))
    coin = Coin(
        fineness=Decimal("999.9"),
        fine_gold_g=Decimal("31.1034768"),
        minted_year=2024,
        proof_quality=False,
        mintage=None,
        market_price_kzt=Decimal("1400000"),
    )
    assert classify_coin(coin, **inputs._asdict()).is_investment_gold


@pytest.mark.parametrize(
    ("stored", "message"),
    [
        ("rate", "No LBMA Gold Price AM is stored for 2026-01-05."),
        ("price", "No KZT/USD exchange rate is stored for 2026-01-05."),
        (
            "",
            "No LBMA Gold Price AM is stored for 2026-01-05. "
            "No KZT/USD exchange rate is stored for 2026-01-05.",
        ),
    ],
)
def test_gold_value_inputs_name_what_is_missing_and_the_date(sam, stored, message):
    if stored == "price":
        prices_import(actor=sam, rows=[PriceRow(JAN5, Decimal("2650"))])
    if stored == "rate":
        rates_import(actor=sam, rows=[RateRow(JAN5, "USD", Decimal("512"))])
    rates_import(actor=sam, rows=[RateRow(JAN5, "EUR", Decimal("560"))])  # another currency does not count
    with pytest.raises(MissingMarketData) as raised:
        gold_value_inputs(JAN5)
    assert str(raised.value) == message
