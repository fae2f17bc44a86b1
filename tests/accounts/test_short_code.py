"""A laboratory's short code prefixes its lab numbers, which are searched by the upper-cased input
(`ItemFilter.lab_number`): only capital Latin letters and digits are accepted."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import OrganizationFactory


@pytest.mark.parametrize("code", ["alm", "Alm", "AL-M", "АЛМ", ""])
def test_a_short_code_must_be_capitals_and_digits(db, code):
    laboratory = OrganizationFactory.build(short_code=code)
    with pytest.raises(ValidationError) as error:
        laboratory.full_clean()
    assert "short_code" in error.value.message_dict


@pytest.mark.parametrize("code", ["ALM", "AST2", "KZ01"])
def test_capitals_and_digits_are_accepted(db, code):
    OrganizationFactory.build(short_code=code).full_clean()
