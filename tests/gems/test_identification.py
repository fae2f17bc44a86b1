"""Gem identification engine: ranking, derived values and consistency flags, each flag on both sides of its
threshold (reference/gems-and-kimberley.md §1). Pure: no database."""

from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lims.gems.identification import (
    FLAG_CODES,
    Constant,
    GemInputError,
    Measurements,
    birefringence,
    carats,
    flags,
    hydrostatic_sg,
    rank,
)


def constant(code, species, optic, sg, ri=None, biref=None, **extra):
    """sg, ri, biref: "low-high" or a single value; None when the reference lists none."""

    def span(text):
        if text is None:
            return None, None
        low, _, high = text.partition("-")
        return D(low), D(high or low)

    (sg_min, sg_max), (ri_min, ri_max), (b_min, b_max) = span(sg), span(ri), span(biref)
    return Constant(
        code=code,
        species=species,
        optic_character=optic,
        sg_min=sg_min,
        sg_max=sg_max,
        ri_min=ri_min,
        ri_max=ri_max,
        birefringence_min=b_min,
        birefringence_max=b_max,
        **extra,
    )


# The reference table (§1), codes as in fixtures/gems/.
SAMPLE_CONSTANTS = (
    constant("diamond", "diamond", "isotropic", "3.51-3.53", "2.417", "0"),
    constant("corundum", "corundum", "uniaxial-", "3.95-4.05", "1.762-1.770", "0.008-0.010"),
    constant("beryl_emerald", "beryl", "uniaxial-", "2.67-2.78", "1.566-1.600", "0.005-0.009"),
    constant(
        "chrysoberyl_alexandrite",
        "chrysoberyl",
        "biaxial+",
        "3.73",
        "1.746-1.755",
        "0.008-0.010",
        colour_change=True,
    ),
    constant("pearl", "pearl", "aggregate", "2.60-2.85", "1.52-1.69", None, kind="organic"),
    constant("amber", "amber", "amorphous", "1.05-1.096", "1.54", "0", kind="organic"),
    constant("cubic_zirconia", "cubic zirconia", "isotropic", "5.6-6.0", "2.15-2.18", "0", kind="synthetic"),
    constant(
        "synthetic_moissanite", "moissanite", "uniaxial+", "3.22", "2.648-2.691", "0.043", kind="synthetic"
    ),
    constant("yag", "garnet (synthetic)", "isotropic", "4.55", "1.833", "0", kind="synthetic"),
    constant("ggg", "garnet (synthetic)", "isotropic", "7.05", "1.970", "0", kind="synthetic"),
    constant("strontium_titanate", "strontium titanate", "isotropic", "5.13", "2.409", "0", kind="synthetic"),
    constant("glass", "glass", "isotropic", "2.4-4.2", "1.5-1.7", "0", kind="imitation"),
    constant(
        "flux_synthetic_emerald", "beryl", "uniaxial-", "2.65-2.66", "1.561-1.564", None, kind="synthetic"
    ),
    constant("copal", "copal", "amorphous", "1.04-1.10", "1.530-1.545", "0", kind="organic"),
)

RUBY = Measurements(
    ri_min=D("1.762"), ri_max=D("1.770"), birefringence=D("0.008"), optic_character="uniaxial-", sg=D("4.00")
)
MOISSANITE = Measurements(ri_over_limit=True, sg=D("3.22"), optic_character="uniaxial+")
CULTURED_PEARL = Measurements(optic_character="aggregate", sg=D("2.72"))
FLUX_EMERALD = Measurements(ri_min=D("1.561"), ri_max=D("1.564"), optic_character="uniaxial-", sg=D("2.66"))


def codes(measurements, **options):
    return [flag.code for flag in flags(measurements, SAMPLE_CONSTANTS, **options)]


def flag(measurements, code):
    return next(f for f in flags(measurements, SAMPLE_CONSTANTS) if f.code == code)


# --- Derived values ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grams", "ct"),
    [
        ("1.000", "5.00"),
        ("0.2", "1.00"),
        ("0.3011", "1.51"),  # 1.5055 ct
        ("0.3010", "1.50"),  # 1.505 ct: half to even, down
        ("0.3030", "1.52"),  # 1.515 ct: half to even, up
    ],
)
def test_carats_are_grams_times_five_to_the_hundredth_half_even(grams, ct):
    assert carats(D(grams)) == D(ct)


def test_hydrostatic_sg_worked_examples():
    assert hydrostatic_sg(D("2.000"), D("1.500")) == D("4.00")  # ruby
    assert hydrostatic_sg(D("1.000"), D("0.716")) == D("3.52")  # 3.5211… diamond
    assert hydrostatic_sg(D("0.800"), D("0.047")) == D("1.06")  # 1.0624… amber


