"""MT-SICS balance log: stable weights become rows, everything else the balance said is reported."""

from decimal import Decimal as D
from pathlib import Path

import pytest

from instruments.parsers import ParseError, Problem, Weighing, mt_sics

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "instruments"


def parse_lines(*lines: str):
    return mt_sics.parse("\r\n".join(lines).encode())


def test_a_mornings_fire_assay_session_exactly():
    parsed = mt_sics.parse((FIXTURES / "mt_sics.txt").read_bytes())

    assert parsed.rows == (
        Weighing(9, D("0.25013"), "g"),  # portion 1
        Weighing(13, D("0.25008"), "g"),  # portion 2
        Weighing(15, D("0.14628"), "g"),  # proof gold 1
        Weighing(17, D("0.14633"), "g"),  # proof gold 2
        Weighing(23, D("0.14641"), "g"),  # cornets, after the tare
        Weighing(25, D("0.14627"), "g"),
        Weighing(27, D("0.14634"), "g"),
        Weighing(29, D("0.14639"), "g"),
    )
    assert parsed.problems == (
        Problem(11, "unstable", {}, "2026-11-20 08:58:42 S D      0.25019 g"),
        Problem(19, "overload", {"response": "S +"}, "2026-11-20 09:02:05 S +"),
    )
    assert parsed.skipped == (
        Problem(21, "tare", {"value": "1.82305", "unit": "g"}, "2026-11-20 10:40:32 T S      1.82305 g"),
    )
    assert parsed.meta == {"model": "XPR205DR Excellence 220 g", "serial": "B123456789"}
    assert parsed.rows[0].milligrams == D("250.13000")
    assert str(parsed.rows[0].value) == "0.25013"  # the digits as displayed


@pytest.mark.parametrize(
    "line",
    [
        "S S      0.25013 g",
        "[10:14:03] S S      0.25013 g",
        "[2026-11-20 10:14:03] S S 0.25013 g",
        "SI S 0.25013 g",
    ],
)
def test_timestamps_and_immediate_weights(line):
    parsed = parse_lines(line)

    assert parsed.rows == (Weighing(1, D("0.25013"), "g"),)


def test_milligrams_are_kept_as_milligrams():
    parsed = parse_lines("S S    250.13 mg")

    assert parsed.rows == (Weighing(1, D("250.13"), "mg"),)
    assert parsed.rows[0].milligrams == D("250.13")


def test_identification_responses_fill_meta():
    parsed = parse_lines(
        'I2 A "XPR205 Excellence 220 g"',
        'I3 A "1.10.5.24"',
        'I4 A "B123456789"',
        'I10 A "Lab 3 balance"',
        'I1 A "0123" "2.30" "2.20" "1.00" "1.00"',
        "S S 0.25013 g",
    )

    assert parsed.meta == {
        "model": "XPR205 Excellence 220 g",
        "software": "1.10.5.24",
        "serial": "B123456789",
        "name": "Lab 3 balance",
    }
    assert parsed.problems == parsed.skipped == ()


def test_every_balance_answer_that_is_not_a_weight():
    parsed = parse_lines(
        "S",
        "S D      0.25019 g",
        "SI D      0.25019 g",
        "S I",
        "S +",
        "S -",
        "ES",
        "ET",
        "EL",
        "Z I",
        "S S      1.25065 ct",
        "S S      0.00804 ozt",
        "S S     -0.00002 g",
        "S S      0.25O13 g",
        "Logging started",
    )

    assert [(p.line, p.code, p.params) for p in parsed.problems] == [
        (2, "unstable", {}),
        (3, "unstable", {}),
        (4, "balance_busy", {"response": "S I"}),
        (5, "overload", {"response": "S +"}),
        (6, "underload", {"response": "S -"}),
        (7, "balance_error", {"response": "ES"}),
        (8, "balance_error", {"response": "ET"}),
        (9, "balance_error", {"response": "EL"}),
        (10, "balance_error", {"response": "Z I"}),
        (11, "unit", {"unit": "ct"}),
        (12, "unit", {"unit": "ozt"}),
        (13, "negative_weight", {"value": "-0.00002"}),
        (14, "bad_number", {"column": "weight", "value": "0.25O13"}),
        (15, "unrecognized", {}),
    ]
    assert parsed.rows == parsed.skipped == ()


def test_command_echoes_and_acknowledgements_are_ignored_tares_are_skipped():
    parsed = parse_lines(
        "Z", "Z A", "", "@", "T", "T S      1.82305 g", "TI D 1.82311 g", "S", "S S 0.14641 g"
    )

    assert [(s.line, s.code, s.params) for s in parsed.skipped] == [
        (6, "tare", {"value": "1.82305", "unit": "g"}),
        (7, "tare", {"value": "1.82311", "unit": "g"}),
    ]
    assert parsed.rows == (Weighing(9, D("0.14641"), "g"),)
    assert parsed.problems == ()


def test_a_log_with_identification_only_has_no_rows():
    with pytest.raises(ParseError) as error:
        parse_lines("I4", 'I4 A "B123456789"', "S")

    assert error.value.code == "no_rows"


def test_a_csv_is_not_a_balance_log():
    with pytest.raises(ParseError) as error:
        mt_sics.parse((FIXTURES / "xrf_generic.csv").read_bytes())

    assert (error.value.code, error.value.params) == ("not_this_format", {"format": "mt_sics"})
