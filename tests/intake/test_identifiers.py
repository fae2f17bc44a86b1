"""IIN/BIN check digits (reference/assay-and-hallmarking.md §7). Pure: no database."""

from datetime import date

import pytest

from lims.intake.identifiers import IdentifierError, check_digit, complete, validate_bin, validate_iin


def test_check_digit_with_first_weights():
    # 9·1 + 1·4 + 1·6 + 3·7 = 40; 40 mod 11 = 7
    assert check_digit("90010130000") == 7
    assert validate_iin("900101300007").birth_date == date(1990, 1, 1)


def test_check_digit_falls_back_to_second_weights_when_first_gives_ten():
    # First weights: 9+4+6+21+8·10+1·11 = 131 → 131 mod 11 = 10; second weights give 1.
    assert check_digit("90010130081") == 1
    assert validate_iin("900101300811").value == "900101300811"


def test_number_is_never_issued_when_both_sums_give_ten():
    never = next(
        f"{n:011d}" for n in range(10_000_000_000, 10_000_100_000) if check_digit(f"{n:011d}") is None
    )
    with pytest.raises(ValueError):
        complete(never)
    for last in "0123456789":
        with pytest.raises(IdentifierError) as error:
            validate_bin(never + last)
        assert error.value.code in {"checksum", "month"}


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("900101300008", "checksum"),  # wrong check digit
        ("90010130000", "format"),  # 11 digits
        ("9001013000071", "format"),  # 13 digits
        ("90010130000A", "format"),
        ("", "format"),
    ],
)
def test_invalid_iin_says_why(value, code):
    with pytest.raises(IdentifierError) as error:
        validate_iin(value)
    assert error.value.code == code


def test_iin_with_impossible_birth_date_is_rejected():
    with pytest.raises(IdentifierError) as error:
        validate_iin(complete("90023130001"))  # 31 February
    assert error.value.code == "birth_date"


def test_iin_century_digit_must_be_1_to_6():
    with pytest.raises(IdentifierError) as error:
        validate_iin(complete("90010170001"))
    assert error.value.code == "century"


def test_iin_century_digit_sets_the_century():
    assert validate_iin(complete("05061250001")).birth_date == date(2005, 6, 12)


def test_bin_month_is_checked():
    assert validate_bin(complete("15034000123")) == complete("15034000123")
    with pytest.raises(IdentifierError) as error:
        validate_bin(complete("15134000123"))
    assert error.value.code == "month"


def test_surrounding_spaces_are_ignored():
    assert validate_iin(" 900101300007 ").value == "900101300007"