def test_sg_from_weighings_is_used_for_ranking():
    weighed = replace(RUBY, sg=None, weight_in_air_g=D("2.000"), weight_in_water_g=D("1.500"))
    assert weighed.specific_gravity == D("4.00")
    assert rank(weighed, SAMPLE_CONSTANTS)[0] == rank(RUBY, SAMPLE_CONSTANTS)[0]


def test_birefringence_and_carats_of_measurements():
    assert birefringence(D("1.762"), D("1.770")) == D("0.008")
    assert replace(RUBY, mass_g=D("0.3011")).carats == D("1.51")
    assert RUBY.carats is None


@given(
    st.decimals(min_value=D("0.001"), max_value=D("100"), places=3),
    st.decimals(min_value=D("0.001"), max_value=D("0.99"), places=3),
)
def test_hydrostatic_sg_is_above_one_and_within_rounding(weight_in_air, fraction):
    weight_in_water = (weight_in_air * fraction).quantize(D("0.001"))
    if not 0 < weight_in_water < weight_in_air:
        return
    sg = hydrostatic_sg(weight_in_air, weight_in_water)
    assert sg >= 1
    assert abs(sg - weight_in_air / (weight_in_air - weight_in_water)) <= D("0.005")


@given(st.decimals(min_value=D("0.0001"), max_value=D("1000"), places=4))
def test_carats_within_half_a_hundredth(grams):
    assert abs(carats(grams) - grams * 5) <= D("0.005")


# --- Ranking -----------------------------------------------------------------------------------------------


def test_ruby_ranks_corundum_first_on_every_property():
    top, second = rank(RUBY, SAMPLE_CONSTANTS)[:2]
    assert (top.code, top.score) == ("corundum", 4)
    assert top.matched == ("ri", "birefringence", "optic_character", "sg") and top.mismatched == ()
    assert second.score < top.score


def test_moissanite_ranks_first_over_diamond_by_sg_and_optic_character():
    ranked = rank(MOISSANITE, SAMPLE_CONSTANTS)
    by_code = {candidate.code: candidate for candidate in ranked}
    assert ranked[0].code == "synthetic_moissanite" and ranked[0].score == 3
    assert by_code["diamond"].matched == ("ri_over_limit",)
    assert by_code["diamond"].mismatched == ("optic_character", "sg")
    assert [c.code for c in ranked].index("diamond") > 0
    assert "ri_over_limit" in by_code["corundum"].mismatched  # readable on a refractometer


def test_cultured_pearl_ranks_pearl_first():
    ranked = rank(CULTURED_PEARL, SAMPLE_CONSTANTS)
    assert ranked[0].code == "pearl" and ranked[0].score == 2
    assert all(candidate.score < 2 for candidate in ranked[1:])


def test_ranking_is_sorted_by_score_then_code_and_keeps_every_constant():
    ranked = rank(Measurements(sg=D("2.70")), SAMPLE_CONSTANTS)
    assert len(ranked) == len(SAMPLE_CONSTANTS)
    assert ranked == sorted(ranked, key=lambda c: (-c.score, c.code))
    assert [c.code for c in ranked if c.score == 1] == [
        "beryl_emerald",
        "flux_synthetic_emerald",
        "glass",
        "pearl",
    ]


def test_nothing_measured_scores_nothing():
    assert {candidate.score for candidate in rank(Measurements(), SAMPLE_CONSTANTS)} == {0}


@pytest.mark.parametrize(
    ("change", "reason", "matches"),
    [
        ({"ri_max": D("1.780")}, "ri", True),  # 1.770 + 0.01
        ({"ri_max": D("1.781")}, "ri", False),
        ({"sg": D("4.10")}, "sg", True),  # 4.05 + 0.05
        ({"sg": D("4.11")}, "sg", False),
        ({"birefringence": D("0.015")}, "birefringence", True),  # 0.010 + 0.005
        ({"birefringence": D("0.016")}, "birefringence", False),
        ({"optic_character": "uniaxial"}, "optic_character", True),  # sign not determined
        ({"optic_character": "anisotropic"}, "optic_character", True),
        ({"optic_character": "biaxial"}, "optic_character", False),
        ({"optic_character": "uniaxial+"}, "optic_character", False),
    ],
)
def test_each_property_on_both_sides_of_its_tolerance(change, reason, matches):
    corundum = next(c for c in rank(replace(RUBY, **change), SAMPLE_CONSTANTS) if c.code == "corundum")
    assert (reason in corundum.matched) is matches
    assert (reason in corundum.mismatched) is not matches


