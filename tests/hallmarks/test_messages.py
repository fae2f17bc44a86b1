"""Every stable code of the pure modules has a text in the user's language."""

import inspect
import re

from lims.hallmarks import authenticity, codes, messages


def test_every_reason_has_a_text():
    assert set(messages.REASONS) == set(authenticity.EFFECT)


def test_every_observation_problem_has_a_text():
    used = set(re.findall(r'Problem\([^,]+, "(\w+)"\)', inspect.getsource(authenticity)))
    used |= {"presence_unknown"}
    assert used == set(messages.PROBLEMS)


def test_every_code_error_has_a_text():
    used = set(re.findall(r'CodeError\("(\w+)"\)', inspect.getsource(codes)))
    assert used == set(messages.CODE_ERRORS)
    assert messages.code_error_message(codes.CodeError("too_long")) == "A code has at most 16 characters."


def test_reason_rows_carry_a_tone():
    assert messages.reason_rows(["assay_mark_registered", "name_mark_revoked", "name_mark_suspended"]) == [
        ("ok", "The assay mark matches the registry."),
        ("bad", "The name mark's registration is revoked."),
        (
            "warn",
            "The name mark's registration is suspended: marks struck before the suspension remain valid.",
        ),
    ]
