"""Issue #3 "done when", through the API: a 585 ring, a 925 spoon, a 999.9 bar and a gold coin from raw
measurements to verdicts with reasons; a second person verifies; investment gold for the coin and the bar."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from lims.assay import samples
from lims.assay.models import Result
from lims.core.choices import Metal
from lims.intake.models import ApplicationStatus, ItemCategory
from lims.intake.services import ItemData, application_register
from lims.market.csv_import import PriceRow, RateRow
from lims.market.services import prices_import, rates_import


def client_for(user):
    client = APIClient(headers={"accept-language": "en"})
    client.force_authenticate(user)
    return client


@pytest.fixture
def four(alice, pavel_co):
    items = [
        ItemData(ItemCategory.JEWELRY, "Ring", Decimal("3.250"), 1, Metal.GOLD, Decimal("585")),
        ItemData(ItemCategory.JEWELRY, "Spoon", Decimal("38.400"), 1, Metal.SILVER, Decimal("925")),
        ItemData(ItemCategory.BAR, "Bar 50 g", Decimal("50.010"), 1, Metal.GOLD, Decimal("999.9")),
        ItemData(ItemCategory.COIN, "Coin 1/4 oz", Decimal("7.780"), 1, Metal.GOLD, Decimal("999.9")),
    ]
    application = application_register(actor=alice, applicant=pavel_co, purpose="export", items=items)
    return application, list(application.items.order_by("sequence"))


RAW = {
    "ring": ("iso11426", "", samples.fire_assay(Decimal("585.6"))),
    "spoon": ("iso11427", "", samples.silver_titration(Decimal("925.4"))),
    "bar": ("iso15093", "Au", samples.by_difference(Decimal("999.95"))),
    "coin": ("iso15093", "Au", samples.by_difference(Decimal("999.92"))),
}


def test_four_articles_from_raw_measurements_to_verified_verdicts(alice, carol, four):
    application, items = four
    tech, colleague = client_for(alice), client_for(carol)
    expected = {
        "ring": ("585.6", "585.0", ["meets_declared"]),
        "spoon": ("925.4", "925.0", ["meets_declared"]),
        "bar": ("999.9", "999.9", ["meets_declared"]),
        "coin": ("999.9", "999.9", ["meets_declared"]),
    }
    for item, (name, (method, metal, raw)) in zip(items, RAW.items(), strict=True):
        body = {"item": item.pk, "method": method, "metal": metal, "raw": raw}
        preview = tech.post("/api/v1/results/preview/", body, format="json")
        assert preview.status_code == 200, preview.json()
        fineness, standard, reasons = expected[name]
        assert (preview.json()["fineness"], preview.json()["assignable_standard"]) == (fineness, standard)
        assert not Result.objects.filter(item=item).exists()  # a preview saves nothing

        created = tech.post("/api/v1/results/", body, format="json")
        assert created.status_code == 201, created.json()
        data = created.json()
        assert (data["fineness"], data["conforms"], data["reasons"], data["status"]) == (
            fineness,
            True,
            reasons,
            "entered",
        )
        assert data["reason_texts"] == ["Meets the declared fineness (no negative tolerance)."]
        assert (
            tech.post(f"/api/v1/results/{data['id']}/verify/").status_code == 403
        )  # not the one who entered
        verified = colleague.post(f"/api/v1/results/{data['id']}/verify/")
        assert verified.status_code == 200 and verified.json()["verified_by"] == "carol"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.TESTED


def test_investment_gold_for_the_coin_and_the_bar(alice, carol, four):
    _, (_, _, bar, coin) = four
    prices_import(actor=alice, rows=[PriceRow(date(2026, 2, 10), Decimal("4050.000"))])
    rates_import(actor=alice, rows=[RateRow(date(2026, 2, 10), "USD", Decimal("510.0000"))])
    tech = client_for(alice)
    for item, key in ((bar, "bar"), (coin, "coin")):
        method, metal, raw = RAW[key]
        result = tech.post(
            "/api/v1/results/", {"item": item.pk, "method": method, "metal": metal, "raw": raw}, format="json"
        )
        client_for(carol).post(f"/api/v1/results/{result.json()['id']}/verify/")
    coin_body = {
        "item": coin.pk,
        "kind": "coin",
        "minted_year": 2025,
        "proof_quality": False,
        "mintage": None,
        "market_price_kzt": "950000.00",
        "sale_date": "2026-02-10",
    }
    response = tech.post("/api/v1/investment-assessments/", coin_body, format="json")
    assert response.status_code == 201, response.json()
    coin_verdict = response.json()
    # gold value 7.779 g → 516 582.91 KZT; 950 000 > 1.8 × that = 929 849.24 → numismatic by price
    assert coin_verdict["is_investment_gold"] is False
    assert [r["code"] for r in coin_verdict["reasons"] if not r["passed"]] == [
        "price_within_180_percent_of_gold_value"
    ]
    bar_body = {
        "item": bar.pk,
        "kind": "measured",
        "refined": True,
        "made_to_standard": True,
        "markings": ["metal_name", "producer_trademark", "purity", "mass"],
    }
    bar_verdict = tech.post("/api/v1/investment-assessments/", bar_body, format="json").json()
    assert bar_verdict["is_investment_gold"] is True and all(r["passed"] for r in bar_verdict["reasons"])
    missing_date = tech.post(
        "/api/v1/investment-assessments/", {**coin_body, "sale_date": "2026-02-11"}, format="json"
    )
    assert missing_date.status_code == 400 and "2026-02-11" in str(missing_date.json())


def test_bad_raw_input_is_a_400_naming_the_field(alice, four):
    _, (ring, *_) = four
    raw = {**RAW["ring"][2], "portion_1_cornet_mg": "12,5,0"}
    response = client_for(alice).post(
        "/api/v1/results/", {"item": ring.pk, "method": "iso11426", "raw": raw}, format="json"
    )
    assert response.status_code == 400 and "portion_1_cornet_mg" in response.json()["raw"]
    assert not Result.objects.exists()


def test_invalidate_and_retest_through_the_api(alice, carol, four):
    _, (ring, *_) = four
    tech = client_for(alice)
    body = {"item": ring.pk, "method": "iso11426", "raw": RAW["ring"][2]}
    first = tech.post("/api/v1/results/", body, format="json").json()
    assert tech.post(f"/api/v1/results/{first['id']}/invalidate/", {}, format="json").status_code == 400
    gone = tech.post(f"/api/v1/results/{first['id']}/invalidate/", {"reason": "Wrong portion"}, format="json")
    assert gone.json()["status"] == "invalidated" and gone.json()["invalidation_reason"] == "Wrong portion"
    retest = tech.post("/api/v1/results/", body, format="json").json()
    assert retest["retest_of"] == first["id"]
    listed = tech.get(f"/api/v1/results/?item={ring.pk}").json()
    assert [r["status"] for r in listed["results"]] == ["invalidated", "entered"]


@pytest.mark.parametrize(
    ("who", "code"), [("dave", 404), ("erin", 404), ("pavel", 403), ("victor", 403), ("olga", 403)]
)
def test_others_cannot_record_preview_verify_or_assess(cast, alice, four, who, code):
    _, (ring, *_) = four
    body = {"item": ring.pk, "method": "iso11426", "raw": RAW["ring"][2]}
    result = client_for(alice).post("/api/v1/results/", body, format="json").json()
    client = client_for(cast[who])
    assert client.post("/api/v1/results/", body, format="json").status_code == code
    assert client.post("/api/v1/results/preview/", body, format="json").status_code == code
    verify = client.post(f"/api/v1/results/{result['id']}/verify/")
    assert verify.status_code in ({403} if who in ("olga",) else {404, 403})
    assessment = client.post(
        "/api/v1/investment-assessments/", {"item": ring.pk, "kind": "measured"}, format="json"
    )
    assert assessment.status_code == code


def test_an_instrument_of_another_laboratory_is_unknown_to_the_api(alice, ast, four):
    from instruments.models import Instrument

    _, (ring, *_) = four
    foreign = Instrument.objects.create(organization=ast, name="XRF", type="xrf", serial_number="X1")
    body = {"item": ring.pk, "method": "iso11426", "raw": RAW["ring"][2], "instrument": foreign.pk}
    response = client_for(alice).post("/api/v1/results/", body, format="json")
    assert response.status_code == 400 and response.json() == {"instrument": ["No such instrument."]}
    assert not Result.objects.exists()
