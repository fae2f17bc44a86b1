"""Generic XRF CSV: the exact readings of the sample files, and each accepted variation of the layout."""

import datetime
from decimal import Decimal as D
from pathlib import Path

import pytest

from instruments.parsers import Composition, ParseError, Problem, xrf_csv

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "instruments"


def at(hour: int, minute: int, second: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, 20, hour, minute, second)  # noqa: DTZ001 - files carry no zone


def gold(au="58.52", ag="8.10", cu="30.60", zn="2.78") -> dict[str, D]:
    return {"Au": D(au), "Ag": D(ag), "Cu": D(cu), "Zn": D(zn)}


def parse_text(text: str, encoding: str = "utf-8"):
    return xrf_csv.parse(text.encode(encoding))


def test_generic_sample_file_gives_every_reading_exactly():
    parsed = xrf_csv.parse((FIXTURES / "xrf_generic.csv").read_bytes())

    nil = D("0.00")
    assert parsed.rows == (
        Composition(
            6, "ALM-2026-000101", "1",
            {"Au": D("58.62"), "Ag": D("8.15"), "Cu": D("30.41"), "Zn": D("2.80"), "Pd": nil},
            frozenset({"Ni"}), at(10, 14, 3),
        ),
        Composition(
            7, "ALM-2026-000101", "2",
            {"Au": D("58.57"), "Ag": D("8.19"), "Cu": D("30.44"), "Zn": D("2.78"), "Ni": D("0.01"), "Pd": nil},
            frozenset(), at(10, 15, 12),
        ),
        Composition(
            8, "ALM-2026-000102", "1",
            {"Au": D("58.55"), "Ag": D("3.02"), "Cu": D("37.95"), "Zn": D("0.46"), "Ni": nil, "Pd": nil},
            frozenset(), at(10, 17, 40),
        ),
        Composition(
            9, "ALM-2026-000102", "2",
            {"Au": D("58.49"), "Ag": D("3.06"), "Cu": D("37.98"), "Zn": D("0.45"), "Ni": nil, "Pd": nil},
            frozenset(), at(10, 18, 51),
        ),
        Composition(
            10, "ALM-2026-000103", "1",
            {"Au": D("58.71"), "Ag": D("10.12"), "Cu": D("20.35"), "Zn": D("1.20"), "Ni": D("0.05"), "Pd": D("9.55")},
            frozenset(), at(10, 21, 7),
        ),
        Composition(
            11, "ALM-2026-000103", "2",
            {"Au": D("58.66"), "Ag": D("10.15"), "Cu": D("20.39"), "Zn": D("1.18"), "Ni": D("0.04"), "Pd": D("9.57")},
            frozenset(), at(10, 22, 15),
        ),
        Composition(
            12, "ALM-2026-000104", "1",
            {"Au": nil, "Ag": D("92.61"), "Cu": D("7.21"), "Zn": D("0.14"), "Ni": D("0.03"), "Pd": nil},
            frozenset(), at(10, 24, 33),
        ),
        Composition(
            13, "ALM-2026-000104", "2",
            {"Au": nil, "Ag": D("92.55"), "Cu": D("7.26"), "Zn": D("0.15"), "Ni": D("0.02"), "Pd": nil},
            frozenset(), at(10, 25, 41),
        ),
    )  # fmt: skip
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

    silver = "Ag", "Cu", "Zn"
    assert parsed.rows == (
        Composition(4, "ALM-2026-000105", "", gold("58.48", "8.30", "30.50", "2.72"), frozenset(), at(11, 2, 15)),
        Composition(5, "ALM-2026-000105", "", gold("58.53", "8.27", "30.46", "2.74"), frozenset(), at(11, 3, 27)),
        Composition(
            6, "ALM-2026-000106", "", dict(zip(silver, (D("92.47"), D("7.35"), D("0.18")), strict=True)),
            frozenset({"Au"}), at(11, 6, 2),
        ),
        Composition(
            7, "ALM-2026-000106", "", dict(zip(silver, (D("92.52"), D("7.30"), D("0.18")), strict=True)),
            frozenset({"Au"}), at(11, 7, 10),
        ),
    )  # fmt: skip
    assert parsed.problems == parsed.skipped == ()
    assert parsed.meta == {"instrument": "Спектроскан МАКС-GF2E", "serial": "1123"}


@pytest.mark.parametrize("header", ["Au", "Au (%)", "Au, %", "Au wt%", "Au [%]", "AU", "au %", "Au (wt.%)"])
def test_element_columns_in_percent(header):
    parsed = parse_text(f"Sample;{header}\nALM-2026-000101;58.52\n")

    assert parsed.rows == (Composition(2, "ALM-2026-000101", "", {"Au": D("58.52")}),)


@pytest.mark.parametrize(
    ("header", "value"), [("Au (‰)", "585.2"), ("Au, ‰", "585.2"), ("Au (ppm)", "585200")]
)
def test_per_mille_and_ppm_columns_are_converted_to_percent_exactly(header, value):
    parsed = parse_text(f"Sample;{header}\nALM-2026-000101;{value}\n")

    assert parsed.rows[0].fractions == {"Au": D("58.52")}
    assert str(parsed.rows[0].fractions["Au"]) in ("58.52", "58.5200")  # digits kept, never via float


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
