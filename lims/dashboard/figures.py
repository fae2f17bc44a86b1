"""From the aggregates of `queries.py` to what a manager reads: a table and a plotly figure per chart, and
the headline numbers. Pure: plain rows in, `Chart`s out, no database, so each number is tested against a
hand count.

Every row of a chart's table carries `drill`, the value that names its bar; the page turns it into a link
to the applications behind the bar, and the figure carries it in `customdata` for a click on the bar.
Rates and means are Decimals to 0.1, half-even."""

import json
import math
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

import pandas as pd
import plotly.graph_objects as go
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lims.assay.models import Method
from lims.core.choices import Metal
from lims.dashboard.turnaround import STAGE_KEYS
from lims.gems.models import StoneStatus
from lims.intake.models import ApplicationStatus

TENTH = Decimal("0.1")

STAGE_LABELS = {
    "testing": gettext_lazy("Received → first result"),
    "verification": gettext_lazy("First result → verified"),
    "signing": gettext_lazy("Verified → signed"),
    "issue": gettext_lazy("Signed → issued"),
    "total": gettext_lazy("Received → issued"),
}
DUE_LABELS = {
    "overdue": gettext_lazy("Overdue"),
    "today": gettext_lazy("Due today"),
    "next_working_day": gettext_lazy("Due the next working day"),
    "later": gettext_lazy("Due later"),
}
DUE_COLOURS = {"overdue": "#b42318", "today": "#dc6803", "next_working_day": "#f2b01e", "later": "#2e7d32"}
ON_TIME_COLOUR, LATE_COLOUR, NEUTRAL_COLOUR = "#2e7d32", "#b42318", "#1f5f8b"


@dataclass
class Chart:
    key: str
    title: str
    columns: list[tuple[str, str]]  # (row key, column heading)
    rows: list[dict]
    figure: dict = field(default_factory=dict)
    numeric: tuple[str, ...] = ()  # row keys exported as numbers
    shown: int | None = None  # the page shows the first rows only; the downloads have them all

    def frame(self) -> pd.DataFrame:
        """The table for CSV and XLSX: translated headings, the values as shown."""
        return pd.DataFrame(
            {
                heading: pd.Series([row[key] for row in self.rows], dtype=object)
                for key, heading in self.columns
            }
        )

    @property
    def table(self) -> list[dict]:
        """The rows for the page's table: the cells in column order and the bar's value."""
        return [
            {"drill": row["drill"], "cells": [row[key] for key, _heading in self.columns]}
            for row in self.rows[: self.shown]
        ]

    @property
    def hidden(self) -> int:
        """How many rows the page leaves to the downloads."""
        return len(self.rows) - len(self.rows[: self.shown])

    @property
    def decimal_headings(self) -> list[str]:
        return [heading for key, heading in self.columns if key in self.numeric]


