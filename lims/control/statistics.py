"""Kimberley Process statistics (reference/gems-and-kimberley.md §3): rough diamonds imported and exported
per quarter or half-year, by HS code and partner country, in carats and USD, with certificate counts.

The participant reports these aggregates to the KP; the authorized body downloads them as CSV or XLSX and
looks at a chart. One query reads the certificate lines (`kp_rows`); everything after it is pure (rows →
table → totals, files and figure) so it is tested without a database.

Only released cases count: a refused lot never crossed the border, and a case still open has no act yet.
The period is the day the act was issued (`decided_at`) in local time, the date printed on the act.
"""

import json
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go
from django.db.models import Case, CharField, F, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from lims.control import rules
from lims.control.countries import country_name
from lims.control.models import CaseStatus, Direction, KimberleyLine
from lims.core.tables import csv_bytes, xlsx_bytes

# (code, label) for a select. The KP asks for quarterly trade statistics and half-yearly production
# figures; both period kinds are offered so the same page serves either report.
PERIODS = [
    ("Q1", gettext_lazy("1st quarter")),
    ("Q2", gettext_lazy("2nd quarter")),
    ("Q3", gettext_lazy("3rd quarter")),
    ("Q4", gettext_lazy("4th quarter")),
    ("H1", gettext_lazy("1st half-year")),
    ("H2", gettext_lazy("2nd half-year")),
]

# Period code → (first month, number of months).
_PERIOD_MONTHS = {"Q1": (1, 3), "Q2": (4, 3), "Q3": (7, 3), "Q4": (10, 3), "H1": (1, 6), "H2": (7, 6)}

# Short direction names for report headings and chart legends (the model's labels, "Import from outside
# the EAEU", are too long for a legend). A context of their own: "Import" elsewhere is a button's verb.
DIRECTION_LABELS = {
    Direction.IMPORT: pgettext_lazy("KP statistics", "Import"),
    Direction.EXPORT: pgettext_lazy("KP statistics", "Export"),
}
# Reports list imports before exports, as the KP statistics forms do.
DIRECTION_ORDER = {Direction.IMPORT: 0, Direction.EXPORT: 1}

GROUP_COLUMNS = ["direction", "hs_code", "partner_country"]
COLUMNS = [*GROUP_COLUMNS, "carats", "value_usd", "certificates"]


def period_bounds(year: int, period: str) -> tuple[date, date]:
    """The period's first day and the day after its last (half-open, so consecutive periods neither
    overlap nor leave a gap at midnight). ValueError for an unknown period or a year `date` cannot hold."""
    try:
        first_month, months = _PERIOD_MONTHS[period]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown period: {period!r}") from None
    start = date(year, first_month, 1)
    end_month = first_month + months
    end = date(year + 1, 1, 1) if end_month > 12 else date(year, end_month, 1)
    return start, end


def quarter_of(day: date) -> str:
    """'Q3' for a day in July to September: the default period of the statistics page."""
    return f"Q{(day.month - 1) // 3 + 1}"


def period_label(year: int, period: str) -> str:
    """'3rd quarter of 2026' in the active language, for headings and the chart's title."""
    return _("%(period)s of %(year)s") % {"period": dict(PERIODS)[period], "year": year}


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def kp_rows(start: date, end: date) -> list[dict]:
    """The certificate lines of cases released from `start` (inclusive) to `end` (exclusive), local days:
    one query. Each row: direction, hs_code, partner, carats, value_usd, certificate_id.

    The partner is the other state of the trade: on import the state that issued the certificate (the
    exporting participant, which is who the KP statistics name even when the lot was shipped through a
    third country), on export the lot's destination (the certificate is Kazakhstan's own)."""
    partner = Case(
        When(certificate__direction=Direction.IMPORT, then=F("certificate__issuing_country")),
        default=F("certificate__case__partner_country"),
        output_field=CharField(),
    )
    lines = (
        KimberleyLine.objects.filter(
            certificate__case__status=CaseStatus.RELEASED,
            certificate__case__decided_at__gte=_local_midnight(start),
            certificate__case__decided_at__lt=_local_midnight(end),
        )
        .order_by("certificate_id", "hs_code")
        .values(
            "hs_code",
            "carats",
            "value_usd",
            "certificate_id",
            direction=F("certificate__direction"),
            partner=partner,
        )
    )
    return list(lines)


