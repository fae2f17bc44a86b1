"""Generic XRF CSV: the exact readings of the sample files, and each accepted variation of the layout."""

import datetime
from decimal import Decimal as D
from pathlib import Path

import pytest

from instruments.parsers import Composition, ParseError, Problem, xrf_csv

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "instruments"


def at(hour: int, minute: int, second: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, 20, hour, minute, second)  # noqa: DTZ001 - files carry no zone


def pct(**fractions: str) -> dict[str, D]:
    return {element: D(value) for element, value in fractions.items()}


def reading(line, sample, number, measured_at, *values: str) -> Composition:
    """A reading of the generic sample file without "< LOD" (Au, Ag, Cu, Zn, Ni, Pd in %)."""
    fractions = dict(zip(("Au", "Ag", "Cu", "Zn", "Ni", "Pd"), map(D, values), strict=True))
    return Composition(line, sample, number, fractions, frozenset(), measured_at)


def parse_text(text: str, encoding: str = "utf-8"):
    return xrf_csv.parse(text.encode(encoding))


def test_generic_sample_file_gives_every_reading_exactly():
    parsed = xrf_csv.parse((FIXTURES / "xrf_generic.csv").read_bytes())

    assert parsed.rows == (
        Composition(
            6,
            "ALM-2026-000101",
            "1",
            pct(Au="58.62", Ag="8.15", Cu="30.41", Zn="2.80", Pd="0.00"),
            frozenset({"Ni"}),  # "< LOD"
            at(10, 14, 3),
        ),
        reading(7, "ALM-2026-000101", "2", at(10, 15, 12), "58.57", "8.19", "30.44", "2.78", "0.01", "0.00"),
        reading(8, "ALM-2026-000102", "1", at(10, 17, 40), "58.55", "3.02", "37.95", "0.46", "0.00", "0.00"),
        reading(9, "ALM-2026-000102", "2", at(10, 18, 51), "58.49", "3.06", "37.98", "0.45", "0.00", "0.00"),
        reading(10, "ALM-2026-000103", "1", at(10, 21, 7), "58.71", "10.12", "20.35", "1.20", "0.05", "9.55"),
        reading(
            11, "ALM-2026-000103", "2", at(10, 22, 15), "58.66", "10.15", "20.39", "1.18", "0.04", "9.57"
        ),
        reading(12, "ALM-2026-000104", "1", at(10, 24, 33), "0.00", "92.61", "7.21", "0.14", "0.03", "0.00"),
        reading(13, "ALM-2026-000104", "2", at(10, 25, 41), "0.00", "92.55", "7.26", "0.15", "0.02", "0.00"),
    )
    assert parsed.problems == ()
    assert parsed.skipped == ()
    assert parsed.format == "xrf_csv"
    assert parsed.meta == {
        "instrument": "Fischerscope XRAY XAN 250",
        "serial": "250-00417",
        "operator": "Aigerim Nurlanovna",
        "method": "Au jewellery 333-999",
    }


def test_russian_export_in_windows_1251_with_semicolons_and_decimal_commas():
    data = (FIXTURES / "xrf_generic_ru.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really Windows-1251

    parsed = xrf_csv.parse(data)

    no_gold = frozenset({"Au"})  # "н.о."
    assert parsed.rows == (
        Composition(
            4,
            "ALM-2026-000105",
            "",
            pct(Au="58.48", Ag="8.30", Cu="30.50", Zn="2.72"),
            measured_at=at(11, 2, 15),
        ),
        Composition(
            5,
            "ALM-2026-000105",
            "",
            pct(Au="58.53", Ag="8.27", Cu="30.46", Zn="2.74"),
            measured_at=at(11, 3, 27),
        ),
        Composition(6, "ALM-2026-000106", "", pct(Ag="92.47", Cu="7.35", Zn="0.18"), no_gold, at(11, 6, 2)),
        Composition(7, "ALM-2026-000106", "", pct(Ag="92.52", Cu="7.30", Zn="0.18"), no_gold, at(11, 7, 10)),
    )
    assert parsed.problems == parsed.skipped == ()
    assert parsed.meta == {"instrument": "Спектроскан МАКС-GF2E", "serial": "1123"}


@pytest.mark.parametrize("header", ["Au", "Au (%)", "Au, %", "Au wt%", "Au [%]", "AU", "au %", "Au (wt.%)"])
def test_element_columns_in_percent(header):
    parsed = parse_text(f"Sample;{header}\nALM-2026-000101;58.52\n")

    assert parsed.rows == (Composition(2, "ALM-2026-000101", "", {"Au": D("58.52")}),)


@pytest.mark.parametrize(
    ("header", "value", "percent"),
    [("Au (‰)", "585.2", "58.52"), ("Au, ‰", "585.2", "58.52"), ("Au (ppm)", "585200", "58.5200")],
)
def test_per_mille_and_ppm_columns_are_converted_to_percent_exactly(header, value, percent):
    parsed = parse_text(f"Sample;{header}\nALM-2026-000101;{value}\n")

    assert str(parsed.rows[0].fractions["Au"]) == percent  # the digits as written, never via float


@pytest.mark.parametrize(
    "name",
    ["Sample ID", "sample id", "SAMPLE", "ID", "Lab number", "Образец", "Шифр", "Лабораторный номер", "Үлгі"],
)
def test_sample_column_names(name):
    parsed = parse_text(f"{name},Au\nALM-2026-000101,58.52\n")

    assert parsed.rows[0].sample == "ALM-2026-000101"


@pytest.mark.parametrize("name", ["Reading", "Reading No", "No", "№", "Измерение"])
def test_reading_column_names(name):
    parsed = parse_text(f"Sample,{name},Au\nALM-2026-000101,3,58.52\n")

    assert parsed.rows[0].reading == "3"


def test_tab_delimited_with_decimal_comma_and_separate_date_and_time():
    parsed = parse_text(
        "Образец\tДата\tВремя\tAu, %\tAg, %\nALM-2026-000101\t20.11.2026\t10:14\t58,52\t8,1\n"
    )

    assert parsed.rows == (
        Composition(2, "ALM-2026-000101", "", {"Au": D("58.52"), "Ag": D("8.1")}, frozenset(), at(10, 14)),
    )


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [
        ("Date/Time", "2026-11-20 10:14:03", at(10, 14, 3)),
        ("Date/Time", "20.11.2026 10:14", at(10, 14)),
        ("Дата/время", "20/11/2026 10:14:03", at(10, 14, 3)),
        ("Date", "20.11.2026", at(0, 0)),
        ("Time", "10:14:03", None),  # a time of day alone cannot place the reading
        ("Date,Time", "2026-11-20,10:14:03", at(10, 14, 3)),
    ],
)
def test_date_and_time_columns(header, cells, expected):
    parsed = parse_text(f"Sample,{header},Au\nALM-2026-000101,{cells},58.52\n")

    assert parsed.rows[0].measured_at == expected