def test_tolerances_are_options():
    ranked = rank(replace(RUBY, sg=D("4.11")), SAMPLE_CONSTANTS, sg_tolerance=D("0.06"))
    assert ranked[0].code == "corundum" and "sg" in ranked[0].matched


def test_isotropic_and_amorphous_are_both_singly_refractive():
    amber = Measurements(ri_min=D("1.540"), optic_character="isotropic", sg=D("1.08"))
    ranked = rank(amber, SAMPLE_CONSTANTS)
    assert [c.code for c in ranked[:2]] == ["amber", "copal"]
    assert ranked[0].mismatched == ()


def test_colour_change_scores_only_for_the_material_defined_by_it():
    alexandrite = Measurements(ri_min=D("1.746"), ri_max=D("1.755"), optic_character="biaxial+", sg=D("3.73"))
    for observed, reason_list in ((True, "matched"), (False, "mismatched")):
        ranked = rank(replace(alexandrite, colour_change=observed), SAMPLE_CONSTANTS)
        candidate = next(c for c in ranked if c.code == "chrysoberyl_alexandrite")
        assert "colour_change" in getattr(candidate, reason_list)
        assert all("colour_change" not in c.matched + c.mismatched for c in ranked if c is not candidate)
    not_examined = next(c for c in rank(alexandrite, SAMPLE_CONSTANTS) if c.code == "chrysoberyl_alexandrite")
    assert "colour_change" not in not_examined.matched + not_examined.mismatched


def test_otl_matches_constants_with_no_ri_listed():
    unlisted = Constant(
        code="unknown_otl", species="x", optic_character="isotropic", sg_min=D(3), sg_max=D(3)
    )
    (candidate,) = rank(Measurements(ri_over_limit=True), [unlisted])
    assert candidate.matched == ("ri_over_limit",)
    (candidate,) = rank(Measurements(ri_min=D("1.54")), [unlisted])
    assert candidate.matched == candidate.mismatched == ()  # a reading is not compared with an unlisted RI


OBSERVATIONS = {
    "isotropic": ["isotropic", "amorphous"],
    "amorphous": ["amorphous", "isotropic"],
    "uniaxial+": ["uniaxial+", "uniaxial", "anisotropic"],
    "uniaxial-": ["uniaxial-", "uniaxial", "anisotropic"],
    "biaxial+": ["biaxial+", "biaxial", "anisotropic"],
    "biaxial-": ["biaxial-", "biaxial", "anisotropic"],
    "aggregate": ["aggregate"],
}


@st.composite
def own_measurements(draw):
    """A constant and measurements consistent with it, anywhere within its ranges and the tolerances."""
    material = draw(st.sampled_from(SAMPLE_CONSTANTS))
    low, high = material.ri_range
    if low > D("1.81"):
        ri = {"ri_over_limit": True}
    elif material.optic_character in ("uniaxial+", "uniaxial-", "biaxial+", "biaxial-"):
        biref_low, biref_high = material.birefringence_range or (D(0), high - low)
        biref = draw(st.decimals(min_value=biref_low, max_value=biref_high, places=3))
        lower = draw(st.decimals(min_value=low - D("0.01"), max_value=high + D("0.01") - biref, places=3))
        ri = {"ri_min": lower, "ri_max": lower + biref}
    else:
        ri = {"ri_min": draw(st.decimals(min_value=low - D("0.01"), max_value=high + D("0.01"), places=3))}
    sg = draw(
        st.decimals(min_value=material.sg_min - D("0.05"), max_value=material.sg_max + D("0.05"), places=3)
    )
    optic = draw(st.sampled_from(OBSERVATIONS[material.optic_character]))
    return material, Measurements(sg=sg, optic_character=optic, colour_change=material.colour_change, **ri)


@given(own_measurements())
def test_a_material_is_never_contradicted_by_its_own_constants(case):
    material, measurements = case
    ranked = rank(measurements, SAMPLE_CONSTANTS)
    own = next(candidate for candidate in ranked if candidate.code == material.code)
    assert own.mismatched == () and own.score == len(own.matched) >= 3
    assert ranked == sorted(ranked, key=lambda c: (-c.score, c.code))
    claimed = replace(measurements, claimed_code=material.code)
    assert "claim_contradicts_constants" not in codes(claimed)


# --- Flags -------------------------------------------------------------------------------------------------


def test_ruby_raises_no_flag():
    assert codes(replace(RUBY, claimed_code="corundum")) == []


