"""Results from raw measurements through the services: verdicts, verification by a second person, retests,
investment gold. The four articles of issue #3's "done when" are worked here end to end."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from instruments.models import Instrument
from lims.assay import samples
from lims.assay.forms import clean_raw
from lims.assay.models import AssayPolicy, CoinOrBar, Method, MethodSetting, Result, ResultStatus
from lims.assay.services import (
    BarData,
    CoinData,
    investment_assess,
    result_invalidate,
    result_record,
    result_verify,
)
from lims.core.choices import Metal
from lims.core.models import AuditEvent
from lims.intake.models import ApplicationStatus, ItemCategory, ItemStatus
from lims.intake.services import ItemData, application_register
from lims.market.csv_import import PriceRow, RateRow
from lims.market.services import prices_import, rates_import


def record(actor, item, method=Method.FIRE_ASSAY, raw=None, **kwargs):
    raw = raw if raw is not None else samples.fire_assay(Decimal("585.4"))
    return result_record(actor=actor, item=item, method=method, raw=clean_raw(method, raw), **kwargs)


def one_item(
    alice,
    applicant,
    category=ItemCategory.JEWELRY,
    declared_metal=Metal.GOLD,
    declared_fineness=Decimal("585"),
    gross_mass_g=Decimal("3.250"),
):
    item = ItemData(category, "Article", gross_mass_g, 1, declared_metal, declared_fineness)
    return application_register(actor=alice, applicant=applicant, purpose="export", items=[item]).items.get()


def test_585_ring_fire_assay_with_proof_correction_conforms(alice, carol, pavel_co):
    item = one_item(alice, pavel_co)
    raw = {
        "portion_1_mass_mg": "250.12",
        "portion_1_cornet_mg": "146.48",
        "portion_2_mass_mg": "249.87",
        "portion_2_cornet_mg": "146.35",
        "proof_1_gold_mg": "150.00",
        "proof_1_cornet_mg": "150.06",
        "proof_2_gold_mg": "150.02",
        "proof_2_cornet_mg": "150.06",
    }
    result = record(alice, item, raw=raw)
    # Δ = ((150.06−150.00) + (150.06−150.02)) / 2 = 0.05 mg
    # #1 (146.48−0.05)/250.12×1000 = 585.43898…; #2 (146.35−0.05)/249.87×1000 = 585.50446…
    assert result.correction_mg == Decimal("0.0500")
    assert result.replicate_values == ["585.4390", "585.5045"]
    assert result.fineness == Decimal("585.5")  # mean 585.47172… reported half-even to 0.1
    assert (result.conforms, result.assignable_standard, result.reasons) == (
        True,
        Decimal("585.0"),
        ["meets_declared"],
    )
    assert result.status == ResultStatus.ENTERED and not result.repeat_required


def test_a_result_carries_its_items_organization_application_and_applicant(alice, ast, pavel_co, quinn_co):
    """Copied when recorded, and by the migration for results recorded before the columns existed."""
    import importlib

    from django.apps import apps

    item = one_item(alice, pavel_co)
    result = record(alice, item)
    owner = (item.organization_id, item.application_id, pavel_co.pk)
    assert (result.organization_id, result.application_id, result.applicant_id) == owner

    other = one_item(alice, quinn_co)
    Result.objects.filter(pk=result.pk).update(
        organization=ast, application=other.application, applicant=quinn_co
    )
    migration = importlib.import_module("lims.assay.migrations.0006_result_organization_application")
    migration.copy_from_items(apps, None)
    result.refresh_from_db()
    assert (result.organization_id, result.application_id, result.applicant_id) == owner


def test_925_spoon_silver_titration(alice, pavel_co):
    item = one_item(alice, pavel_co, declared_metal=Metal.SILVER, declared_fineness=Decimal("925"))
    raw = {
        "concentration_mol_l": "0.1",
        "titer_factor": "0.998",
        "portion_1_mass_g": "0.5002",
        "portion_1_titrant_ml": "43.010",
        "portion_2_mass_g": "0.4998",
        "portion_2_titrant_ml": "42.980",
    }
    result = record(alice, item, method=Method.SILVER_TITRATION, raw=raw)
    # m_Ag = 43.010/1000 × 0.1 × 0.998 × 107.8682 = 0.463018… g → 925.6562… ‰ of 0.5002 g
    assert result.metal == Metal.SILVER
    assert result.replicate_values == ["925.6562", "925.7509"]
    assert (result.fineness, result.conforms, result.assignable_standard) == (
        Decimal("925.7"),
        True,
        Decimal("925.0"),
    )


def test_999_9_bar_by_difference(alice, pavel_co):
    item = one_item(
        alice,
        pavel_co,
        category=ItemCategory.BAR,
        declared_metal=Metal.GOLD,
        declared_fineness=Decimal("999.9"),
    )
    raw = {
        "portion_1_impurities": "Ag=31; Cu=12.5; Fe=4; Pd=2",
        "portion_2_impurities": "Ag=29; Cu=13; Fe=4.5",
    }
    result = record(alice, item, method=Method.ICP_BY_DIFFERENCE, raw=raw, metal=Metal.GOLD)
    # 1000 − 49.5 mg/kg = 999.9505 ‰; 1000 − 46.5 mg/kg = 999.9535 ‰; mean 999.952 ‰ is reported 999.9 ‰,
    # never rounded up to a "pure" 1000.0 ‰
    assert result.replicate_values == ["999.9505", "999.9535"]
    assert (result.fineness, result.conforms, result.assignable_standard) == (
        Decimal("999.9"),
        True,
        Decimal("999.9"),
    )
    assert result.judged_fineness == Decimal("999.9")  # judged on the value rounded down, never up


def test_no_negative_tolerance_and_next_lower_standard(alice, pavel_co):
    item = one_item(alice, pavel_co)  # declared Au 585
    result = record(alice, item, raw=samples.fire_assay(Decimal("584.9"), spread_mg=Decimal("0")))
    assert (result.fineness, result.conforms, result.assignable_standard) == (
        Decimal("584.9"),
        False,
        Decimal("583.0"),
    )
    assert result.reasons == ["below_declared", "assignable_differs"]


def test_below_the_lowest_standard_is_not_a_precious_metal_article(alice, pavel_co):
    item = one_item(alice, pavel_co)
    result = record(alice, item, raw=samples.fire_assay(Decimal("370"), spread_mg=Decimal("0")))
    assert (result.is_precious_article, result.assignable_standard, result.conforms) == (False, None, False)
    assert "below_lowest_standard" in result.reasons


def test_replicates_that_disagree_require_a_repeat_and_cannot_be_verified(alice, carol, pavel_co):
    item = one_item(alice, pavel_co)
    result = record(
        alice, item, raw=samples.fire_assay(Decimal("585.4"), spread_mg=Decimal("0.20"))
    )  # 0.8 ‰ apart
    assert result.repeat_required and result.fineness is None and result.reasons == ["repeat_required"]
    with pytest.raises(ValidationError, match="repeat"):
        result_verify(actor=carol, result=result)


def test_agreement_limit_is_editable_data(alice, pavel_co):
    MethodSetting.objects.filter(method=Method.FIRE_ASSAY).update(agreement_limit=Decimal("1.00"))
    item = one_item(alice, pavel_co)
    result = record(alice, item, raw=samples.fire_assay(Decimal("585.4"), spread_mg=Decimal("0.20")))
    assert not result.repeat_required and result.spread == Decimal("0.8000")


def test_laboratory_policy_subtracts_uncertainty_before_comparing(alice, alm, pavel_co):
    AssayPolicy.objects.create(organization=alm, subtract_uncertainty=True)  # fire assay U = 0.30 ‰
    item = one_item(alice, pavel_co)
    result = record(alice, item, raw=samples.fire_assay(Decimal("585.2"), spread_mg=Decimal("0")))
    assert (result.fineness, result.judged_fineness, result.uncertainty) == (
        Decimal("585.2"),
        Decimal("584.9"),
        Decimal("0.30"),
    )
    assert result.conforms is False and result.reasons[0] == "uncertainty_subtracted"


def test_xrf_screens_but_never_makes_an_item_tested(alice, carol, pavel_co):
    item = one_item(alice, pavel_co)
    raw = {"portion_1_reading": "585.9", "portion_2_reading": "586.3"}
    screening = record(alice, item, method=Method.XRF, raw=raw, metal=Metal.GOLD)
    assert screening.reasons[0] == "screening_only" and screening.conforms is True
    result_verify(actor=carol, result=screening)
    item.refresh_from_db()
    assert item.status == ItemStatus.REGISTERED
    assert item.application.status != ApplicationStatus.TESTED


def test_verified_by_a_second_person_never_the_one_who_entered(alice, carol, pavel_co):
    item = one_item(alice, pavel_co)
    result = record(alice, item)
    with pytest.raises(PermissionDenied):
        result_verify(actor=alice, result=result)
    result_verify(actor=carol, result=result)
    result.refresh_from_db()
    item.refresh_from_db()
    assert (result.status, result.verified_by, item.status) == (
        ResultStatus.VERIFIED,
        carol,
        ItemStatus.TESTED,
    )
    assert item.application.status == ApplicationStatus.TESTED
    assert AuditEvent.objects.filter(action="result.verify", object_id=str(result.pk), actor=carol).exists()


def test_database_refuses_a_self_verified_result(alice, pavel_co):
    result = record(alice, one_item(alice, pavel_co))
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.filter(pk=result.pk).update(verified_by=alice, status=ResultStatus.VERIFIED)


def test_invalidate_needs_a_reason_and_a_retest_links_to_the_old_result(alice, carol, pavel_co):
    item = one_item(alice, pavel_co)
    first = result_verify(actor=carol, result=record(alice, item))
    with pytest.raises(ValidationError):
        result_invalidate(actor=alice, result=first, reason="  ")
    with pytest.raises(ValidationError, match="invalidate it to retest"):
        record(alice, item)
    result_invalidate(actor=alice, result=first, reason="Cornet 2 cracked on rolling")
    item.refresh_from_db()
    assert item.status == ItemStatus.REGISTERED and item.application.status == ApplicationStatus.IN_TESTING
    retest = record(alice, item, raw=samples.fire_assay(Decimal("585.6")))
    assert retest.retest_of == first
    first.refresh_from_db()
    assert (first.status, first.invalidation_reason, first.invalidated_by) == (
        ResultStatus.INVALIDATED,
        "Cornet 2 cracked on rolling",
        alice,
    )
    event = AuditEvent.objects.get(action="result.invalidate")
    assert event.reason == "Cornet 2 cracked on rolling" and event.actor == alice


@pytest.mark.parametrize("who", ["dave", "pavel", "victor", "olga"])
def test_only_own_organization_bench_staff_record_verify_and_invalidate(cast, alice, carol, pavel_co, who):
    item = one_item(alice, pavel_co)
    with pytest.raises(PermissionDenied):
        record(cast[who], item)
    result = record(alice, item)
    with pytest.raises(PermissionDenied):
        result_verify(actor=cast[who], result=result)
    with pytest.raises(PermissionDenied):
        result_invalidate(actor=cast[who], result=result, reason="no")


@pytest.mark.parametrize(
    ("field", "value"),
    [("portion_1_cornet_mg", "-1"), ("portion_1_mass_mg", "abc"), ("portion_2_cornet_mg", "")],
)
def test_bad_raw_input_gets_a_field_error_and_saves_nothing(alice, pavel_co, field, value):
    item = one_item(alice, pavel_co)
    raw = {**samples.fire_assay(Decimal("585")), field: value}
    with pytest.raises(ValidationError) as error:
        record(alice, item, raw=raw)
    assert field in error.value.message_dict
    assert not item.results.exists()


def test_impossible_measurements_are_explained(alice, pavel_co):
    item = one_item(alice, pavel_co)
    raw = {**samples.fire_assay(Decimal("585")), "portion_1_cornet_mg": "260.00"}
    with pytest.raises(ValidationError, match="cannot weigh more than its assay portion"):
        record(alice, item, raw=raw)


def test_instrument_of_another_organization_is_refused(alice, ast, pavel_co):
    item = one_item(alice, pavel_co)
    foreign = Instrument.objects.create(organization=ast, name="XRF", type="xrf", serial_number="X1")
    with pytest.raises(ValidationError):
        record(alice, item, instrument=foreign)


def test_stones_and_raw_goods_are_not_assayed_for_fineness(alice, pavel_co):
    item = one_item(
        alice, pavel_co, category=ItemCategory.PRECIOUS_STONE, declared_metal="", declared_fineness=None
    )
    with pytest.raises(ValidationError, match="articles, bars and coins"):
        record(alice, item)


# --- Investment gold ---------------------------------------------------------------------------------------


@pytest.fixture
def market(alice):
    prices_import(actor=alice, rows=[PriceRow(date(2026, 2, 10), Decimal("4050.000"))])
    rates_import(actor=alice, rows=[RateRow(date(2026, 2, 10), "USD", Decimal("510.0000"))])


def verified_gold(alice, carol, item, target="999.9"):
    result = record(
        alice, item, method=Method.ICP_BY_DIFFERENCE, raw=samples.by_difference(Decimal(target)), metal="Au"
    )
    return result_verify(actor=carol, result=result)


def test_gold_coin_is_investment_gold_with_every_reason(alice, carol, pavel_co, market):
    coin = one_item(
        alice,
        pavel_co,
        category=ItemCategory.COIN,
        gross_mass_g=Decimal("7.780"),
        declared_metal="Au",
        declared_fineness=Decimal("999.9"),
    )
    verified_gold(alice, carol, coin)
    # fine gold 7.780 × 999.9/1000 = 7.779 g → 7.779/31.1034768 × 4050 × 510 = 516 582.91 KZT; limit ×1.8
    data = CoinData(
        minted_year=2024,
        proof_quality=False,
        mintage=None,
        market_price_kzt=Decimal("600000"),
        sale_date=date(2026, 2, 10),
    )
    assessment = investment_assess(actor=alice, item=coin, data=data)
    assert assessment.is_investment_gold and assessment.fine_gold_g == Decimal("7.779")
    assert assessment.gold_value_kzt == Decimal("516582.91")
    assert [r["code"] for r in assessment.reasons] == [
        "coin_fineness_at_least_900",
        "minted_in_or_after_1800",
        "not_proof_quality",
        "mintage_over_1000",
        "price_within_180_percent_of_gold_value",
    ]
    proof = investment_assess(
        actor=alice, item=coin, data=CoinData(**{**data.__dict__, "proof_quality": True})
    )
    assert not proof.is_investment_gold
    assert [r["code"] for r in proof.reasons if not r["passed"]] == ["not_proof_quality"]
    assessment.refresh_from_db()
    assert not assessment.current and proof.current


def test_missing_price_for_the_sale_date_is_an_error_not_zero(alice, carol, pavel_co, market):
    coin = one_item(
        alice, pavel_co, category=ItemCategory.COIN, declared_metal="Au", declared_fineness=Decimal("999.9")
    )
    verified_gold(alice, carol, coin)
    data = CoinData(
        minted_year=2024,
        proof_quality=False,
        mintage=None,
        market_price_kzt=Decimal("1"),
        sale_date=date(2026, 2, 11),
    )
    with pytest.raises(ValidationError, match="2026-02-11"):
        investment_assess(actor=alice, item=coin, data=data)


def test_bar_without_its_markings_is_not_investment_gold(alice, carol, pavel_co):
    bar = one_item(
        alice, pavel_co, category=ItemCategory.BAR, declared_metal="Au", declared_fineness=Decimal("999.9")
    )
    verified_gold(alice, carol, bar)
    data = BarData(
        kind=CoinOrBar.STANDARD_BAR,
        refined=True,
        made_to_standard=True,
        markings=frozenset({"serial_number", "producer_trademark", "purity"}),
    )
    assessment = investment_assess(actor=alice, item=bar, data=data)
    assert not assessment.is_investment_gold
    failed = [r for r in assessment.reasons if not r["passed"]]
    assert failed == [{"code": "required_markings_present", "passed": False, "detail": {"missing": ["year"]}}]
    complete = BarData(**{**data.__dict__, "markings": data.markings | {"year"}})
    assert investment_assess(actor=alice, item=bar, data=complete).is_investment_gold


def test_investment_gold_needs_a_verified_decisive_gold_result(alice, carol, pavel_co):
    bar = one_item(
        alice, pavel_co, category=ItemCategory.BAR, declared_metal="Au", declared_fineness=Decimal("999.9")
    )
    record(
        alice, bar, method=Method.ICP_BY_DIFFERENCE, raw=samples.by_difference(Decimal("999.9")), metal="Au"
    )
    data = BarData(kind=CoinOrBar.MEASURED_BAR, refined=True, made_to_standard=True, markings=frozenset())
    with pytest.raises(ValidationError, match="verified gold result"):
        investment_assess(actor=alice, item=bar, data=data)
