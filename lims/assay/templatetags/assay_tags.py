"""Showing the engine's stable codes in the user's language."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lims.assay import fineness
from lims.assay.messages import INVESTMENT_CRITERIA, MARKINGS, reason_texts

register = template.Library()


@register.filter
def reasons(codes) -> list[str]:
    return reason_texts(list(codes or []))


@register.filter
def carat(value) -> Decimal | None:
    return None if value is None else fineness.carat(Decimal(value))


@register.filter
def permille(value, places: int = 1) -> Decimal | str:
    """A figure shown to `places` decimals (half-even), for values stored as strings; the template
    localizes the decimal separator."""
    if value in (None, ""):
        return "—"
    return Decimal(value).quantize(Decimal(1).scaleb(-int(places)))


def _figure(value) -> str:
    """A stored figure ("518147.79") in the user's number format, grouped ("518 147,79" in Russian)."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return number_format(number, force_grouping=isinstance(value, str) and number >= 10000)


@register.filter
def criteria(assessment) -> list[tuple[str, bool, str]]:
    """(criterion, passed, detail) for each criterion of a stored investment-gold assessment."""
    rows = []
    for reason in assessment.reasons:
        detail = reason["detail"]
        if reason["code"] == "required_markings_present":
            missing = detail.get("missing") or []
            text = (
                _("missing: %(list)s") % {"list": ", ".join(str(MARKINGS.get(m, m)) for m in missing)}
                if missing
                else ""
            )
        elif reason["code"] == "price_within_180_percent_of_gold_value":
            text = _("price %(price)s KZT; gold value %(value)s KZT; limit %(limit)s KZT") % {
                "price": _figure(detail["price"]),
                "value": _figure(detail["gold_value"]),
                "limit": _figure(detail["limit"]),
            }
        else:
            text = ", ".join(_figure(v) for v in detail.values() if v not in (None, []))
        rows.append((str(INVESTMENT_CRITERIA.get(reason["code"], reason["code"])), reason["passed"], text))
    return rows
