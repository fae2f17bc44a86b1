"""State control of import and export (Decree No. 356, Rules I and II; Law art.6-7): the pure rules.

No database and no clock: every function takes what it decides on. The services and guards call these;
the tests name the rule each one implements.
"""

import re
from datetime import date
from decimal import Decimal

from lims.core.calendar import WorkingDayPredicate, conclusion_due_date
from lims.core.units import quantize

# The member states of the Eurasian Economic Union (ISO 3166-1 alpha-2). Trade between them is not under
# this control; `settings.EAEU_MEMBERS` may replace the list.
EAEU_MEMBERS = frozenset({"AM", "BY", "KG", "KZ", "RU"})

# HS codes of rough diamonds under the Kimberley Process (KPCS; reference/gems-and-kimberley.md §3):
# unsorted; industrial, unworked or simply sawn, cleaved or bruted; non-industrial, the same.
KP_HS_CODES = ("7102.10", "7102.21", "7102.31")
# Worked diamonds (7102.29 industrial, 7102.39 non-industrial) are outside the KP definition: they travel
# as precious stones under Rules I, without a KP certificate.

# R6: the act is issued within this many working days of receiving the documents.
ACT_DUE_WORKING_DAYS = 1

CARAT_STEP = Decimal("0.01")  # KP certificates state carats to 0.01
MONEY_STEP = Decimal("0.01")  # values in USD (or the contract currency) to the cent

_HS = re.compile(r"^(\d{4})\.?(\d{2})(\d{0,4})$")


def normalize_hs_code(raw: str) -> str:
    """'710210', '7102.10' or a 10-digit EAEU code '7102100000' → '7102.10' (+ further digits kept as
    typed: '7102.100000'). Raises ValueError when it is not an HS code."""
    match = _HS.match((raw or "").strip().replace(" ", ""))
    if not match:
        raise ValueError(raw)
    heading, subheading, rest = match.groups()
    return f"{heading}.{subheading}{rest}"


def hs_subheading(code: str) -> str:
    """The six-digit HS subheading ('7102.10') of a normalized code."""
    return code[:7]


def is_kp_rough_diamond(hs_code: str) -> bool:
    """R7-R9: whether goods of this HS code are rough diamonds under the Kimberley Process."""
    return hs_subheading(hs_code) in KP_HS_CODES


def is_outside_eaeu(country: str, members=EAEU_MEMBERS) -> bool:
    """R2, Rules I p.1: control applies to trade with countries outside the EAEU."""
    return country.upper() not in members


def act_due_day(documents_day: date, is_working_day: WorkingDayPredicate) -> date:
    """R6 (Rules I p.6, p.11; Rules II p.10, p.15): the state control act is due by the end of the first
    working day after the day the documents were received, by the conclusions' calendar (R1's convention:
    documents received on a day off count from the next working day)."""
    return conclusion_due_date(documents_day, ACT_DUE_WORKING_DAYS, is_working_day)


def certificate_valid_on(expires_on: date | None, day: date) -> bool:
    """R7 (Rules II p.6): a KP certificate is valid through its expiry date; expired on the day of import
    (or with no expiry date at all) it does not admit the lot."""
    return expires_on is not None and day <= expires_on


def carats(value) -> Decimal:
    return quantize(value, CARAT_STEP)


def money(value) -> Decimal:
    return quantize(value, MONEY_STEP)


def certificate_number_matches_country(number: str, country: str) -> bool:
    """A KP certificate's unique number carries the ISO 3166-1 alpha-2 code of the issuing country
    (KPCS Annex I): 'BE 0123456', 'AE-2026-000117'."""
    return bool(re.match(rf"^{re.escape(country.upper())}(?![A-Z])", number.strip().upper()))
