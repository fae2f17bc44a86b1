"""The registry names each sample file's format, dispatches parsing, and every code has a message."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from instruments import parsers, problems
from instruments.parsers import FORMATS, ParseError, Problem, detect, parse

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "instruments"
SAMPLES = {
    "xrf_generic.csv": "xrf_csv",
    "xrf_generic_ru.csv": "xrf_csv",
    "xrf_niton.csv": "xrf_niton",
    "mt_sics.txt": "mt_sics",
    "icp_oes.csv": "icp_oes",
    "malformed/truncated.csv": "xrf_csv",
    "malformed/xrf_utf16.csv": "xrf_csv",
    "malformed/bad_numbers.csv": "xrf_csv",
}
# Every code a parser can emit, including those no fixture shows (a new code must be added here and to
# instruments.problems).
FILE_CODES = {"too_large", "empty", "binary", "encoding", "not_this_format", "no_rows", "duplicate_column"}
FILE_CODES |= {"unknown_format"}
LINE_CODES = {
    "field_count", "no_sample", "bad_number", "bad_date", "bad_element", "out_of_range", "sum_over_100",
    "no_values", "unit", "solution_unit", "negative", "flagged", "unknown_type", "unstable", "overload",
    "underload", "balance_busy", "balance_error", "negative_weight", "unrecognized",
    "incomplete_determination",
    "comment", "calibration_check", "tare", "not_a_sample", "second_wavelength",
}  # fmt: skip


def test_the_formats_in_order():
    assert list(FORMATS) == ["xrf_csv", "xrf_niton", "mt_sics", "icp_oes"]
    kinds = [module.KIND for module in FORMATS.values()]
    assert kinds == ["composition", "composition", "weighings", "impurities"]
    assert all(code == module.CODE for code, module in FORMATS.items())


@pytest.mark.parametrize(("name", "code"), SAMPLES.items())
def test_each_sample_file_is_detected_and_only_its_own_parser_claims_it(name, code):
    data = (FIXTURES / name).read_bytes()

    assert detect(data) == code
    text = parsers.decode(data)
    assert [c for c, module in FORMATS.items() if module.sniff(text)] == [code]


@pytest.mark.parametrize(
    "data",
    [b"hello world\n", b"Name,Mass\nring,3.52\n", (FIXTURES / "malformed" / "not_xrf.csv").read_bytes()],
)
def test_an_unknown_format_is_none(data):
    assert detect(data) is None


def test_detect_passes_on_a_refused_file():
    with pytest.raises(ParseError) as error:
        detect(b"%PDF-1.7\n")

    assert (error.value.code, error.value.params) == ("binary", {"kind": "pdf"})


@pytest.mark.parametrize(("name", "code"), SAMPLES.items())
def test_parse_dispatches_to_the_format(name, code):
    data = (FIXTURES / name).read_bytes()

    assert parse(code, data) == FORMATS[code].parse(data)
    assert parse(code, data).format == code


def test_parse_passes_the_size_limit_on():
    with pytest.raises(ParseError) as error:
        parse("mt_sics", (FIXTURES / "mt_sics.txt").read_bytes(), max_bytes=100)

    assert error.value.code == "too_large"


def test_an_unknown_format_code_is_refused():
    with pytest.raises(ParseError) as error:
        parse("pdf_report", b"S S 0.25 g\n")

    assert (error.value.code, error.value.params) == ("unknown_format", {"format": "pdf_report"})


def test_base_names_are_re_exported():
    for name in ("ParseError", "Problem", "Composition", "Impurities", "Weighing", "Parsed", "decode"):
        assert getattr(parsers, name) is getattr(parsers.base, name)
    assert parsers.DEFAULT_MAX_BYTES == parsers.base.DEFAULT_MAX_BYTES


def _emitted_line_codes() -> set[str]:
    codes = set()
    for name, code in SAMPLES.items():
        parsed = parse(code, (FIXTURES / name).read_bytes())
        codes |= {line.code for line in parsed.problems + parsed.skipped}
    return codes


def test_every_code_has_a_message():
    emitted = _emitted_line_codes()

    assert emitted <= LINE_CODES  # a code a fixture shows is in the list above
    assert LINE_CODES <= set(problems.ROW_PROBLEMS)
    assert FILE_CODES <= set(problems.FILE_ERRORS)
    assert set(FORMATS) == set(problems.FORMAT_NAMES)
    assert set(parsers.base._BINARY_MAGIC.values()) <= set(problems.BINARY_KINDS)


def test_every_code_in_the_source_is_listed():
    """A code written in a parser's source as Problem(…, "code") / reject("code") / ParseError("code")."""
    modules = Path(parsers.__file__).parent.glob("*.py")
    source = "\n".join(path.read_text(encoding="utf-8") for path in modules)
    written = set(re.findall(r'(?:ParseError|reject|problem)\(\s*"(\w+)"', source))
    written |= set(re.findall(r'Problem\(\s*\w+,\s*"(\w+)"', source))
    written |= set(re.findall(r'return "(\w+)", \{', source))  # xrf_csv.check_fractions
    status_problems = source.split("STATUS_PROBLEMS = ", 1)[1].split("\n", 1)[0]  # mt_sics
    written |= set(re.findall(r'"[^"]+": "(\w+)"', status_problems))

    assert written == LINE_CODES | FILE_CODES


