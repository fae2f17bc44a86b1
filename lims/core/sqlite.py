"""SQLite, the embedded database, folds case in LIKE for ASCII letters only, so a search for "алтын" would
not find "ТОО «Алтын Әлем Зергер»" (PostgreSQL's UPPER folds every script). Every SQLite connection gets a
LIKE that folds case in every script, as Python's `str.casefold` does; Django's `contains`, `icontains`,
`startswith` and `iexact` lookups on SQLite all run through LIKE, and were already case-insensitive for
Latin letters there."""

import re
from functools import lru_cache

from django.db.backends.signals import connection_created


@lru_cache(maxsize=512)
def _pattern(pattern: str, escape: str | None) -> re.Pattern:
    parts, escaped = [], False
    for char in pattern:
        if escaped:
            parts.append(re.escape(char))
            escaped = False
        elif escape is not None and char == escape:
            escaped = True
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char.casefold()))
    return re.compile("".join(parts), re.DOTALL)


def like(pattern, value, escape=None):
    """SQLite's like(X, Y[, Z]): does Y match the pattern X (escape character Z)?"""
    if pattern is None or value is None:
        return None
    return _pattern(str(pattern), escape).fullmatch(str(value).casefold()) is not None


def install(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, like, deterministic=True)
        connection.connection.create_function("like", 3, like, deterministic=True)


connection_created.connect(install, dispatch_uid="synama-sqlite-unicode-like")