@pytest.mark.parametrize(
    ("entered", "raised"),
    [("0.013", False), ("0.014", True), ("0.003", False), ("0.002", True)],  # RI difference 0.008 ± 0.005
)
def test_birefringence_inconsistent_with_the_readings(entered, raised):
    measurements = replace(RUBY, birefringence=D(entered))
    assert ("birefringence_inconsistent" in codes(measurements)) is raised
    if raised:
        detail = flag(measurements, "birefringence_inconsistent").detail
        assert detail == {"entered": D(entered), "computed": D("0.008"), "tolerance": D("0.005")}


def test_birefringence_is_checked_only_against_two_readings():
    assert "birefringence_inconsistent" not in codes(replace(RUBY, ri_max=None, birefringence=D("0.050")))


@pytest.mark.parametrize(
    ("change", "raised"),
    [
        ({"ri_max": D("1.545")}, False),  # 0.005
        ({"ri_max": D("1.546")}, True),  # 0.006
        ({"birefringence": D("0.005")}, False),
        ({"birefringence": D("0.006")}, True),
        ({"ri_max": D("1.546"), "optic_character": "amorphous"}, True),
        ({"ri_max": D("1.546"), "optic_character": "uniaxial+"}, False),
    ],
)
def test_isotropic_with_birefringence(change, raised):
    glass = replace(Measurements(ri_min=D("1.540"), optic_character="isotropic", sg=D("2.50")), **change)
    assert ("isotropic_with_birefringence" in codes(glass)) is raised


@pytest.mark.parametrize(
    ("claimed", "change", "mismatched"),
    [
        ("corundum", {"sg": D("4.10")}, None),
        ("corundum", {"sg": D("4.11")}, ["sg"]),
        ("corundum", {"ri_min": D("1.751")}, ["ri"]),  # 1.762 − 0.01 = 1.752
        ("corundum", {"optic_character": "uniaxial+"}, ["optic_character"]),
        ("chrysoberyl_alexandrite", {}, ["ri", "optic_character", "sg"]),
    ],
)
def test_claim_contradicts_constants(claimed, change, mismatched):
    measurements = replace(RUBY, claimed_code=claimed, **change)
    if mismatched is None:
        assert "claim_contradicts_constants" not in codes(measurements)
    else:
        detail = flag(measurements, "claim_contradicts_constants").detail
        assert detail == {"claimed_code": claimed, "mismatched": mismatched}


def test_colour_change_sapphire_claimed_as_alexandrite():
    stone = replace(RUBY, birefringence=None, colour_change=True, claimed_code="chrysoberyl_alexandrite")
    assert codes(stone) == ["claim_contradicts_constants", "colour_change_corundum_not_alexandrite"]
    detail = flag(stone, "colour_change_corundum_not_alexandrite").detail
    assert detail == {
        "corundum_codes": ["corundum"],
        "claimed_code": "chrysoberyl_alexandrite",
        "claimed_alexandrite": True,
    }


@pytest.mark.parametrize(
    ("measurements", "raised"),
    [
        (Measurements(sg=D("3.90"), colour_change=True), True),  # 3.95 − 0.05
        (Measurements(sg=D("3.89"), colour_change=True), False),
        (Measurements(ri_min=D("1.762"), ri_max=D("1.770"), colour_change=True), True),
        (replace(RUBY, colour_change=False), False),
        (replace(RUBY, colour_change=None), False),
        (replace(RUBY, colour_change=True, optic_character="biaxial+"), False),  # not corundum-like
        (
            Measurements(
                ri_min=D("1.746"),
                ri_max=D("1.755"),
                optic_character="biaxial+",
                sg=D("3.73"),
                colour_change=True,
            ),
            False,  # alexandrite
        ),
        (Measurements(optic_character="uniaxial-", colour_change=True), False),  # needs RI or SG
    ],
)
def test_colour_change_with_corundum_constants(measurements, raised):
    assert ("colour_change_corundum_not_alexandrite" in codes(measurements)) is raised


@pytest.mark.parametrize(
    ("change", "raised"),
    [
        ({}, True),  # top candidate is natural emerald
        ({"ri_max": D("1.565")}, True),
        ({"ri_max": D("1.566")}, False),
        ({"sg": D("2.67")}, False),
        ({"claimed_code": "beryl_emerald", "optic_character": None}, True),
        ({"ri_max": None}, True),  # one reading
        ({"sg": None}, False),
        # Amber-like readings: no beryl claimed, beryl is not the top candidate.
        ({"ri_min": D("1.540"), "ri_max": None, "optic_character": "amorphous", "sg": D("1.08")}, False),
    ],
)
def test_possible_flux_synthetic_emerald(change, raised):
    measurements = replace(FLUX_EMERALD, **change)
    assert ("possible_flux_synthetic_emerald" in codes(measurements)) is raised


