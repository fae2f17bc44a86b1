"""SQLite's LIKE, replaced on every SQLite connection by one that folds case in every script
(lims/core/sqlite.py): the same matching as SQLite's own, wildcards and escapes included."""

import pytest
from django.db import connection

from lims.core.sqlite import like


@pytest.mark.parametrize(
    ("pattern", "value", "escape", "matches"),
    [
        ("%алтын%", "ТОО «Алтын Әлем»", None, True),
        ("%ӘЛЕМ%", "ТОО «Алтын Әлем»", None, True),
        ("%қазақ%", "ҚАЗАҚСТАН", None, True),
        ("abc", "ABC", None, True),
        ("a_c", "abc", None, True),
        ("a_c", "ac", None, False),
        ("a\\_c", "abc", "\\", False),
        ("a\\_c", "a_c", "\\", True),
        ("100\\%", "100%", "\\", True),
        ("100\\%", "1000", "\\", False),
        ("%.*%", "anything", None, False),  # regular-expression characters are literal
        ("%.*%", "a.*b", None, True),
        ("line%", "line one\nline two", None, True),
    ],
)
def test_like_matches_as_sqlite_does_and_folds_every_script(pattern, value, escape, matches):
    assert like(pattern, value, escape) is matches


def test_null_matches_nothing():
    assert like(None, "x") is None and like("%", None) is None


@pytest.mark.django_db
def test_every_sqlite_connection_uses_it():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL folds case with UPPER in every script")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'ТОО «Алтын»' LIKE %s ESCAPE '\\'", ["%алтын%"])
        assert cursor.fetchone() == (1,)
