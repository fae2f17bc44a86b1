"""Investment gold (Law art.1 p.15): a classifier that returns the verdict and every reason. Pure: no Django.

Coins: fineness ≥ 900 ‰ and no numismatic value. A coin has numismatic value when it was minted before 1800,
struck in proof quality, its issue's mintage is ≤ 1000 pieces, or its market price exceeds the value of its
gold content by more than 80 % (EU Directive 2006/112/EC art.344), i.e. price > 1.8 × gold-content value,
where gold-content value = fine gold (troy oz) × LBMA Gold Price AM (USD/oz) × KZT/USD rate of the sale date.
Other gold: refined, fineness ≥ 995 ‰, a standard or measured bar or plate, with the markings the Law lists.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

TROY_OUNCE_G = Decimal("31.1034768")
COIN_MIN_FINENESS = Decimal("900")
BAR_MIN_FINENESS = Decimal("995")
NUMISMATIC_BEFORE_YEAR = 1800
NUMISMATIC_MAX_MINTAGE = 1000
PREMIUM_LIMIT = Decimal("1.8")  # price above gold value by more than 80 %
KZT = Decimal("0.01")


class MissingMarketData(LookupError):
    """A price or exchange rate the classification needs is not stored; never treated as zero."""


@dataclass(frozen=True)
class Reason:
    code: str  # stable, translated by the caller
    passed: bool
    detail: dict


@dataclass(frozen=True)
class Classification:
    is_investment_gold: bool
    reasons: tuple[Reason, ...]

    def failed(self) -> list[str]:
        return [reason.code for reason in self.reasons if not reason.passed]


def gold_content_value_kzt(
    fine_gold_g: Decimal, lbma_am_usd_per_oz: Decimal | None, kzt_per_usd: Decimal | None
) -> Decimal:
    if lbma_am_usd_per_oz is None:
        raise MissingMarketData("LBMA Gold Price AM for the sale date is missing")
    if kzt_per_usd is None:
        raise MissingMarketData("KZT/USD exchange rate for the sale date is missing")
    value = fine_gold_g / TROY_OUNCE_G * lbma_am_usd_per_oz * kzt_per_usd
    return value.quantize(KZT, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Coin:
    fineness: Decimal
    fine_gold_g: Decimal
    minted_year: int
    proof_quality: bool
    mintage: int | None  # None: unlimited (e.g. bullion coins of the National Bank)
    market_price_kzt: Decimal


def classify_coin(
    coin: Coin, *, lbma_am_usd_per_oz: Decimal | None, kzt_per_usd: Decimal | None
) -> Classification:
    value = gold_content_value_kzt(coin.fine_gold_g, lbma_am_usd_per_oz, kzt_per_usd)
    premium_limit = (value * PREMIUM_LIMIT).quantize(KZT, rounding=ROUND_HALF_EVEN)
    reasons = (
        Reason("coin_fineness_at_least_900", coin.fineness >= COIN_MIN_FINENESS, {"fineness": coin.fineness}),
        Reason(
            "minted_in_or_after_1800", coin.minted_year >= NUMISMATIC_BEFORE_YEAR, {"year": coin.minted_year}
        ),
        Reason("not_proof_quality", not coin.proof_quality, {}),
        Reason(
            "mintage_over_1000",
            coin.mintage is None or coin.mintage > NUMISMATIC_MAX_MINTAGE,
            {"mintage": coin.mintage},
        ),
        Reason(
            "price_within_180_percent_of_gold_value",
            coin.market_price_kzt <= premium_limit,
            {"price": coin.market_price_kzt, "gold_value": value, "limit": premium_limit},
        ),
    )
    return Classification(all(r.passed for r in reasons), reasons)


class BarKind(StrEnum):
    STANDARD = "standard"
    MEASURED = "measured"


# Markings the Law requires on each kind of bar or plate (art.1 p.15).
REQUIRED_MARKINGS = {
    BarKind.STANDARD: ("serial_number", "producer_trademark", "purity", "year"),
    BarKind.MEASURED: ("metal_name", "producer_trademark", "purity", "mass"),
}


@dataclass(frozen=True)
class Bar:
    fineness: Decimal
    refined: bool
    kind: BarKind
    made_to_standard: bool  # national or international standard
    markings: frozenset[str]
    serial_contains_year: bool = False


def classify_bar(bar: Bar) -> Classification:
    required = set(REQUIRED_MARKINGS[bar.kind])
    if bar.kind == BarKind.STANDARD and bar.serial_contains_year:
        required.discard("year")  # the year may be part of the serial number
    missing = sorted(required - bar.markings)
    reasons = (
        Reason("refined_gold", bar.refined, {}),
        Reason("bar_fineness_at_least_995", bar.fineness >= BAR_MIN_FINENESS, {"fineness": bar.fineness}),
        Reason("made_to_a_standard", bar.made_to_standard, {}),
        Reason("required_markings_present", not missing, {"missing": missing}),
    )
    return Classification(all(r.passed for r in reasons), reasons)
