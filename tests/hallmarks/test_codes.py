"""Mark codes and verification IDs (`lims.hallmarks.codes`). Pure: no database."""

import re

import pytest

from lims.hallmarks import codes


@pytest.mark.parametrize(("typed", "stored"), [("zrg", "ZRG"), (" a 1 b ", "A1B"), ("аәз", "АӘЗ")])
def test_codes_are_stored_upper_case_without_spaces(typed, stored):
    assert codes.normalize_code(typed) == stored


@pytest.mark.parametrize(
    ("typed", "error"), [("", "empty"), ("   ", "empty"), ("A-B", "characters"), ("X" * 17, "too_long")]
)
def test_bad_codes_are_refused_with_a_stable_code(typed, error):
    with pytest.raises(codes.CodeError) as caught:
        codes.normalize_code(typed)
    assert caught.value.code == error


def test_cyrillic_look_alikes_share_a_match_key_with_latin():
    assert codes.match_key("АВС") == codes.match_key("abc") == "ABC"
    assert codes.match_key("КМ") == "KM" and codes.match_key("ІНТ") == "IHT"
    assert codes.match_key("O1") != codes.match_key("01")  # digits are never folded into letters


def test_verification_ids_use_the_unambiguous_alphabet():
    assert not set("01ILOU") & set(codes.ALPHABET) and len(codes.ALPHABET) == 30
    ids = {codes.new_verification_id() for _ in range(500)}
    assert len(ids) == 500
    assert all(re.fullmatch(f"[{codes.ALPHABET}]{{8}}", value) for value in ids)


def test_ids_are_shown_in_two_groups_and_read_back_with_or_without_the_dash_in_any_case():
    assert codes.format_verification_id("K7M29QXA") == "K7M2-9QXA"
    for typed in ("K7M2-9QXA", "k7m29qxa", " k7m2 - 9qxa ", "K7M29QXA"):
        assert codes.parse_verification_id(typed) == "K7M29QXA"


@pytest.mark.parametrize("typed", ["", "K7M2-9QX", "K7M2-9QXAB", "K7M2-9QX0", "K7M2-9QXI", "../../etc"])
def test_what_cannot_be_an_id_is_refused(typed):
    assert codes.parse_verification_id(typed) is None