@pytest.mark.parametrize("cell", ["< LOD", "<LOD", "<0.01", "ND", "n.d.", "-", "н.о."])
def test_below_detection_goes_to_below_detection_not_to_fractions(cell):
    parsed = parse_text(f"Sample,Au,Ni\nALM-2026-000101,58.52,{cell}\n")

    assert parsed.rows[0].fractions == {"Au": D("58.52")}
    assert parsed.rows[0].below_detection == {"Ni"}


def test_an_empty_cell_is_not_measured():
    parsed = parse_text("Sample,Au,Ni\nALM-2026-000101,58.52,\n")

    assert parsed.rows[0] == Composition(2, "ALM-2026-000101", "", {"Au": D("58.52")})


def test_preamble_metadata_and_a_comment_after_the_header():
    parsed = parse_text(
        "# Instrument: XAN 250\n# Serial number: 42\n# S/N: 43\n# just a note\n\n"
        "Sample,Au\n# second tray\nALM-2026-000101,58.52\n\n"
    )

    assert parsed.meta == {"instrument": "XAN 250", "serial": "43"}
    assert parsed.skipped == (Problem(7, "comment", {}, "# second tray"),)
    assert [row.line for row in parsed.rows] == [8]


def test_ignored_columns_and_a_trailing_delimiter_are_accepted():
    parsed = parse_text("Sample,Comment,Au,Total,\nALM-2026-000101,ring,58.52,58.52,\n")

    assert parsed.rows == (Composition(2, "ALM-2026-000101", "", {"Au": D("58.52")}),)


def test_a_column_it_does_not_know_means_another_format():
    with pytest.raises(ParseError) as error:
        parse_text("Sample,Units,Au\nALM-2026-000101,%,58.52\n")

    assert (error.value.code, error.value.params) == ("not_this_format", {"format": "xrf_csv"})


def test_a_column_twice_is_refused():
    with pytest.raises(ParseError) as error:
        parse_text("Sample,Au (%),Au\nALM-2026-000101,58.52,58.50\n")

    assert (error.value.code, error.value.params) == ("duplicate_column", {"column": "Au"})


def test_each_problem_once_with_its_line():
    parsed = parse_text(
        "Sample,Au,Ag\n"
        "ALM-2026-000101,-0.1,8.1\n"
        "ALM-2026-000102,58.52,\n"
        "ALM-2026-000103,58.52,42.1\n"
        "ALM-2026-000104,58.52,8.1\n"
    )

    assert parsed.problems == (
        Problem(2, "out_of_range", {"element": "Au", "value": "-0.1"}, "ALM-2026-000101,-0.1,8.1"),
        Problem(4, "sum_over_100", {"total": "100.62"}, "ALM-2026-000103,58.52,42.1"),
    )
    assert [row.line for row in parsed.rows] == [3, 5]


def test_a_sum_up_to_100_5_percent_is_accepted():
    parsed = parse_text("Sample,Au,Ag\nALM-2026-000101,58.5,42.0\n")

    assert parsed.problems == ()
    assert parsed.rows[0].fractions == {"Au": D("58.5"), "Ag": D("42.0")}