def test_messages_are_formatted_with_their_params():
    parsed = parse("xrf_csv", (FIXTURES / "malformed" / "truncated.csv").read_bytes())

    with translation.override("en"):
        assert problems.problem_message(parsed.problems[0]) == (
            "Line has 3 fields, the header has 6: the file may be cut short."
        )
        assert problems.problem_message(Problem(7, "unstable")) == (
            "Unstable reading (the balance had not settled): weigh again."
        )
        assert problems.problem_message(Problem(8, "sum_over_100", {"total": "104.06"})) == (
            "The elements add up to 104.06 %, more than 100.5 %: measure again."
        )
        assert problems.file_error_message(ParseError("binary", kind="zip")) == (
            "This is an Excel workbook or another ZIP archive, not a text export: "
            "export the results from the instrument software as CSV or text."
        )
        assert problems.file_error_message(ParseError("not_this_format", format="icp_oes")).startswith(
            "This file is not in the format “ICP-OES results (CSV)”"
        )
        too_large = problems.file_error_message(ParseError("too_large", size=25 * 2**20, limit=20 * 2**20))
        assert too_large == "The file is too large (25.0\xa0MB; the limit is 20.0\xa0MB)."


def test_missing_params_or_an_unknown_code_do_not_crash():
    with translation.override("en"):
        assert problems.problem_message(Problem(4, "field_count")) == (
            "Line has ? fields, the header has ?: the file may be cut short."
        )
        assert problems.file_error_message(ParseError("binary")) == (
            "This is ?, not a text export: export the results from the instrument software as CSV or text."
        )
        assert problems.problem_message(Problem(4, "someday_code", {}, "the line")) == "the line"
        assert problems.file_error_message(ParseError("someday_code")) == "someday_code"


@pytest.mark.parametrize("code", sorted(LINE_CODES))
def test_every_row_message_formats_with_or_without_params(code):
    with translation.override("en"):
        text = problems.problem_message(Problem(1, code, {"got": 1, "expected": 2}))

    assert text and "%(" not in text and '"' not in text


@pytest.mark.parametrize("code", sorted(FILE_CODES))
def test_every_file_message_formats(code):
    with translation.override("en"):
        text = problems.file_error_message(
            ParseError(code, size=1, limit=2, kind="pdf", format="mt_sics", column="Au")
        )

    assert text and "%(" not in text and "?" not in text and '"' not in text
