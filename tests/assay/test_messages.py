"""Every stable code the pure engines raise or return has a text in the user's language."""

import re
from pathlib import Path

from lims.assay import messages
from lims.assay.investment import REQUIRED_MARKINGS

ENGINE = Path(__file__).resolve().parents[2] / "lims" / "assay"


def codes(pattern: str, *files: str) -> set[str]:
    return {
        code for name in files for code in re.findall(pattern, (ENGINE / name).read_text(encoding="utf-8"))
    }


def test_every_input_error_has_a_message():
    raised = codes(r'AssayInputError\(\s*"(\w+)"', "fineness.py", "methods.py")
    assert raised and raised <= set(messages.INPUT_ERRORS)


def test_every_verdict_reason_has_a_text():
    returned = codes(r'reasons\.append\("(\w+)"\)', "fineness.py") | {"screening_only", "repeat_required"}
    returned |= {"meets_declared", "below_declared"}
    assert returned <= set(messages.REASONS)


def test_every_investment_criterion_and_marking_has_a_text():
    criteria = codes(r'Reason\(\s*"(\w+)"', "investment.py")
    assert criteria and criteria <= set(messages.INVESTMENT_CRITERIA)
    required = {marking for markings in REQUIRED_MARKINGS.values() for marking in markings}
    assert required == set(messages.MARKINGS)


def test_quantities_named_in_errors_are_translated():
    named = codes(r'_positive\([^,]+, "(\w+)"\)', "fineness.py")
    assert named and named <= set(messages.QUANTITIES)