def _sorted_rows(rows: Iterable[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: (DIRECTION_ORDER[row["direction"]], row["hs_code"], row["partner"]))


def kp_table(rows: Iterable[dict]) -> pd.DataFrame:
    """One line per direction, HS code and partner country: carats and USD summed as exact Decimals (to
    0.01, as certificates state them) and the number of distinct certificates. Imports first, then by HS
    code and partner code. Pure: `rows` as `kp_rows` returns them."""
    rows = _sorted_rows(rows)
    if not rows:
        return pd.DataFrame(
            {column: pd.Series(dtype="int64" if column == "certificates" else object) for column in COLUMNS}
        )
    frame = pd.DataFrame(rows).rename(columns={"partner": "partner_country"})
    # sort=False keeps the order of the sorted rows (a plain groupby sort would put "export" first).
    table = (
        frame.groupby(GROUP_COLUMNS, sort=False)
        .agg(
            carats=("carats", "sum"),
            value_usd=("value_usd", "sum"),
            certificates=("certificate_id", "nunique"),
        )
        .reset_index()
    )
    # Group sums of Decimal objects stay Decimal (object column); quantize them the way the KP states them.
    table["carats"] = [rules.carats(value) for value in table["carats"]]
    table["value_usd"] = [rules.money(value) for value in table["value_usd"]]
    table["certificates"] = table["certificates"].astype(int)
    return table[COLUMNS]


def kp_totals(rows: Iterable[dict]) -> dict[str, dict]:
    """Per direction (imports first, only directions with lines): carats, value_usd and the number of
    distinct certificates.

    Takes the rows, not the table: a certificate with lines under two HS codes is one certificate in each
    of the table's groups, so the groups' counts cannot be added up to the direction's total."""
    totals: dict[str, dict] = {}
    certificates: dict[str, set] = {}
    for row in _sorted_rows(rows):
        total = totals.setdefault(
            row["direction"], {"carats": Decimal("0.00"), "value_usd": Decimal("0.00"), "certificates": 0}
        )
        total["carats"] = rules.carats(total["carats"] + row["carats"])
        total["value_usd"] = rules.money(total["value_usd"] + row["value_usd"])
        certificates.setdefault(row["direction"], set()).add(row["certificate_id"])
    for direction, ids in certificates.items():
        totals[direction]["certificates"] = len(ids)
    return totals


def _export_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The table for people: translated headers, the direction and the partner's name in the active
    language, the ISO code kept beside the name for matching with other data."""
    directions = [str(DIRECTION_LABELS[value]) for value in table["direction"]]
    return pd.DataFrame(
        {
            _("Direction"): pd.Series(directions, dtype=object),
            _("HS code"): pd.Series(list(table["hs_code"]), dtype=object),
            _("Partner country"): pd.Series(
                [country_name(code) for code in table["partner_country"]], dtype=object
            ),
            _("Country code"): pd.Series(list(table["partner_country"]), dtype=object),
            _("Carats"): pd.Series(list(table["carats"]), dtype=object),
            _("Value, USD"): pd.Series(list(table["value_usd"]), dtype=object),
            _("Certificates"): pd.Series([int(value) for value in table["certificates"]], dtype="int64"),
        }
    )


def to_csv(table: pd.DataFrame) -> bytes:
    return csv_bytes(_export_frame(table))


def to_xlsx(table: pd.DataFrame) -> bytes:
    """Carats and USD become spreadsheet numbers shown with two decimals (every value has two, well within a
    double's precision); HS and country codes stay text, so an HS code typed over does not become 7102.1."""
    return xlsx_bytes(
        _export_frame(table),
        _("KP statistics"),
        decimal_columns=[_("Carats"), _("Value, USD")],
        text_columns=[_("HS code"), _("Country code")],
    )


def kp_figure(table: pd.DataFrame, title: str | None = None) -> dict:
    """Grouped bars of carats per partner country, one trace per direction and HS code, as a JSON-ready
    dict for `Plotly.newPlot`. Bars are floats (plotly draws numbers); the hover shows the exact Decimal
    carats and USD and the certificate count."""
    figure = go.Figure()
    if table.empty:
        figure.add_annotation(
            text=_("No certificates in this period"),
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 16},
        )
        figure.update_xaxes(visible=False)
        figure.update_yaxes(visible=False)
    else:
        names = {code: country_name(code) for code in table["partner_country"].unique()}
        hover = (
            "<b>%{x}</b><br>"
            + _("Carats")
            + ": %{customdata[0]}<br>"
            + _("Value, USD")
            + ": %{customdata[1]}<br>"
            + _("Certificates")
            + ": %{customdata[2]}<extra>%{fullData.name}</extra>"
        )
        for (direction, hs_code), group in table.groupby(["direction", "hs_code"], sort=False):
            figure.add_bar(
                name=f"{DIRECTION_LABELS[direction]} {hs_code}",
                x=[names[code] for code in group["partner_country"]],
                y=[float(value) for value in group["carats"]],
                customdata=[
                    [str(carats), str(value), int(count)]
                    for carats, value, count in zip(
                        group["carats"], group["value_usd"], group["certificates"], strict=True
                    )
                ],
                hovertemplate=hover,
            )
        figure.update_layout(
            barmode="group",
            xaxis={
                "title": {"text": _("Partner country")},
                "categoryorder": "array",
                "categoryarray": sorted(names.values(), key=str.casefold),
            },
            yaxis={"title": {"text": _("Carats")}},
            legend={"title": {"text": _("Direction and HS code")}},
        )
    figure.update_layout(
        title={"text": title or _("Rough diamonds by partner country, carats")},
        template="plotly_white",
    )
    return json.loads(figure.to_json())
