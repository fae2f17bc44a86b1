"""Shewhart control chart with Westgard rules for the quality-control measurements of one reference
material analyte on one instrument. Pure: no models, no database.

Where the limits come from: the center is the mean and the SD the sample standard deviation (n − 1) of
the first `baseline` points (20 by default, or all of them when there are fewer), unless the laboratory
gives them (from its method validation, or the certified value as the center). The lines are drawn at
center ± 1, 2 and 3 SD, rounded to the precision of the most precise value (round half to even).

Each point gets z = (x − center) / SD, computed from the exact Decimals and then handled as float64
(a statistic, not a reported quantity). "Beyond" is strict: a point exactly on a limit is inside.

- 1_2s  one point beyond ±2 SD: a warning only; the run is not rejected;
- 1_3s  one point beyond ±3 SD;
- 2_2s  two consecutive points beyond 2 SD on the same side;
- R_4s  two consecutive points, one beyond +2 SD and the other beyond −2 SD;
- 4_1s  four consecutive points beyond 1 SD on the same side;
- 10_x  ten consecutive points on the same side of the center (a point on the center breaks the run).

A violation belongs to the point that completes the rule, and every point that completes it again is
reported (the 5th point of a run of five beyond 1 SD completes 4_1s a second time). A point beyond 3 SD
is beyond 2 SD too, so it carries both 1_2s and 1_3s.

No chart (None) below three points, or when the SD is zero: without spread there are no limits.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import mean, stdev

import numpy as np
import plotly.graph_objects as go
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from numpy.lib.stride_tricks import sliding_window_view

from lims.core.units import ROUNDING

# Rule code → description for users, in the order violations of one point are listed.
RULES = {
    "1_2s": gettext_lazy("One point beyond 2 SD (warning)"),
    "1_3s": gettext_lazy("One point beyond 3 SD"),
    "2_2s": gettext_lazy("Two consecutive points beyond 2 SD on the same side"),
    "R_4s": gettext_lazy("Two consecutive points beyond 2 SD on opposite sides"),
    "4_1s": gettext_lazy("Four consecutive points beyond 1 SD on the same side"),
    "10_x": gettext_lazy("Ten consecutive points on the same side of the center"),
}
WARNING_RULES = {"1_2s"}
MINIMUM_POINTS = 3

RED, ORANGE, BLUE, GREY = "#d62728", "#ff7f0e", "#1f77b4", "#555555"


@dataclass(frozen=True)
class Violation:
    index: int  # 0-based index of the point that completes the rule
    rule: str  # a key of RULES
    rejects: bool  # False only for the 1_2s warning


@dataclass(frozen=True)
class Chart:
    values: tuple[Decimal, ...]
    center: Decimal  # rounded like the values, for display; the rules and limits use exact_center
    sd: Decimal
    baseline: int  # how many leading points set center and sd (0 when both were given)
    violations: tuple[Violation, ...]
    exact_center: Decimal | None = field(default=None, repr=False)  # None: `center` is exact

    def limits(self) -> dict[str, tuple[Decimal, Decimal]]:
        """{"1s": (low, high), "2s": …, "3s": …}, rounded to the precision of the values."""
        center = self.center if self.exact_center is None else self.exact_center
        quantum = _quantum(self.values)
        return {
            f"{k}s": (
                (center - k * self.sd).quantize(quantum, rounding=ROUNDING),
                (center + k * self.sd).quantize(quantum, rounding=ROUNDING),
            )
            for k in (1, 2, 3)
        }

    def rejected_indexes(self) -> set[int]:
        return {violation.index for violation in self.violations if violation.rejects}

    @property
    def in_control(self) -> bool:
        """No rejecting violation at the last point: the latest run may be reported."""
        return len(self.values) - 1 not in self.rejected_indexes()


def shewhart(
    values: Sequence[Decimal],
    *,
    baseline: int = 20,
    center: Decimal | None = None,
    sd: Decimal | None = None,
) -> Chart | None:
    """The chart of `values` (oldest first), or None below three points or with a zero SD."""
    values = tuple(values)
    if not all(isinstance(value, Decimal) and value.is_finite() for value in values):
        raise ValueError("Control chart values must be finite Decimals.")
    if baseline < 2:
        raise ValueError("The baseline needs at least two points for a standard deviation.")
    if sd is not None and sd < 0:
        raise ValueError("A standard deviation cannot be negative.")
    if len(values) < MINIMUM_POINTS:
        return None
    used = 0 if center is not None and sd is not None else min(len(values), baseline)
    exact_center = mean(values[:used]) if center is None else center
    sd = stdev(values[:used]) if sd is None else sd
    if sd == 0:
        return None
    z = np.array([float((value - exact_center) / sd) for value in values], dtype=np.float64)
    masks = _rule_masks(z)
    violations = tuple(
        Violation(index, rule, rule not in WARNING_RULES)
        for index in range(len(values))
        for rule in RULES
        if masks[rule][index]
    )
    return Chart(
        values=values,
        center=exact_center.quantize(_quantum(values), rounding=ROUNDING),
        sd=sd,
        baseline=used,
        violations=violations,
        exact_center=exact_center,
    )


def _quantum(values: Sequence[Decimal]) -> Decimal:
    """One unit of the last digit of the most precise value (0.01 for 585.0 and 585.12)."""
    return Decimal(1).scaleb(min(value.as_tuple().exponent for value in values))


def _rule_masks(z: np.ndarray) -> dict[str, np.ndarray]:
    """For each rule, a boolean per point: True where the point completes the rule."""

    def runs(high: np.ndarray, low: np.ndarray, length: int) -> np.ndarray:
        """True at a point ending `length` consecutive points all `high` or all `low`."""
        mask = np.zeros(len(z), dtype=bool)
        if len(z) >= length:
            all_high = sliding_window_view(high, length).all(axis=1)
            all_low = sliding_window_view(low, length).all(axis=1)
            mask[length - 1 :] = all_high | all_low
        return mask

    above, below = z > 2, z < -2
    opposite = np.zeros(len(z), dtype=bool)
    opposite[1:] = (above[1:] & below[:-1]) | (below[1:] & above[:-1])
    return {
        "1_2s": np.abs(z) > 2,
        "1_3s": np.abs(z) > 3,
        "2_2s": runs(above, below, 2),
        "R_4s": opposite,
        "4_1s": runs(z > 1, z < -1, 4),
        "10_x": runs(z > 0, z < 0, 10),
    }


def figure(chart: Chart, *, labels: Sequence[str], title: str, unit: str) -> dict:
    """The chart as a JSON-ready dict for `Plotly.newPlot`: the values (markers and line, x = `labels`),
    the center, ±2 SD warning (dashed) and ±3 SD action (solid) lines, rejected points in red and
    warnings in orange. Points are floats (plotly draws numbers); the hover shows the exact Decimal, the
    unit and the rules a point breaks."""
    labels = list(labels)
    if len(labels) != len(chart.values):
        raise ValueError("One label per value is needed.")
    broken: dict[int, list[str]] = {}
    for violation in chart.violations:
        broken.setdefault(violation.index, []).append(f"{violation.rule}: {RULES[violation.rule]}")
    suffix = f" {unit}" if unit else ""
    customdata = [
        [str(value), "".join(f"<br>{line}" for line in broken.get(index, []))]
        for index, value in enumerate(chart.values)
    ]
    hover = (
        "<b>%{x}</b><br>" + _("Result") + ": %{customdata[0]}" + suffix + "%{customdata[1]}<extra></extra>"
    )

    def points(indexes: list[int], **kwargs) -> None:
        fig.add_scatter(
            x=[labels[i] for i in indexes],
            y=[float(chart.values[i]) for i in indexes],
            customdata=[customdata[i] for i in indexes],
            hovertemplate=hover,
            **kwargs,
        )

    def line(name: str, levels: list[Decimal], **line_style) -> None:
        """A horizontal line across the chart per value in `levels` (one legend entry for all)."""
        x: list[str | None] = []
        y: list[float | None] = []
        text: list[str | None] = []
        for value in levels:
            x += [labels[0], labels[-1], None]
            y += [float(value), float(value), None]
            text += [str(value), str(value), None]
        fig.add_scatter(
            x=x[:-1],
            y=y[:-1],
            customdata=text[:-1],
            mode="lines",
            name=name,
            line=line_style,
            hovertemplate=name + ": %{customdata}" + suffix + "<extra></extra>",
        )

    fig = go.Figure()
    limits = chart.limits()
    line(_("Center"), [chart.center], color=GREY, width=1)
    line(_("±2 SD (warning limits)"), list(limits["2s"]), color=ORANGE, width=1, dash="dash")
    line(_("±3 SD (action limits)"), list(limits["3s"]), color=RED, width=1.5)
    points(list(range(len(chart.values))), mode="lines+markers", name=_("Result"), marker={"color": BLUE})
    rejected = sorted(chart.rejected_indexes())
    warned = sorted({violation.index for violation in chart.violations} - set(rejected))
    if warned:
        points(warned, mode="markers", name=_("Warning"), marker={"color": ORANGE, "size": 10})
    if rejected:
        points(rejected, mode="markers", name=_("Rejected"), marker={"color": RED, "size": 10})
    fig.update_layout(
        title={"text": title},
        template="plotly_white",
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": list(labels)},
        yaxis={"title": {"text": f"{_('Result')}, {unit}" if unit else _("Result")}},
        hovermode="closest",
    )
    return json.loads(fig.to_json())