def percent(part: int, whole: int) -> Decimal | None:
    """part/whole in per cent to 0.1, half-even; None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_EVEN)


def mean(total, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(TENTH, rounding=ROUND_HALF_EVEN)


def percentile(distribution: list[dict], share: int) -> int | None:
    """Nearest-rank percentile of working days over a distribution [{"days", "applications"}]: the least
    number of days within which `share` per cent of the applications were done."""
    total = sum(row["applications"] for row in distribution)
    if not total:
        return None
    rank = max(1, math.ceil(share * total / 100))
    seen = 0
    for row in sorted(distribution, key=lambda row: row["days"]):
        seen += row["applications"]
        if seen >= rank:
            return row["days"]
    return None  # unreachable: seen ends at total ≥ rank


AXIS = {"gridcolor": "#ebf0f8", "linecolor": "#ebf0f8", "zerolinecolor": "#ebf0f8", "ticks": ""}


def _figure(
    figure: go.Figure,
    title: str,
    x_title: str,
    y_title: str,
    x_type: str = "category",
    horizontal: bool = False,
) -> dict:
    """Layout shared by every chart. `x_title` names the categories, `y_title` the values; `horizontal`
    puts the categories down the left, for long labels (methods, producers)."""
    category_axis = {"title": {"text": x_title}, "type": x_type, "automargin": True, **AXIS}
    value_axis = {"title": {"text": y_title}, "rangemode": "tozero", "automargin": True, **AXIS}
    if x_type == "linear":
        category_axis["dtick"] = 1
    if horizontal:
        category_axis["autorange"] = "reversed"
    figure.update_layout(
        title={"text": title},
        # The look of plotly's "plotly_white" in a few properties: a named template is deep-copied into
        # every figure, which took most of the page's build time and some 7 kB of its JSON per chart.
        template="none",
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": "inherit", "color": "#2a3f5f"},
        xaxis=value_axis if horizontal else category_axis,
        yaxis=category_axis if horizontal else value_axis,
        margin={"t": 60, "r": 20, "b": 60, "l": 60},
        legend={"orientation": "h", "y": -0.2},
    )
    if not figure.data:
        figure.add_annotation(
            text=_("Nothing in this period"), xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False
        )
    return json.loads(figure.to_json())


def _bar(
    figure: go.Figure,
    rows: list[dict],
    x: str,
    y: str,
    name: str,
    colour=NEUTRAL_COLOUR,
    horizontal: bool = False,
    **extra,
):
    """One trace of bars: `x` the row key of the categories, `y` of the values."""
    categories = [row[x] if isinstance(row[x], int) else str(row[x]) for row in rows]
    values = [float(row[y]) if isinstance(row[y], Decimal) else row[y] for row in rows]
    figure.add_bar(
        x=values if horizontal else categories,
        y=categories if horizontal else values,
        orientation="h" if horizontal else "v",
        name=name,
        marker={"color": colour},
        customdata=[row["drill"] for row in rows],
        **extra,
    )


# --- Turnaround --------------------------------------------------------------------------------------------


def turnaround_chart(distribution: list[dict], limit: int | None = None) -> Chart:
    """Applications by working days from application to issue, on time and late stacked, the legal limit
    marked."""
    limit = settings.CONCLUSION_DUE_WORKING_DAYS if limit is None else limit
    total = sum(row["applications"] for row in distribution)
    rows = [
        {
            "drill": row["days"],
            "days": row["days"],
            "applications": row["applications"],
            "on_time": row["on_time"],
            "late": row["applications"] - row["on_time"],
            "share": percent(row["applications"], total),
        }
        for row in distribution
    ]
    figure = go.Figure()
    if rows:
        _bar(figure, rows, "days", "on_time", _("On time"), ON_TIME_COLOUR)
        _bar(figure, rows, "days", "late", _("Late"), LATE_COLOUR)
        figure.update_layout(barmode="stack")
        figure.add_vline(
            x=limit + 0.5,
            line_dash="dash",
            line_color=LATE_COLOUR,
            annotation_text=_("limit: %(days)s working days") % {"days": limit},
        )
    title = _("Turnaround: working days from application to issue")
    return Chart(
        key="turnaround",
        title=title,
        columns=[
            ("days", _("Working days")),
            ("applications", _("Applications")),
            ("on_time", _("On time")),
            ("late", _("Late")),
            ("share", _("Share, %")),
        ],
        rows=rows,
        figure=_figure(figure, title, _("Working days"), _("Applications"), x_type="linear"),
        numeric=("share",),
    )


def stages_chart(distributions: dict[str, list[dict]], hours: dict) -> Chart:
    """Per stage: applications, mean, median and 90th percentile in working days, and mean hours."""
    rows = []
    for stage in (*STAGE_KEYS, "total"):
        distribution = distributions.get(stage, [])
        count = sum(row["applications"] for row in distribution)
        rows.append(
            {
                "drill": stage,
                "stage": str(STAGE_LABELS[stage]),
                "applications": count,
                "mean_days": mean(sum(row["days"] * row["applications"] for row in distribution), count),
                "median_days": percentile(distribution, 50),
                "p90_days": percentile(distribution, 90),
                "mean_hours": mean(hours.get(f"hours_{stage}") or 0, hours.get(f"count_{stage}") or 0),
            }
        )
    figure = go.Figure()
    plotted = [row for row in rows if row["drill"] != "total" and row["mean_days"] is not None]
    if plotted:
        figure.add_bar(
            x=[row["stage"] for row in plotted],
            y=[float(row["mean_days"]) for row in plotted],
            name=_("Mean working days"),
            marker={"color": NEUTRAL_COLOUR},
            customdata=[row["drill"] for row in plotted],
            text=[f"{row['mean_days']}" for row in plotted],
        )
    title = _("Turnaround by stage")
    return Chart(
        key="stages",
        title=title,
        columns=[
            ("stage", _("Stage")),
            ("applications", _("Applications")),
            ("mean_days", _("Mean, working days")),
            ("median_days", _("Median, working days")),
            ("p90_days", _("90th percentile, working days")),
            ("mean_hours", _("Mean, hours")),
        ],
        rows=rows,
        figure=_figure(figure, title, _("Stage"), _("Mean working days")),
        numeric=("mean_days", "mean_hours"),
    )


def _period_label(start: date, unit: str) -> str:
    if unit == "month":
        return formats.date_format(start, "YEAR_MONTH_FORMAT")
    return start.strftime("%d.%m")


def trend_chart(rows_in: list[dict], unit: str = "week") -> Chart:
    """Per week or month of issue: conclusions issued (bars) and the on-time rate (line, right axis)."""
    rows = [
        {
            "drill": row["period"].isoformat(),
            "period": _period_label(row["period"], unit),
            "applications": row["applications"],
            "on_time": row["on_time"],
            "on_time_rate": percent(row["on_time"], row["applications"]),
            "mean_days": mean(row["working_days"], row["applications"]),
        }
        for row in rows_in
    ]
    figure = go.Figure()
    if rows:
        _bar(figure, rows, "period", "applications", _("Issued"))
        figure.add_scatter(
            x=[row["period"] for row in rows],
            y=[float(row["on_time_rate"]) for row in rows],
            name=_("On time, %"),
            yaxis="y2",
            mode="lines+markers",
            line={"color": ON_TIME_COLOUR},
            customdata=[row["drill"] for row in rows],
        )
        figure.update_layout(
            yaxis2={
                "title": {"text": _("On time, %")},
                "overlaying": "y",
                "side": "right",
                "range": [0, 105],
                "tickvals": [0, 20, 40, 60, 80, 100],
                "showgrid": False,
            }
        )
    title = _("Conclusions issued per month") if unit == "month" else _("Conclusions issued per week")
    axis = _("Month") if unit == "month" else _("Week beginning")
    return Chart(
        key="trend",
        title=title,
        columns=[
            ("period", _("Period")),
            ("applications", _("Issued")),
            ("on_time", _("On time")),
            ("on_time_rate", _("On time, %")),
            ("mean_days", _("Mean, working days")),
        ],
        rows=rows,
        figure=_figure(figure, title, axis, _("Conclusions")),
        numeric=("on_time_rate", "mean_days"),
    )


# --- Backlog -----------------------------------------------------------------------------------------------


def backlog_status_chart(rows_in: list[dict]) -> Chart:
    labels = dict(ApplicationStatus.choices)
    rows = [
        {"drill": row["status"], "status": str(labels[row["status"]]), "applications": row["applications"]}
        for row in rows_in
    ]
    figure = go.Figure()
    if any(row["applications"] for row in rows):
        _bar(figure, rows, "status", "applications", _("Open applications"))
    title = _("Open applications by status")
    return Chart(
        key="backlog_status",
        title=title,
        columns=[("status", _("Status")), ("applications", _("Applications"))],
        rows=rows,
        figure=_figure(figure, title, _("Status"), _("Applications")),
    )


def backlog_due_chart(rows_in: list[dict]) -> Chart:
    rows = [
        {
            "drill": row["bucket"],
            "bucket": str(DUE_LABELS[row["bucket"]]),
            "applications": row["applications"],
        }
        for row in rows_in
    ]
    figure = go.Figure()
    if any(row["applications"] for row in rows):
        figure.add_bar(
            x=[row["bucket"] for row in rows],
            y=[row["applications"] for row in rows],
            marker={"color": [DUE_COLOURS[row["drill"]] for row in rows]},
            customdata=[row["drill"] for row in rows],
            name=_("Open applications"),
        )
    title = _("Open applications by due date")
    return Chart(
        key="backlog_due",
        title=title,
        columns=[("bucket", _("Due")), ("applications", _("Applications"))],
        rows=rows,
        figure=_figure(figure, title, _("Due"), _("Applications")),
    )


# --- Workload ----------------------------------------------------------------------------------------------


def workload_people_chart(rows_in: list[dict], names: dict[int, str]) -> Chart:
    rows = sorted(
        (
            {
                "drill": row["person"],
                "person": names.get(row["person"], str(row["person"])),
                "entered": row["entered"],
                "verified": row["verified"],
            }
            for row in rows_in
        ),
        key=lambda row: (-row["entered"] - row["verified"], row["person"]),
    )
    figure = go.Figure()
    if rows:
        _bar(figure, rows, "person", "entered", _("Results entered"))
        _bar(figure, rows, "person", "verified", _("Results verified"), ON_TIME_COLOUR)
        figure.update_layout(barmode="group")
    title = _("Workload per person")
    return Chart(
        key="workload_people",
        title=title,
        columns=[
            ("person", _("Person")),
            ("entered", _("Results entered")),
            ("verified", _("Results verified")),
        ],
        rows=rows,
        figure=_figure(figure, title, _("Person"), _("Results")),
    )


# Short names for the chart's axis; the table and files give the full ones.
METHOD_SHORT = {
    Method.FIRE_ASSAY: gettext_lazy("Fire assay"),
    Method.SILVER_TITRATION: gettext_lazy("Titration"),
    Method.PLATINUM_GRAVIMETRIC: gettext_lazy("Pt gravimetric"),
    Method.PALLADIUM_GRAVIMETRIC: gettext_lazy("Pd gravimetric"),
    Method.ICP_BY_DIFFERENCE: gettext_lazy("ICP-OES"),
    Method.XRF: gettext_lazy("XRF"),
}


def workload_methods_chart(rows_in: list[dict]) -> Chart:
    labels = dict(Method.choices)
    rows = [
        {
            "drill": row["method"],
            "method": str(labels.get(row["method"], row["method"])),
            "short": str(METHOD_SHORT.get(row["method"], row["method"])),
            "entered": row["entered"],
            "verified": row["verified"],
            "invalidated": row["invalidated"],
        }
        for row in rows_in
    ]
    figure = go.Figure()
    if rows:
        _bar(figure, rows, "short", "entered", _("Results entered"))
        _bar(figure, rows, "short", "verified", _("Verified"), ON_TIME_COLOUR)
        _bar(figure, rows, "short", "invalidated", _("Invalidated"), LATE_COLOUR)
        figure.update_layout(barmode="group")
    title = _("Workload per method")
    return Chart(
        key="workload_methods",
        title=title,
        columns=[
            ("method", _("Method")),
            ("entered", _("Results entered")),
            ("verified", _("Verified")),
            ("invalidated", _("Invalidated")),
        ],
        rows=rows,
        figure=_figure(figure, title, _("Method"), _("Results")),
    )


# --- Quality -----------------------------------------------------------------------------------------------

# Producers can be thousands: the page shows the worst, the downloads every one.
PRODUCERS_SHOWN = 20
QUALITY_TITLES = {
    "producer": gettext_lazy("Non-conformance by producer"),
    "metal": gettext_lazy("Non-conformance by metal"),
    "fineness": gettext_lazy("Non-conformance by declared fineness"),
}
QUALITY_HEADINGS = {
    "producer": gettext_lazy("Producer (applicant)"),
    "metal": gettext_lazy("Metal"),
    "fineness": gettext_lazy("Metal and declared fineness"),
}


def quality_label(by: str, key: tuple) -> str:
    """key: (applicant id, name) by producer, (metal,) by metal, (metal, declared fineness) by fineness."""
    if by == "producer":  # called once per producer, thousands of times: no metal names needed (D2)
        return key[1]
    metals = dict(Metal.choices)
    if by == "metal":
        return str(metals.get(key[0], key[0]))
    metal, fineness = key
    name = metals.get(metal, metal)
    return f"{name} {fineness} ‰" if fineness is not None else f"{name} —"


def quality_drill(by: str, key: tuple) -> str:
    """The bar's value in a link: the applicant's id, the metal, or "Au:585.0" (":" for no fineness)."""
    if by == "producer":
        return str(key[0])
    return ":".join("" if part is None else str(part) for part in key)


def quality_chart(by: str, rows_in: list[dict]) -> Chart:
    """Share of judged results that did not conform to the declared fineness, worst first."""
    rows = sorted(
        (
            {
                "drill": quality_drill(by, row["key"]),
                "group": quality_label(by, row["key"]),
                "results": row["results"],
                "nonconforming": row["nonconforming"],
                "rate": percent(row["nonconforming"], row["results"]),
            }
            for row in rows_in
        ),
        key=lambda row: (-(row["rate"] or 0), -row["results"], row["group"]),
    )
    shown = PRODUCERS_SHOWN if by == "producer" else None
    figure = go.Figure()
    if rows:
        _bar(
            figure,
            rows[:shown],
            "group",
            "rate",
            _("Non-conforming, %"),
            LATE_COLOUR,
            horizontal=by == "producer",
            text=[f"{row['nonconforming']}/{row['results']}" for row in rows[:shown]],
        )
    title = str(QUALITY_TITLES[by])
    return Chart(
        key=f"quality_{by}",
        title=title,
        columns=[
            ("group", str(QUALITY_HEADINGS[by])),
            ("results", _("Results judged")),
            ("nonconforming", _("Non-conforming")),
            ("rate", _("Non-conforming, %")),
        ],
        rows=rows,
        figure=_figure(
            figure, title, str(QUALITY_HEADINGS[by]), _("Non-conforming, %"), horizontal=by == "producer"
        ),
        numeric=("rate",),
        shown=shown,
    )


def gems_chart(rows_in: list[dict]) -> Chart:
    labels = dict(StoneStatus.choices)
    total = sum(row["stones"] for row in rows_in)
    order = {status: index for index, status in enumerate(StoneStatus.values)}
    rows = [
        {
            "drill": row["status"],
            "status": str(labels.get(row["status"], row["status"])),
            "stones": row["stones"],
            "share": percent(row["stones"], total),
        }
        for row in sorted(rows_in, key=lambda row: order.get(row["status"], len(order)))
    ]
    figure = go.Figure()
    if rows:
        _bar(figure, rows, "status", "stones", _("Stones"))
    title = _("Stone identifications: natural, synthetic, imitation")
    return Chart(
        key="gems",
        title=title,
        columns=[("status", _("Outcome")), ("stones", _("Stones")), ("share", _("Share, %"))],
        rows=rows,
        figure=_figure(figure, title, _("Outcome"), _("Stones")),
        numeric=("share",),
    )


# --- Headline ----------------------------------------------------------------------------------------------


def headline(distribution: list[dict], due: list[dict], hours: dict) -> dict:
    """The numbers at the top: conclusions issued in the period, on time (count and %), mean working days
    and hours; open applications, overdue, and due by the end of the next working day."""
    issued = sum(row["applications"] for row in distribution)
    on_time = sum(row["on_time"] for row in distribution)
    buckets = {row["bucket"]: row["applications"] for row in due}
    return {
        "issued": issued,
        "on_time": on_time,
        "on_time_rate": percent(on_time, issued),
        "mean_days": mean(sum(row["days"] * row["applications"] for row in distribution), issued),
        "mean_hours": mean(hours.get("hours_total") or 0, hours.get("count_total") or 0),
        "open": sum(buckets.values()),
        "overdue": buckets.get("overdue", 0),
        "due_soon": buckets.get("today", 0) + buckets.get("next_working_day", 0),
    }
