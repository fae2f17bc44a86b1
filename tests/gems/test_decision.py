"""The decision rules, without a database: precious stones under the Law (Law art.1 p.1), unique amber,
evidence gates (reference rule 6) and which flags a decision goes against."""

from decimal import Decimal

import pytest

from lims.gems.decision import (
    AmberCriterion,
    evidence_problems,
    flags_needing_reason,
    is_precious,
    status_problem,
    unique_amber,
    variety_problem,
)

D = Decimal


@pytest.mark.parametrize(
    ("species", "variety", "status", "pearl_type", "expected"),
    [
        ("diamond", "", "natural", "", (True, "natural_diamond")),
        ("diamond", "", "synthetic", "", (False, "not_natural")),
        ("corundum", "ruby", "natural", "", (True, "natural_corundum")),
        ("corundum", "sapphire", "natural", "", (True, "natural_corundum")),
        ("corundum", "ruby", "synthetic", "", (False, "not_natural")),
        ("beryl", "emerald", "natural", "", (True, "natural_emerald")),
        ("beryl", "aquamarine", "natural", "", (False, "variety_not_precious")),
        ("chrysoberyl", "alexandrite", "natural", "", (True, "natural_alexandrite")),
        ("chrysoberyl", "chrysoberyl", "natural", "", (False, "variety_not_precious")),
        ("pearl", "", "natural", "natural", (True, "natural_pearl")),
        ("pearl", "", "natural", "bead_cultured", (False, "cultured_pearl")),
        ("pearl", "", "natural", "non_bead_cultured", (False, "cultured_pearl")),
        ("moissanite", "", "synthetic", "", (False, "not_natural")),
        ("glass", "", "imitation", "", (False, "not_natural")),
        ("corundum", "ruby", "composite", "", (False, "not_natural")),
        ("garnet", "", "natural", "", (False, "species_not_precious")),
    ],
)
def test_only_the_laws_list_is_precious(species, variety, status, pearl_type, expected):
    assert is_precious(species=species, variety=variety, status=status, pearl_type=pearl_type) == expected


def test_amber_is_precious_only_as_a_unique_formation():
    assert is_precious(species="amber", variety="", status="natural", amber_is_unique=True) == (
        True,
        "unique_amber",
    )
    assert is_precious(species="amber", variety="", status="natural") == (False, "amber_not_unique")


CRITERIA = [
    AmberCriterion("large", "mass_g", D("1000"), exclusive=True),
    AmberCriterion("large", "monolithic_percent", D("80")),
    AmberCriterion("large", "characteristic_colour"),
    AmberCriterion("inclusion", "inclusion_mm", D("10"), exclusive=True),
]


@pytest.mark.parametrize(
    ("observed", "unique"),
    [
        ({"mass_g": D("1200"), "monolithic_percent": D("85"), "characteristic_colour": True}, True),
        (
            {"mass_g": D("1000"), "monolithic_percent": D("85"), "characteristic_colour": True},
            False,
        ),  # not above
        (
            {"mass_g": D("1200"), "monolithic_percent": D("80"), "characteristic_colour": True},
            True,
        ),  # at least
        ({"mass_g": D("1200"), "monolithic_percent": D("79.9"), "characteristic_colour": True}, False),
        ({"mass_g": D("1200"), "monolithic_percent": D("85"), "characteristic_colour": None}, False),
        ({"inclusion_mm": D("10.1")}, True),
        ({"inclusion_mm": D("10")}, False),
        ({}, False),
    ],
)
def test_unique_amber_needs_every_criterion_of_one_group(observed, unique):
    assert unique_amber(CRITERIA, observed) is unique


def test_no_amber_criteria_means_no_unique_amber():
    assert unique_amber([], {"mass_g": D("5000")}) is False


def test_rule6_natural_corundum_beryl_chrysoberyl_diamond_need_evidence():
    for species in ("corundum", "beryl", "chrysoberyl", "diamond"):
        assert evidence_problems(species=species, status="natural", evidence_count=0, xray_findings="") == [
            "natural_needs_evidence"
        ]
        assert evidence_problems(species=species, status="natural", evidence_count=1, xray_findings="") == []
        assert (
            evidence_problems(species=species, status="synthetic", evidence_count=0, xray_findings="") == []
        )
    assert evidence_problems(species="garnet", status="natural", evidence_count=0, xray_findings="") == []


def test_rule6_a_pearl_needs_an_xray_finding():
    assert evidence_problems(species="pearl", status="natural", evidence_count=3, xray_findings=" ") == [
        "pearl_needs_xray"
    ]
    assert evidence_problems(species="pearl", status="natural", evidence_count=0, xray_findings="bead") == []


def test_variety_must_belong_to_the_species():
    assert variety_problem("corundum", "ruby") is None
    assert variety_problem("corundum", "") == "variety_required"
    assert variety_problem("corundum", "emerald") == "variety_not_of_species"
    assert variety_problem("diamond", "") is None
    assert variety_problem("diamond", "ruby") == "variety_not_of_species"


def test_a_synthetic_material_is_never_natural():
    assert status_problem("synthetic", "natural", species="moissanite", pearl_type="") == (
        "status_impossible_for_material"
    )
    assert status_problem("imitation", "synthetic", species="glass", pearl_type="") == (
        "status_impossible_for_material"
    )
    assert status_problem("natural", "synthetic", species="corundum", pearl_type="") is None
    assert status_problem("organic", "natural", species="pearl", pearl_type="") == "pearl_type_required"
    assert status_problem("natural", "natural", species="corundum", pearl_type="natural") == (
        "pearl_type_only_for_pearls"
    )


def test_flags_the_decision_goes_against_need_a_reason():
    flags = [
        ("birefringence_inconsistent", {}),
        ("isotropic_with_birefringence", {}),
        ("claim_contradicts_constants", {}),
        ("colour_change_corundum_not_alexandrite", {"claimed_alexandrite": False}),
        ("possible_flux_synthetic_emerald", {}),
        ("otl_identify_by_other_means", {"missing": []}),
    ]
    assert flags_needing_reason(flags, status="synthetic") == [
        "birefringence_inconsistent",
        "isotropic_with_birefringence",
        "claim_contradicts_constants",
    ]
    assert flags_needing_reason(
        [
            ("possible_flux_synthetic_emerald", {}),
            ("colour_change_corundum_not_alexandrite", {"claimed_alexandrite": True}),
        ],
        status="natural",
    ) == ["possible_flux_synthetic_emerald", "colour_change_corundum_not_alexandrite"]
    assert flags_needing_reason([("otl_identify_by_other_means", {"missing": ["sg"]})], status="natural") == [
        "otl_identify_by_other_means"
    ]
