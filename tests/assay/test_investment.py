"""Investment gold (Law art.1 p.15): every criterion on both sides of its threshold. Pure."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from lims.assay.investment import (
    Bar,
    BarKind,
    Coin,
    MissingMarketData,
    classify_bar,
    classify_coin,
    gold_content_value_kzt,
)

ONE_OZ = D("31.1034768")
MARKET = {"lbma_am_usd_per_oz": D("2000.00"), "kzt_per_usd": D("500.00")}  # gold value: 1 000 000.00 KZT
BULLION = Coin(
    fineness=D("999.9"),
    fine_gold_g=ONE_OZ,
    minted_year=2024,
    proof_quality=False,
    mintage=None,
    market_price_kzt=D("1050000.00"),
)


def test_gold_content_value():
    assert gold_content_value_kzt(ONE_OZ, **MARKET) == D("1000000.00")


def test_bullion_coin_is_investment_gold():
    result = classify_coin(BULLION, **MARKET)
    assert result.is_investment_gold and result.failed() == []


@pytest.mark.parametrize(
    ("change", "passes", "code"),
    [
        ({"fineness": D("900.0")}, True, "coin_fineness_at_least_900"),
        ({"fineness": D("899.9")}, False, "coin_fineness_at_least_900"),
        ({"minted_year": 1800}, True, "minted_in_or_after_1800"),
        ({"minted_year": 1799}, False, "minted_in_or_after_1800"),
        ({"proof_quality": True}, False, "not_proof_quality"),
        ({"mintage": 1001}, True, "mintage_over_1000"),
        ({"mintage": 1000}, False, "mintage_over_1000"),
        ({"market_price_kzt": D("1800000.00")}, True, "price_within_180_percent_of_gold_value"),
        ({"market_price_kzt": D("1800000.01")}, False, "price_within_180_percent_of_gold_value"),
    ],
)
def test_each_coin_criterion_on_both_sides_of_its_threshold(change, passes, code):
    result = classify_coin(replace(BULLION, **change), **MARKET)
    assert result.is_investment_gold is passes
    reason = next(r for r in result.reasons if r.code == code)
    assert reason.passed is passes
    assert result.failed() == ([] if passes else [code])


@pytest.mark.parametrize("missing", ["lbma_am_usd_per_oz", "kzt_per_usd"])
def test_missing_price_or_rate_is_an_error_never_zero(missing):
    with pytest.raises(MissingMarketData):
        classify_coin(BULLION, **{**MARKET, missing: None})


STANDARD_BAR = Bar(
    fineness=D("999.9"),
    refined=True,
    kind=BarKind.STANDARD,
    made_to_standard=True,
    markings=frozenset({"serial_number", "producer_trademark", "purity", "year"}),
)


def test_standard_bar_is_investment_gold():
    assert classify_bar(STANDARD_BAR).is_investment_gold


@pytest.mark.parametrize(("fineness", "passes"), [(D("995.0"), True), (D("994.9"), False)])
def test_bar_fineness_threshold(fineness, passes):
    assert classify_bar(replace(STANDARD_BAR, fineness=fineness)).is_investment_gold is passes


def test_unrefined_or_non_standard_bars_are_not_investment_gold():
    assert classify_bar(replace(STANDARD_BAR, refined=False)).failed() == ["refined_gold"]
    assert classify_bar(replace(STANDARD_BAR, made_to_standard=False)).failed() == ["made_to_a_standard"]


def test_standard_bar_year_may_be_in_the_serial_number():
    no_year = replace(STANDARD_BAR, markings=frozenset({"serial_number", "producer_trademark", "purity"}))
    assert classify_bar(no_year).failed() == ["required_markings_present"]
    assert classify_bar(replace(no_year, serial_contains_year=True)).is_investment_gold


def test_measured_bar_needs_metal_name_trademark_purity_and_mass():
    measured = Bar(
        fineness=D("999.9"),
        refined=True,
        kind=BarKind.MEASURED,
        made_to_standard=True,
        markings=frozenset({"metal_name", "producer_trademark", "purity"}),
    )
    result = classify_bar(measured)
    assert not result.is_investment_gold
    assert next(r for r in result.reasons if r.code == "required_markings_present").detail == {
        "missing": ["mass"]
    }
    assert classify_bar(replace(measured, markings=measured.markings | {"mass"})).is_investment_gold