def test_flux_flag_detail():
    detail = flag(
        replace(FLUX_EMERALD, claimed_code="beryl_emerald"), "possible_flux_synthetic_emerald"
    ).detail
    assert detail == {
        "ri_max": D("1.564"),
        "sg": D("2.66"),
        "beryl_codes": ["beryl_emerald"],
        "claimed_code": "beryl_emerald",
    }


def test_otl_asks_for_other_means_and_names_what_is_missing():
    assert codes(MOISSANITE) == ["otl_identify_by_other_means"]
    assert flag(MOISSANITE, "otl_identify_by_other_means").detail == {
        "otl_limit": D("1.81"),
        "methods": ["sg", "optic_character", "thermal_probe", "reflectivity"],
        "missing": [],
    }
    bare = Measurements(ri_over_limit=True)
    assert flag(bare, "otl_identify_by_other_means").detail["missing"] == ["sg", "optic_character"]
    assert "otl_identify_by_other_means" not in codes(RUBY)


def test_flags_come_in_the_documented_order():
    everything = Measurements(
        ri_min=D("1.540"),
        ri_max=D("1.546"),
        birefringence=D("0.020"),
        optic_character="isotropic",
        sg=D("2.66"),
        claimed_code="beryl_emerald",
    )
    raised = codes(everything)
    assert raised == [code for code in FLAG_CODES if code in raised]
    assert raised[:3] == [
        "birefringence_inconsistent",
        "isotropic_with_birefringence",
        "claim_contradicts_constants",
    ]


# --- Input errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: carats(D("0")), "not_positive"),
        (lambda: hydrostatic_sg(D("2.000"), D("2.000")), "water_weight_not_below_air"),
        (lambda: hydrostatic_sg(D("2.000"), D("2.100")), "water_weight_not_below_air"),
        (lambda: hydrostatic_sg(D("0"), D("-0.5")), "not_positive"),
        (lambda: hydrostatic_sg(D("1.000"), D("0")), "not_positive"),
        (lambda: birefringence(D("1.770"), D("1.762")), "ri_min_above_max"),
        (lambda: Measurements(ri_min=D("1.770"), ri_max=D("1.762")), "ri_min_above_max"),
        (lambda: Measurements(ri_min=D("0.9")), "ri_not_above_one"),
        (lambda: Measurements(ri_min=D("1.9"), ri_over_limit=True), "ri_reading_with_over_limit"),
        (lambda: Measurements(birefringence=D("-0.001")), "negative_birefringence"),
        (lambda: Measurements(optic_character="cubic"), "unknown_optic_character"),
        (lambda: Measurements(sg=D("4.00"), weight_in_air_g=D("2")), "sg_and_weighings"),
        (lambda: Measurements(weight_in_air_g=D("2")), "weighing_missing"),
        (
            lambda: Measurements(weight_in_air_g=D("2"), weight_in_water_g=D("3")),
            "water_weight_not_below_air",
        ),
        (lambda: Measurements(sg=D("0")), "not_positive"),
        (lambda: Measurements(mass_g=D("-1")), "not_positive"),
        (lambda: constant("x", "x", "cubic", "3"), "unknown_optic_character"),
        (lambda: constant("x", "x", "uniaxial", "3"), "unknown_optic_character"),  # observations only
        (
            lambda: Constant(code="x", species="x", optic_character="isotropic", sg_min=D(4), sg_max=D(3)),
            "sg_min_above_max",
        ),
        (lambda: rank(RUBY, []), "no_constants"),
        (lambda: rank(RUBY, SAMPLE_CONSTANTS[:2] * 2), "duplicate_constant_code"),
        (lambda: rank(RUBY, SAMPLE_CONSTANTS, sg_tolerance=D("-0.01")), "negative_tolerance"),
        (lambda: flags(replace(RUBY, claimed_code="tanzanite"), SAMPLE_CONSTANTS), "unknown_claimed_code"),
    ],
)
def test_input_errors_have_stable_codes(call, code):
    with pytest.raises(GemInputError) as error:
        call()
    assert error.value.code == code
    assert isinstance(error.value, ValueError)


def test_error_params_name_the_quantity():
    with pytest.raises(GemInputError) as error:
        hydrostatic_sg(D("1.000"), D("0"))
    assert error.value.params == {"quantity": "weight_in_water"}
