"""ICP-OES long format: lines of one solution become one determination of impurities in mg/kg."""

import datetime
from decimal import Decimal as D
from pathlib import Path

import pytest

from instruments.parsers import Impurities, ParseError, Problem, icp_oes

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "instruments"
MALFORMED = FIXTURES / "malformed"
HEADER = "Solution Label,Rack:Tube,Type,Date Time,Element,Flags,Soln Conc,Units,SD,%RSD"
ELEMENTS = ("Ag", "Bi", "Cu", "Fe", "Pb", "Pd", "Pt", "Sb", "Zn")


def at(hour: int, minute: int, second: int) -> datetime.datetime:
    return datetime.datetime(2026, 11, 20, hour, minute, second)  # noqa: DTZ001 - files carry no zone


def mg_kg(*values: str) -> dict[str, D]:
    return {element: D(value) for element, value in zip(ELEMENTS, values, strict=True) if value}


def parse_lines(*lines: str, header: str = HEADER):
    return icp_oes.parse("\n".join([header, *lines]).encode())


def test_two_gold_bars_two_preparations_each_exactly():
    parsed = icp_oes.parse((FIXTURES / "icp_oes.csv").read_bytes())

    bar_201 = "ALM-2026-000201"
    bar_202 = "ALM-2026-000202"
    bismuth_absent = frozenset({"Bi"})  # "<0.2"
    assert parsed.rows == (
        Impurities(
            20,
            bar_201,
            "2:1",
            mg_kg("32.4", "", "8.1", "3.2", "1.1", "6.5", "0.9", "0.4", "0.6"),
            bismuth_absent,
            at(9, 31, 5),
        ),
        Impurities(
            30,
            bar_201,
            "2:2",
            mg_kg("31.9", "0.3", "8.4", "2.9", "1.2", "6.3", "1.0", "0.5", "0.7"),
            measured_at=at(9, 34, 18),
        ),
        Impurities(
            39,
            bar_202,
            "2:3",
            mg_kg("18.7", "0.4", "12.6", "4.1", "0.8", "2.2", "0.6", "0.3", "1.5"),
            measured_at=at(9, 37, 31),
        ),
        Impurities(
            48,
            bar_202,
            "2:4",
            mg_kg("19.2", "0.4", "12.3", "4.4", "0.9", "2.1", "0.5", "0.3", "1.4"),
            measured_at=at(9, 40, 44),
        ),
    )
    assert parsed.problems == ()
    assert [(s.line, s.code, s.params) for s in parsed.skipped] == [
        *[(line, "not_a_sample", {"type": "Cal Blank"}) for line in range(2, 11)],
        *[(line, "not_a_sample", {"type": "Standard"}) for line in range(11, 20)],
        (21, "second_wavelength", {"element": "Ag"}),  # Ag 338.289 after Ag 328.068: the first is used
    ]
    assert parsed.format == "icp_oes"


def test_without_rack_and_time_replicates_are_numbered_per_label():
    parsed = parse_lines(
        "ALM-1,Ag 328.068,12.5,mg/kg",
        "ALM-1,Cu 327.395,3.1,mg/kg",
        "ALM-2,Ag 328.068,7.0,ppm",
        "ALM-1,Ag 328.068,12.9,µg/g",
        "ALM-1,Cu 327.395,3.3,ug/g",
        header="Sample Name,Element,Sample Conc,Units",
    )

    assert parsed.rows == (
        Impurities(2, "ALM-1", "1", {"Ag": D("12.5"), "Cu": D("3.1")}),
        Impurities(4, "ALM-2", "1", {"Ag": D("7.0")}),
        Impurities(5, "ALM-1", "2", {"Ag": D("12.9"), "Cu": D("3.3")}),
    )


def test_the_same_label_at_another_time_is_another_determination():
    parsed = parse_lines(
        "ALM-1,,Sample,20.11.2026 09:31:05,Ag 328.068,,12.5,mg/kg,,",
        "ALM-1,,Sample,20.11.2026 09:34:18,Ag 328.068,,12.9,mg/kg,,",
    )

    assert [(row.line, row.replicate, row.measured_at) for row in parsed.rows] == [
        (2, "1", at(9, 31, 5)),
        (3, "2", at(9, 34, 18)),
    ]


def test_percent_is_converted_to_mg_per_kg_exactly():
    parsed = parse_lines("ALM-1\tAg\t0.0032\t%", header="Sample ID\tElement\tConc\tUnits")

    assert parsed.rows[0].concentrations == {"Ag": D("32")}


