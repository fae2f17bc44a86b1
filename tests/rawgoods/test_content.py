"""The pure content rules, without a database."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from lims.rawgoods import content
from lims.rawgoods.content import ELEMENTS, Problem, entry_problems, missing


def test_the_eight_precious_metals_in_canonical_order():
    assert ELEMENTS == ("Au", "Ag", "Pt", "Pd", "Rh", "Ir", "Ru", "Os")


def test_missing_lists_absent_elements_in_canonical_order():
    assert missing([]) == list(ELEMENTS)
    assert missing(["Os", "Au", "Ag", "Pt", "Pd", "Ir", "Ru"]) == ["Rh"]
    assert missing(ELEMENTS) == []
    assert missing(iter(["Au", "Au", "Xx"])) == ["Ag", "Pt", "Pd", "Rh", "Ir", "Ru", "Os"]


@pytest.mark.parametrize(
    ("percent", "g_per_t"),
    [
        ("1", "10000"),
        ("100", "1000000"),
        ("0.0001", "1"),
        ("0.00000125", "0.0125"),
        ("99.99999999999999999999999999999", "999999.9999999999999999999999999"),
    ],
)
def test_conversion_is_exact_both_ways(percent, g_per_t):
    assert content.percent_to_g_per_t(Decimal(percent)) == Decimal(g_per_t)
    assert content.g_per_t_to_percent(Decimal(g_per_t)) == Decimal(percent)
    assert content.convert(Decimal(percent), "%", "g/t") == Decimal(g_per_t)
    assert content.convert(Decimal(g_per_t), "g/t", "%") == Decimal(percent)
    assert content.convert(Decimal(g_per_t), "g/t", "g/t") == Decimal(g_per_t)


def test_conversion_refuses_unknown_units():
    with pytest.raises(ValueError):
        content.convert(Decimal(1), "ppm", "%")


def test_quantize_to_a_ten_thousandth_half_even():
    assert content.quantize(Decimal("1.00005")) == Decimal("1.0000")
    assert content.quantize(Decimal("1.00015")) == Decimal("1.0002")
    assert content.quantize(Decimal("12.5")) == Decimal("12.5000")


def check(unit="g/t", value=None, not_detected=False, detection_limit=None):
    return [
        (p.field, p.code)
        for p in entry_problems(
            unit=unit,
            value=None if value is None else Decimal(value),
            not_detected=not_detected,
            detection_limit=None if detection_limit is None else Decimal(detection_limit),
        )
    ]


def test_a_measured_value_or_not_detected_with_its_limit_is_accepted():
    assert check(value="12.5") == []
    assert check(unit="%", value="0") == []
    assert check(unit="%", value="100") == []
    assert check(value="1000000") == []
    assert check(not_detected=True, detection_limit="0.05") == []
    assert check(value="0.5", detection_limit="0.05") == []  # the method's limit may accompany a value


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, [("value", "value_required")]),
        ({"not_detected": True}, [("detection_limit", "detection_limit_required")]),
        (
            {"not_detected": True, "value": "1", "detection_limit": "0.05"},
            [("value", "value_with_not_detected")],
        ),
        ({"value": "-0.0001"}, [("value", "negative")]),
        ({"not_detected": True, "detection_limit": "0"}, [("detection_limit", "detection_limit_zero")]),
        ({"unit": "%", "value": "100.0001"}, [("value", "over_maximum")]),
        ({"value": "1000000.0001"}, [("value", "over_maximum")]),
        (
            {"unit": "%", "not_detected": True, "detection_limit": "101"},
            [("detection_limit", "over_maximum")],
        ),
        ({"unit": "%", "value": "0.00004"}, [("value", "too_small_for_percent")]),
        ({"not_detected": True, "detection_limit": "0.00004"}, [("detection_limit", "too_small")]),
        ({"value": "NaN"}, [("value", "not_a_number")]),
        ({"value": "0.01", "detection_limit": "0.05"}, [("value", "below_detection_limit")]),
        ({"unit": "ppm", "value": "1"}, [("unit", "unit_unknown")]),
    ],
)
def test_problems_name_the_field_and_a_stable_code(kwargs, expected):
    assert check(**kwargs) == expected


def test_problem_is_a_value_object():
    assert Problem("value", "negative") == Problem("value", "negative")


def test_the_rules_module_imports_no_django():
    tree = ast.parse(Path(content.__file__).read_text())
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= {"collections", "dataclasses", "decimal"}
