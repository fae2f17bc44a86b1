"""Each chart of the dashboard as one function of the scope: its queries, then its pure builder. The page
builds them all; a CSV or XLSX download builds only its own."""

from django.contrib.auth import get_user_model

from lims.dashboard import figures, queries
from lims.dashboard.figures import Chart
from lims.dashboard.queries import Scope


def _people(scope: Scope, unit: str) -> Chart:
    rows = queries.workload_people(scope)
    names = {
        user.pk: user.get_full_name() or user.username
        for user in get_user_model().objects.filter(pk__in=[row["person"] for row in rows])
    }
    return figures.workload_people_chart(rows, names)


CHARTS = {
    "turnaround": lambda scope, unit: figures.turnaround_chart(queries.distribution(scope)),
    "stages": lambda scope, unit: figures.stages_chart(
        queries.stage_distributions(scope), queries.stage_hours(scope)
    ),
    "trend": lambda scope, unit: figures.trend_chart(queries.trend(scope, unit), unit),
    "backlog_due": lambda scope, unit: figures.backlog_due_chart(queries.backlog_by_due(scope)),
    "backlog_status": lambda scope, unit: figures.backlog_status_chart(queries.backlog_by_status(scope)),
    "workload_people": _people,
    "workload_methods": lambda scope, unit: figures.workload_methods_chart(queries.workload_methods(scope)),
    "quality_producer": lambda scope, unit: figures.quality_chart(
        "producer", queries.nonconformance(scope, "producer")
    ),
    "quality_metal": lambda scope, unit: figures.quality_chart(
        "metal", queries.nonconformance(scope, "metal")
    ),
    "quality_fineness": lambda scope, unit: figures.quality_chart(
        "fineness", queries.nonconformance(scope, "fineness")
    ),
    "gems": lambda scope, unit: figures.gems_chart(queries.gem_outcomes(scope)),
}

# The page's sections and the charts in each, in order.
SECTIONS = (
    ("backlog", ("backlog_due", "backlog_status")),
    ("turnaround", ("turnaround", "stages", "trend")),
    ("workload", ("workload_people", "workload_methods")),
    ("quality", ("quality_producer", "quality_metal", "quality_fineness", "gems")),
)


def build(scope: Scope, unit: str) -> dict:
    """Every chart, the headline numbers, the at-risk list and the instruments due for calibration.
    The headline reuses the charts' own aggregates, so the numbers at the top and in the tables agree."""
    due = queries.backlog_by_due(scope)
    charts = {"backlog_due": figures.backlog_due_chart(due)}
    for key, make in CHARTS.items():
        if key not in charts:
            charts[key] = make(scope, unit)
    headline = figures.headline(queries.distribution(scope), due, queries.stage_hours(scope))
    return {
        "headline": headline,
        "charts": charts,
        "at_risk": queries.at_risk(scope),
        "at_risk_total": headline["overdue"] + headline["due_soon"],
        "instruments": queries.instruments_expiring(scope),
    }
