"""Niton-style XRF export: the exact readings of the sample file, calibration checks, units per row."""

import datetime
from decimal import Decimal as D
from pathlib import Path

import pytest

from instruments.parsers import Composition, ParseError, Problem, xrf_csv, xrf_niton

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "instruments"
HEADER = "Reading No,Time,Type,Duration,Units,SAMPLE,LOCATION,INSPECTOR,Au,Au Err,Ag,Ag Err"


def at(hour: int, minute: int, second: int) -> datetime.datetime:
    return datetime.datetime(2026, 11, 20, hour, minute, second)  # noqa: DTZ001 - files carry no zone


def pct(**fractions: str) -> dict[str, D]:
    return {element: D(value) for element, value in fractions.items()}


def parse_lines(*lines: str):
    return xrf_niton.parse("\r\n".join(lines).encode())


def test_sample_file_gives_every_reading_exactly():
    parsed = xrf_niton.parse((FIXTURES / "xrf_niton.csv").read_bytes())

    absent = frozenset({"Ni", "Pd", "Pt", "Rh"})
    assert parsed.rows == (
        Composition(
            7,
            "ALM-2026-000111",
            "42",
            pct(Au="58.49", Ag="7.95", Cu="30.88", Zn="2.61"),
            absent,
            at(9, 40, 5),
        ),
        Composition(
            8,
            "ALM-2026-000111",
            "43",
            pct(Au="58.55", Ag="7.91", Cu="30.83", Zn="2.64"),
            absent,
            at(9, 41, 2),
        ),
        Composition(
            9,
            "ALM-2026-000112",
            "44",
            pct(Au="75.12", Ag="4.05", Cu="10.33", Zn="0.09", Pd="10.41", Rh="0.08"),
            frozenset({"Ni", "Pt"}),
            at(9, 44, 37),
        ),
        Composition(
            10,
            "ALM-2026-000113",
            "45",
            pct(Ag="92.58", Cu="7.22", Zn="0.11", Rh="0.06"),
            frozenset({"Au", "Ni", "Pd", "Pt"}),
            at(9, 47, 19),
        ),
        Composition(  # measured in ppm: 999870 ppm = 99.9870 %
            11,
            "ALM-2026-000114",
            "46",
            pct(Au="99.9870", Ag="0.0061", Cu="0.0038", Pd="0.0021"),
            frozenset({"Zn", "Ni", "Pt", "Rh"}),
            at(9, 52, 44),
        ),
    )
    assert parsed.problems == ()
    assert [(s.line, s.code, s.params) for s in parsed.skipped] == [
        (6, "calibration_check", {"type": "Cal Check"})
    ]
    assert parsed.meta == {"model": "Niton XL3t GOLDD+", "serial": "98765", "software": "8.4.2"}
    assert parsed.format == "xrf_niton"


def test_the_error_columns_are_not_fractions():
    parsed = parse_lines(
        HEADER,
        '"7","2026-11-20 09:40:05","Precious Metals","30","%","ALM-1","","","58.49","0.21","8.1","0.09"',
    )

    assert parsed.rows[0].fractions == {"Au": D("58.49"), "Ag": D("8.1")}


@pytest.mark.parametrize("kind", ["Cal Check", "System Check", "Standardize", "SYSTEM CHECK"])
def test_calibration_checks_are_skipped_with_their_type(kind):
    line = f'"7","2026-11-20 09:40:05","{kind}","30","%","","","","< LOD","0.05","< LOD","0.04"'

    parsed = parse_lines(
        "Niton XL5 Export",
        "",
        HEADER,
        line,
        '"8","","Precious Metals","30","%","ALM-1","","","58.5","0.2","8","0.1"',
    )

    assert parsed.skipped == (Problem(4, "calibration_check", {"type": kind}, line),)
    assert [row.line for row in parsed.rows] == [5]


def test_a_header_without_preamble_semicolons_and_other_columns():
    parsed = parse_lines(
        "Reading No;Time;Units;Flags;SAMPLE;Alloy 1;Au;Au Err;Ag;Ag Err",
        "12;20.11.2026 09:40;%;;ALM-2026-000111;Au 585;58,49;0,21;< LOD;0,05",
    )

    assert parsed.rows == (
        Composition(2, "ALM-2026-000111", "12", {"Au": D("58.49")}, frozenset({"Ag"}), at(9, 40, 0)),
    )
    assert parsed.meta == {}


def test_row_problems():
    parsed = parse_lines(
        HEADER,
        '"1","2026-11-20 09:40:05","Precious Metals","30","ppb","ALM-1","","","58.49","0.21","8.1","0.09"',
        '"2","2026-11-20 09:41:05","Precious Metals","30","%","","","","58.49","0.21","8.1","0.09"',
        '"3","2026-11-20 09:42:05","Precious Metals","30","%","ALM-1","","",58,49,"0.21","8.1","0.09"',
        '"4","yesterday","Precious Metals","30","%","ALM-1","","","58.49","0.21","8.1","0.09"',
        '"5","2026-11-20 09:44:05","Precious Metals","30","%","ALM-1","","","< LOD","0.21","< LOD","0.09"',
        '"6","2026-11-20 09:45:05","Precious Metals","30","ppm","ALM-1","","","1000100","90","","0.09"',
        '"7","2026-11-20 09:46:05","Precious Metals","30","%","ALM-1","","","58.49"',
    )

    assert [(p.line, p.code, p.params) for p in parsed.problems] == [
        (2, "unit", {"unit": "ppb"}),
        (3, "no_sample", {}),
        (4, "field_count", {"got": 13, "expected": 12}),
        (5, "bad_date", {"value": "yesterday"}),
        (6, "no_values", {}),
        (7, "out_of_range", {"element": "Au", "value": "100.0100"}),
        (8, "field_count", {"got": 9, "expected": 12}),
    ]
    assert parsed.rows == ()


def test_a_quoted_decimal_comma_is_a_number():
    parsed = parse_lines(
        HEADER, '"1","","Precious Metals","30","%","ALM-1","","","58,49","0,21","8,1","0,09"'
    )

    assert parsed.rows[0].fractions == {"Au": D("58.49"), "Ag": D("8.1")}


def test_a_bad_number_names_its_column():
    parsed = parse_lines(
        HEADER, '"1","","Precious Metals","30","%","ALM-1","","","58.4g","0.21","8.1","0.09"'
    )

    assert [(p.code, p.params) for p in parsed.problems] == [
        ("bad_number", {"column": "Au", "value": "58.4g"})
    ]


def test_a_niton_file_is_not_a_generic_xrf_csv_and_the_reverse():
    niton = (FIXTURES / "xrf_niton.csv").read_text(encoding="utf-8")
    generic = (FIXTURES / "xrf_generic.csv").read_text(encoding="utf-8")

    assert xrf_niton.sniff(niton) and not xrf_csv.sniff(niton)
    assert not xrf_niton.sniff(generic)
    assert not xrf_csv.sniff(niton.split("\n", 5)[-1])  # without its preamble either
    with pytest.raises(ParseError) as error:
        xrf_niton.parse(generic.encode())
    assert error.value.params == {"format": "xrf_niton"}
