"""Worked examples for every method and the conformity rules (reference/assay-and-hallmarking.md). Pure."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lims.assay.fineness import (
    AssayInputError,
    Portion,
    Proof,
    by_difference,
    carat,
    conformity,
    fire_assay_gold,
    for_conformity,
    gravimetric,
    replicates,
    report,
    silver_titration,
)

GOLD_EAEU = [D(x) for x in ("375", "500", "583", "585", "750", "958", "999")]
GOLD_CONVENTION = [D(x) for x in ("375", "585", "750", "916", "990", "999")]


def test_fire_assay_with_proof_correction_iso_11426():
    # Proofs: 146.00 mg gold gave cornets of 146.08 and 146.12 mg → Δ = +0.10 mg (silver retained).
    assay = fire_assay_gold(
        [Portion(mass=D("250.00"), cornet=D("146.40")), Portion(mass=D("249.50"), cornet=D("146.12"))],
        [
            Proof(gold_taken=D("146.00"), cornet=D("146.08")),
            Proof(gold_taken=D("146.00"), cornet=D("146.12")),
        ],
    )
    assert assay.correction == D("0.10")
    assert [report(f) for f in assay.portions] == [D("585.2"), D("585.3")]  # 585.2000 and 585.2505
    assert assay.portions[0] == D("585.2")


def test_fire_assay_refuses_impossible_inputs():
    proofs = [Proof(D("146"), D("146.1"))]
    with pytest.raises(AssayInputError) as error:
        fire_assay_gold([Portion(D("100"), D("120"))], proofs)
    assert error.value.code == "cornet_heavier"
    with pytest.raises(AssayInputError):
        fire_assay_gold([Portion(D("0"), D("0"))], proofs)
    with pytest.raises(AssayInputError):
        fire_assay_gold([Portion(D("250"), D("146"))], [])


def test_silver_titration_iso_11427():
    # 42.90 mL of 0.1 mol/L KBr, titer factor 1 → 0.462754578 g Ag in a 0.5000 g portion.
    value = silver_titration(portion_mass_g=D("0.5000"), titrant_ml=D("42.90"), concentration_mol_l=D("0.1"))
    assert value == D("925.509156")
    assert report(value) == D("925.5")
    with_factor = silver_titration(
        portion_mass_g=D("0.5000"),
        titrant_ml=D("42.90"),
        concentration_mol_l=D("0.1"),
        titer_factor=D("0.9990"),
    )
    assert report(with_factor) == D("924.6")


def test_gravimetric_platinum_iso_11210():
    # (NH4)2PtCl6 weighed form, factor 0.4395: 0.4320 g × 0.4395 / 0.2000 g × 1000 = 949.32 ‰
    assert gravimetric(portion_mass=D("0.2000"), weighed_form_mass=D("0.4320"), factor=D("0.4395")) == D(
        "949.32"
    )


def test_high_purity_by_difference_iso_15093():
    assert by_difference([D("0.020"), D("0.030"), D("0.010"), D("0.015")]) == D("999.925")
    assert report(D("999.925")) == D("999.9")
    with pytest.raises(AssayInputError):
        by_difference([D("-0.01")])


def test_replicates_within_limit_give_the_mean():
    result = replicates([D("585.2"), D("585.6")], limit=D("0.5"))
    assert (result.mean, result.spread, result.repeat_required) == (D("585.4"), D("0.4"), False)


def test_replicates_outside_limit_require_a_repeat():
    result = replicates([D("585.2"), D("585.8")], limit=D("0.5"))
    assert result.repeat_required and result.spread == D("0.6")


def test_a_single_determination_is_not_enough_for_a_decisive_method():
    assert replicates([D("585.2")], limit=D("0.5")).repeat_required


def test_reporting_rounds_half_even_and_conformity_rounds_down():
    assert report(D("584.95")) == D("585.0")
    assert for_conformity(D("584.99")) == D("584.9")
    assert report(D("585.05")) == D("585.0") and report(D("585.15")) == D("585.2")


def test_below_1000_is_never_reported_as_pure():
    assert report(D("999.95")) == D("999.9") and report(D("999.9999")) == D("999.9")
    assert report(D("1000")) == D("1000.0")


@pytest.mark.parametrize(
    ("fineness", "ct"),
    [("375", "9.00"), ("585", "14.04"), ("750", "18.00"), ("995", "23.88"), ("999", "23.98")],
)
def test_carat(fineness, ct):
    assert carat(D(fineness)) == D(ct)


def test_no_negative_tolerance():
    assert conformity(D("585.04"), declared=D("585"), standards=GOLD_EAEU).conforms is True
    verdict = conformity(D("584.99"), declared=D("585"), standards=GOLD_EAEU)
    assert verdict.conforms is False and "below_declared" in verdict.reasons


def test_assignable_standard_is_the_next_lower_one():
    assert conformity(D("588"), declared=None, standards=GOLD_EAEU).assignable == D("585")
    assert conformity(D("584"), declared=D("585"), standards=GOLD_EAEU).assignable == D("583")
    # Under the Convention's list a 584 ‰ article is 375, not 585 (1989 Annex).
    assert conformity(D("584"), declared=D("585"), standards=GOLD_CONVENTION).assignable == D("375")


def test_below_the_lowest_standard_is_not_a_precious_metal_article():
    verdict = conformity(D("374.9"), declared=D("375"), standards=GOLD_EAEU)
    assert not verdict.is_precious_article and verdict.assignable is None
    assert "below_lowest_standard" in verdict.reasons


def test_uncertainty_policy():
    kept = conformity(D("585.2"), declared=D("585"), standards=GOLD_EAEU, uncertainty=D("0.3"))
    subtracted = conformity(
        D("585.2"), declared=D("585"), standards=GOLD_EAEU, uncertainty=D("0.3"), subtract_uncertainty=True
    )
    assert kept.conforms is True
    assert subtracted.conforms is False and subtracted.judged_value == D("584.9")


finenesses = st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False, allow_infinity=False)


@given(a=finenesses, b=finenesses, declared=st.sampled_from(GOLD_EAEU))
def test_conformity_is_monotone_in_the_measured_value(a, b, declared):
    low, high = sorted((a, b))
    v_low = conformity(low, declared=declared, standards=GOLD_EAEU)
    v_high = conformity(high, declared=declared, standards=GOLD_EAEU)
    assert not v_low.conforms or v_high.conforms
    assert (v_low.assignable or 0) <= (v_high.assignable or 0)
    assert v_low.is_precious_article <= v_high.is_precious_article
