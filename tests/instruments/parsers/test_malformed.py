"""Files the parsers must refuse as a whole, or read with their broken lines reported."""

from decimal import Decimal as D
from pathlib import Path

import pytest

from instruments.parsers import DEFAULT_MAX_BYTES, FORMATS, Composition, ParseError, Problem, detect, xrf_csv

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "instruments"
MALFORMED = FIXTURES / "malformed"
PARSERS = list(FORMATS.values())


def refusal(parse, data: bytes, **kwargs) -> tuple[str, dict]:
    with pytest.raises(ParseError) as error:
        parse(data, **kwargs)
    return error.value.code, error.value.params


def test_a_truncated_last_line_is_reported_the_rest_is_read():
    parsed = xrf_csv.parse((MALFORMED / "truncated.csv").read_bytes())

    assert parsed.rows == (
        Composition(
            2, "ALM-2026-000121", "1", {"Au": D("58.60"), "Ag": D("8.12"), "Cu": D("30.47"), "Zn": D("2.81")}
        ),
        Composition(
            3, "ALM-2026-000121", "2", {"Au": D("58.58"), "Ag": D("8.14"), "Cu": D("30.45"), "Zn": D("2.83")}
        ),
    )
    assert parsed.problems == (
        Problem(4, "field_count", {"got": 3, "expected": 6}, "ALM-2026-000122,1,58.6"),
    )


def test_excel_unicode_text_utf16_with_bom_parses():
    data = (MALFORMED / "xrf_utf16.csv").read_bytes()
    assert data.startswith(b"\xff\xfe")

    parsed = xrf_csv.parse(data)

    assert parsed.rows == (
        Composition(2, "ALM-2026-000131", "1", {"Au": D("91.67"), "Ag": D("4.20"), "Cu": D("4.11")}),
        Composition(3, "ALM-2026-000131", "2", {"Au": D("91.70"), "Ag": D("4.18"), "Cu": D("4.10")}),
    )


def test_windows_1251_parses():
    data = "Образец;Au, %\r\nALM-2026-000101;58,52\r\n".encode("cp1251")

    assert xrf_csv.parse(data).rows == (Composition(2, "ALM-2026-000101", "", {"Au": D("58.52")}),)


@pytest.mark.parametrize(
    "data",
    [
        b"Sample,Au\nALM-1,58.5\x98\n",  # 0x98 is neither UTF-8 nor Windows-1251
        "Sample,Au\nALM-1,58.5\n".encode("utf-16-le"),  # UTF-16 without its BOM
        (MALFORMED / "garbage.bin").read_bytes(),
    ],
    ids=["undecodable", "utf16-without-bom", "garbage"],
)
@pytest.mark.parametrize("parse", PARSERS + [detect], ids=lambda p: getattr(p, "CODE", "detect"))
def test_text_that_cannot_be_decoded_is_refused(parse, data):
    assert refusal(parse if parse is detect else parse.parse, data) == ("encoding", {})


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "pdf"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "ole"),
    ],
    ids=["pdf", "xlsx", "xls"],
)
@pytest.mark.parametrize("module", PARSERS, ids=lambda m: m.CODE)
def test_binary_documents_are_refused_with_their_kind(module, data, kind):
    assert refusal(module.parse, data) == ("binary", {"kind": kind})
    assert refusal(detect, data) == ("binary", {"kind": kind})


@pytest.mark.parametrize("module", PARSERS, ids=lambda m: m.CODE)
def test_an_oversized_file_is_refused_before_decoding(module):
    data = b"%PDF" + b"\x00" * 2000  # binary too, but the size is checked first

    assert refusal(module.parse, data, max_bytes=1024) == ("too_large", {"size": 2004, "limit": 1024})


def test_the_default_limit():
    data = b"Sample,Au\n" + b"A" * DEFAULT_MAX_BYTES

    assert refusal(xrf_csv.parse, data) == ("too_large", {"size": len(data), "limit": DEFAULT_MAX_BYTES})


@pytest.mark.parametrize("data", [b"", b"\r\n  \n\t\n"], ids=["no-bytes", "blank-lines"])
@pytest.mark.parametrize("module", PARSERS, ids=lambda m: m.CODE)
def test_an_empty_file_is_refused(module, data):
    assert refusal(module.parse, data) == ("empty", {})


@pytest.mark.parametrize(
    ("module", "data"),
    [
        (xrf_csv, (MALFORMED / "header_only.csv").read_bytes()),
        (FORMATS["xrf_niton"], b"Niton XL3t Export\nReading No,Time,Type,Units,SAMPLE,Au,Au Err\n\n"),
        (FORMATS["icp_oes"], b"Solution Label,Element,Soln Conc,Units\n"),
        (FORMATS["mt_sics"], b'I4\nI4 A "B123456789"\n'),
    ],
    ids=lambda value: getattr(value, "CODE", ""),
)
def test_a_header_without_data_lines_is_refused(module, data):
    assert refusal(module.parse, data) == ("no_rows", {})


def test_a_file_of_rejected_lines_only_parses_with_no_rows_and_its_problems():
    parsed = xrf_csv.parse((MALFORMED / "bad_numbers.csv").read_bytes())

    assert parsed.rows == ()
    assert [(p.line, p.code, p.params) for p in parsed.problems] == [
        (3, "bad_number", {"column": "Au (%)", "value": "58.6O"}),
        (4, "field_count", {"got": 8, "expected": 7}),
        (5, "no_sample", {}),
        (7, "out_of_range", {"element": "Au", "value": "585.2"}),
        (8, "sum_over_100", {"total": "104.06"}),
        (9, "no_values", {}),
        (10, "bad_date", {"value": "20.11.2026 25:10"}),
    ]
    assert parsed.problems[0].text == "ALM-2026-000141,1,2026-11-20 11:30:02,58.6O,8.12,30.47,2.81"
    assert parsed.skipped == (Problem(6, "comment", {}, "# re-measured after cleaning the window"),)
    assert parsed.meta == {"instrument": "Fischerscope XRAY XAN 250"}


@pytest.mark.parametrize("module", PARSERS, ids=lambda m: m.CODE)
def test_a_csv_without_a_sample_column_is_no_format_at_all(module):
    data = (MALFORMED / "not_xrf.csv").read_bytes()

    assert refusal(module.parse, data) == ("not_this_format", {"format": module.CODE})
    assert detect(data) is None


def test_a_long_line_is_shortened_in_the_report():
    parsed = xrf_csv.parse(b"Sample,Au\n" + b",58.5" + b" " * 300 + b"\n")

    assert parsed.problems[0].code == "no_sample"
    assert len(parsed.problems[0].text) == 120 and parsed.problems[0].text.endswith("…")
