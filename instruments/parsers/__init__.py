"""Instrument result-file parsers: bytes → typed rows, pure (no Django, no database).

`FORMATS` maps each format's CODE to its module (each has CODE, KIND, sniff(text) and parse(data)); the
module docstrings are the formats' documentation. `detect` names the format of a file, `parse` reads it.
"""

from . import icp_oes, mt_sics, xrf_csv, xrf_niton
from .base import (
    DEFAULT_MAX_BYTES,
    Composition,
    Impurities,
    Parsed,
    ParseError,
    Problem,
    Weighing,
    decode,
    number,
    shorten,
)

FORMATS = {module.CODE: module for module in (xrf_csv, xrf_niton, mt_sics, icp_oes)}

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "Composition",
    "Impurities",
    "ParseError",
    "Parsed",
    "Problem",
    "Weighing",
    "decode",
    "detect",
    "number",
    "parse",
    "shorten",
]


def detect(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """The CODE of the first format whose header the file has, None if none. A file that cannot be read
    at all (too large, empty, binary, undecodable) raises `ParseError`."""
    text = decode(data, max_bytes=max_bytes)
    return next((code for code, module in FORMATS.items() if module.sniff(text)), None)


def parse(code: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Parsed:
    """The file read as format `code`; ParseError "unknown_format" if there is no such format."""
    if code not in FORMATS:
        raise ParseError("unknown_format", format=code)
    return FORMATS[code].parse(data, max_bytes=max_bytes)
