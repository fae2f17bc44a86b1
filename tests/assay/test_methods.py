"""Raw fields of each method → one fineness per replicate → verdict (pure, no database)."""

from decimal import Decimal as D

import pytest

from lims.assay import methods
from lims.assay.fineness import AssayInputError

GOLD = [D(v) for v in ("375", "500", "583", "585", "750", "958", "999", "999.9")]
PALLADIUM = [D(v) for v in ("500", "850", "950", "999")]


def test_palladium_gravimetric_with_the_dimethylglyoxime_factor_iso_11490():
    raw = {
        "portion_1_mass_mg": D("200.00"),
        "portion_1_weighed_mg": D("600.95"),
        "portion_2_mass_mg": D("200.00"),
        "portion_2_weighed_mg": D("601.10"),
    }
    result = methods.determine("iso11490", raw, limit=D("1.00"), minimum=2, gravimetric_factor=D("0.31612"))
    # 600.95 × 0.31612 / 200 × 1000 = 949.861… ‰; 601.10 × 0.31612 / 200 × 1000 = 950.098… ‰
    assert [v.quantize(D("0.001")) for v in result.values] == [D("949.862"), D("950.099")]
    assert result.reported == D("950.0")
    verdict = methods.verdict(result, declared=D("950"), standards=PALLADIUM)
    # the mean 949.98 ‰ is judged 949.9 ‰: below the declared 950, assignable 850
    assert (verdict.conforms, verdict.assignable) == (False, D("850"))


def test_gravimetric_needs_its_factor():
    raw = {"portion_1_mass_mg": D("200"), "portion_1_weighed_mg": D("190")}
    with pytest.raises(AssayInputError) as error:
        methods.determine("iso11210", raw, limit=D("1"), minimum=1)
    assert error.value.code == "no_factor"


def test_by_difference_reads_impurities_in_mg_per_kg():
    assert methods.parse_impurities("Ag=31; Cu = 12,5\nFe:4") == {
        "Ag": D("31"),
        "Cu": D("12.5"),
        "Fe": D("4"),
    }
    result = methods.determine(
        "iso15093",
        {"portion_1_impurities": "Ag=60", "portion_2_impurities": "Ag=55; Pd=3"},
        limit=D("0.05"),
        minimum=2,
    )
    assert result.values == (D("999.940"), D("999.942"))


@pytest.mark.parametrize(
    ("text", "code"),
    [("Ag 12", "impurity_format"), ("Ag=1; Ag=2", "impurity_twice"), (" ; ", "no_impurities")],
)
def test_unreadable_impurities_are_explained(text, code):
    with pytest.raises(AssayInputError) as error:
        methods.parse_impurities(text)
    assert error.value.code == code


def test_a_half_filled_portion_is_an_error_not_skipped():
    raw = {"portion_1_reading": D("585"), "portion_2_reading": None}
    assert methods.determine("xrf", raw, limit=D("3"), minimum=1).values == (D("585"),)
    with pytest.raises(AssayInputError) as error:
        methods.determine(
            "iso11426",
            {"portion_1_mass_mg": D("250"), "proof_1_gold_mg": D("150"), "proof_1_cornet_mg": D("150.05")},
            limit=D("0.5"),
            minimum=2,
        )
    assert (error.value.code, error.value.params) == ("portion_incomplete", {"number": 1})


def test_xrf_is_judged_but_says_it_only_screens():
    result = methods.determine("xrf", {"portion_1_reading": D("587.2")}, limit=D("3"), minimum=1)
    verdict = methods.verdict(result, declared=D("585"), standards=GOLD)
    assert not result.decisive and verdict.reasons[0] == "screening_only" and verdict.conforms


def test_repeat_required_has_no_verdict():
    raw = {"portion_1_reading": D("585"), "portion_2_reading": D("590")}
    result = methods.determine("xrf", raw, limit=D("3"), minimum=1)
    assert result.replicates.repeat_required and result.reported is None
    assert methods.verdict(result, declared=D("585"), standards=GOLD) is None


def test_every_method_has_fields_and_a_metal_rule():
    assert set(methods.FIELDS) == set(methods.MethodCode) == set(methods.METAL_OF)