def test_sample_conc_is_preferred_to_the_solution_concentration():
    parsed = parse_lines(
        "ALM-1;Ag 328,068;0,125;32,4;mg/kg", header="Solution Label;Element;Soln Conc;Sample Conc;Units"
    )

    assert parsed.rows[0].concentrations == {"Ag": D("32.4")}


@pytest.mark.parametrize(("value", "flags"), [("<0.2", ""), ("0.13", "<"), ("< 0.2", "")])
def test_below_detection(value, flags):
    parsed = parse_lines(
        f"ALM-1,2:1,Sample,,Bi 223.061,{flags},{value},mg/kg,,", "ALM-1,2:1,Sample,,Ag 328.068,,12.5,mg/kg,,"
    )

    assert parsed.rows == (Impurities(2, "ALM-1", "2:1", {"Ag": D("12.5")}, frozenset({"Bi"})),)


@pytest.mark.parametrize("kind", ["Blank", "Cal Blank", "Standard", "Std", "QC", "Check"])
def test_solutions_that_are_not_samples_are_skipped(kind):
    line = f"Check 1,1:3,{kind},,Ag 328.068,,1.02,mg/L,,"

    parsed = parse_lines(line, "ALM-1,2:1,Sample,,Ag 328.068,,12.5,mg/kg,,")

    assert parsed.skipped == (Problem(2, "not_a_sample", {"type": kind}, line),)


def test_row_problems():
    parsed = parse_lines(
        "ALM-1,2:1,Sample,,Ag 328.068,,0.0125,mg/L,,",
        "ALM-1,2:1,Sample,,Cu 327.395,,3.1,µg/L,,",
        "ALM-1,2:1,Sample,,Fe 259.940,,3.1,ppb,,",
        "ALM-1,2:1,Sample,,Pb 220.353,,3.1,g/t,,",
        "ALM-1,2:1,Sample,,Pd 340.458,u,3.1,mg/kg,,",
        "ALM-1,2:1,Sample,,Pt 265.945,,-0.4,mg/kg,,",
        "ALM-1,2:1,Sample,,Zn 213.857,,####,mg/kg,,",
        "ALM-1,2:1,Sample,,Sb 206.834,,0.4,mg/kg,,",
        "ALM-1,2:1,Sample,,Xx 200.000,,0.4,mg/kg,,",
        ",2:1,Sample,,Bi 223.061,,0.4,mg/kg,,",
        "ALM-1,2:1,Sample,31.11.2026 09:00,Bi 223.061,,0.4,mg/kg,,",
        "ALM-1,2:1,Unknown,,Bi 223.061,,0.4,mg/kg,,",
        "ALM-1,2:1,Sample,,Bi 223.061,,0.4,mg/kg",
        "ALM-1,2:1,Sample,,Bi 223.061,,0.4,mg/kg,,,1",
    )

    assert [(p.line, p.code, p.params) for p in parsed.problems] == [
        (2, "solution_unit", {"unit": "mg/L"}),
        (2, "incomplete_determination", {"sample": "ALM-1", "lines": "2, 3, 4, 5, 6, 7, 8, 10"}),
        (3, "solution_unit", {"unit": "µg/L"}),
        (4, "solution_unit", {"unit": "ppb"}),
        (5, "unit", {"unit": "g/t"}),
        (6, "flagged", {"flag": "u"}),
        (7, "negative", {"element": "Pt", "value": "-0.4"}),
        (8, "bad_number", {"column": "Soln Conc", "value": "####"}),
        (10, "bad_element", {"value": "Xx 200.000"}),
        (11, "no_sample", {}),
        (12, "bad_date", {"value": "31.11.2026 09:00"}),
        (13, "unknown_type", {"type": "Unknown"}),
        (14, "field_count", {"got": 8, "expected": 10}),
        (15, "field_count", {"got": 11, "expected": 10}),
    ]
    # Only Sb was read: without the other impurities the fineness by difference would be too high.
    assert parsed.rows == ()


def test_a_second_wavelength_never_replaces_a_rejected_first_one():
    parsed = parse_lines(
        "ALM-1,2:1,Sample,,Pb 220.353,o,3.1,mg/kg,,", "ALM-1,2:1,Sample,,Pb 217.000,,2.9,mg/kg,,"
    )

    assert [p.code for p in parsed.problems] == ["flagged"]
    assert [(s.line, s.code) for s in parsed.skipped] == [(3, "second_wavelength")]
    assert parsed.rows == ()


