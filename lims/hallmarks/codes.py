"""Codes read off or printed on articles: name-mark and assay-office codes, and the public verification ID
of a hallmarked article. Pure: no Django.

Mark codes are stored upper-case without spaces. On a stamp a Cyrillic letter and its Latin look-alike
(А/A, В/B, Е/E, К/K, М/M, Н/H, О/O, Р/P, С/C, Т/T, У/Y, Х/X, and Kazakh І/I) cannot be told apart, and the
person reading it may type either script, so marks are compared by `match_key`, which folds those Cyrillic
letters to Latin. Digits are never folded into letters (0/O, 1/I stay distinct).

A verification ID is 8 characters from Crockford's base-32 alphabet without 0 and 1 (which Crockford keeps;
I, L, O and U it leaves out already): 30 symbols, 30^8 ≈ 6.6 × 10^11 IDs, drawn with `secrets`. It is
shown as two groups of four, `K7M2-9QXA`, and read back with or without the dash, in any case.
"""

import re
import secrets

# Crockford base 32 (0-9, A-Z without I, L, O, U) less 0 and 1.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
ID_LENGTH = 8
_ID_CHARACTERS = frozenset(ALPHABET)

# A mark code: letters of any script and digits, at most this long once spaces are dropped.
CODE_MAX_LENGTH = 16
_CODE = re.compile(r"^[^\W_]+$")

# Cyrillic capitals (Russian and Kazakh) that look like a Latin capital on a stamp.
_HOMOGLYPHS = str.maketrans("АВЕКМНОРСТУХІ", "ABEKMHOPCTYXI")


class CodeError(ValueError):
    """A code that cannot be a mark code; `code` is stable, for translation by the caller."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def normalize_code(text: str) -> str:
    """A mark code as stored: upper-case, spaces removed. Raises CodeError("empty" | "too_long" |
    "characters")."""
    value = "".join(str(text).split()).upper()
    if not value:
        raise CodeError("empty")
    if len(value) > CODE_MAX_LENGTH:
        raise CodeError("too_long")
    if not _CODE.match(value):
        raise CodeError("characters")
    return value


def match_key(code: str) -> str:
    """The form two codes are compared in: normalized, Cyrillic look-alikes folded to Latin. Never raises:
    anything unreadable gives a key that matches nothing registered."""
    return "".join(str(code).split()).upper().translate(_HOMOGLYPHS)


def new_verification_id() -> str:
    """A fresh verification ID (8 characters, undashed). Uniqueness is the caller's: it checks the
    database and draws again on a collision."""
    return "".join(secrets.choice(ALPHABET) for _ in range(ID_LENGTH))


def format_verification_id(value: str) -> str:
    """`K7M29QXA` → `K7M2-9QXA`."""
    return f"{value[:4]}-{value[4:]}"


def parse_verification_id(text: str) -> str | None:
    """The stored form of a typed or scanned ID (with or without the dash, any case, spaces ignored), or
    None when it cannot be one."""
    value = "".join(str(text).split()).replace("-", "").upper()
    if len(value) != ID_LENGTH or not set(value) <= _ID_CHARACTERS:
        return None
    return value