def test_a_determination_with_a_rejected_line_is_not_given_only_the_rejected_lines_and_why():
    parsed = icp_oes.parse((MALFORMED / "icp_missing_line.csv").read_bytes())

    first = "ALM-2026-000301,2:1,Sample,20.11.2026 10:02:13,Ag 328.068,,28.6,mg/kg,0.05,0.17"
    over_range = "ALM-2026-000301,2:1,Sample,20.11.2026 10:02:13,Fe 259.940,o,412.0,mg/kg,,"
    assert parsed.problems == (
        Problem(3, "incomplete_determination", {"sample": "ALM-2026-000301", "lines": "5"}, first),
        Problem(5, "flagged", {"flag": "o"}, over_range),
    )
    # 2:1 lost its Fe line, so it gives no row at all; 2:2 only skipped a second Ag wavelength.
    assert parsed.rows == (
        Impurities(
            7,
            "ALM-2026-000301",
            "2:2",
            {"Ag": D("28.9"), "Cu": D("9.2"), "Fe": D("3.4"), "Pb": D("1.2")},
            measured_at=at(10, 5, 26),
        ),
    )
    assert [(s.line, s.code, s.params) for s in parsed.skipped] == [
        (2, "not_a_sample", {"type": "Cal Blank"}),
        (8, "second_wavelength", {"element": "Ag"}),
    ]


def test_a_rejected_first_line_makes_the_determination_incomplete_at_that_line():
    parsed = parse_lines(
        "ALM-1,2:1,Sample,,Pb 220.353,,####,mg/kg,,",
        "ALM-1,2:1,Sample,,Ag 328.068,,12.5,mg/kg,,",
        "ALM-1,2:1,Sample,,Bi 223.061,,<0.2,mg/kg,,",
        "ALM-1,2:1,Sample,,Cu 327.395,,-0.1,mg/kg,,",
        "ALM-1,2:2,Sample,,Ag 328.068,,12.9,mg/kg,,",
    )

    assert [(p.line, p.code, p.params) for p in parsed.problems] == [
        (2, "bad_number", {"column": "Soln Conc", "value": "####"}),
        (2, "incomplete_determination", {"sample": "ALM-1", "lines": "2, 5"}),
        (5, "negative", {"element": "Cu", "value": "-0.1"}),
    ]
    assert parsed.rows == (Impurities(6, "ALM-1", "2:2", {"Ag": D("12.9")}),)


def test_without_rack_and_time_a_withheld_determination_is_not_numbered():
    parsed = parse_lines(
        "ALM-1,Ag 328.068,12.5,mg/kg",
        "ALM-1,Cu 327.395,3.1,mg/L",
        "ALM-2,Ag 328.068,7.0,mg/kg",
        "ALM-1,Ag 328.068,12.9,mg/kg",
        header="Sample Name,Element,Sample Conc,Units",
    )

    assert [(p.line, p.code) for p in parsed.problems] == [
        (2, "incomplete_determination"),
        (3, "solution_unit"),
    ]
    assert parsed.rows == (
        Impurities(4, "ALM-2", "1", {"Ag": D("7.0")}),
        Impurities(5, "ALM-1", "1", {"Ag": D("12.9")}),
    )


def test_a_line_with_the_wrong_field_count_that_seems_to_be_of_the_determination_makes_it_incomplete():
    parsed = parse_lines(
        "ALM-1,2:1,Sample,20.11.2026 09:31:05,Ag 328.068,,12.5,mg/kg,,",
        "ALM-1,2:1,Sample,20.11.2026 09:31:05,Cu 327.395,,3,1,mg/kg,0.05,1.2",  # an unquoted decimal comma
        "ALM-2,2:2,Sample,20.11.2026 09:34:18,Ag 328.068,,7.0,mg/kg,,",
        "ALM-3,2:3,Sample,20.11.2026 09:37:31,Ag 328.068,,7.5,mg/kg",  # another sample's: ALM-2 is whole
        "ALM-4,2:4,Sample,20.11.2026 09:40:44,Ag 328.068,,8.0,mg/kg,,",
        "ALM-4,2:4,Sam",  # the file cut short: a line of ALM-4, as far as it goes
    )

    assert [(p.line, p.code, p.params) for p in parsed.problems] == [
        (2, "incomplete_determination", {"sample": "ALM-1", "lines": "3"}),
        (3, "field_count", {"got": 11, "expected": 10}),
        (5, "field_count", {"got": 8, "expected": 10}),
        (6, "incomplete_determination", {"sample": "ALM-4", "lines": "7"}),
        (7, "field_count", {"got": 3, "expected": 10}),
    ]
    assert [(row.line, row.sample) for row in parsed.rows] == [(4, "ALM-2")]


def test_a_header_it_does_not_know_is_another_format():
    with pytest.raises(ParseError) as error:
        icp_oes.parse(b"Solution Label,Element,Intensity\nALM-1,Ag 328.068,12345\n")

    assert (error.value.code, error.value.params) == ("not_this_format", {"format": "icp_oes"})
