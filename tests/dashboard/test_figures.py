"""Each figure's numbers on a small data set counted by hand. Pure: no database."""

import io
from datetime import date
from decimal import Decimal

import pandas as pd

from lims.core.tables import csv_bytes, xlsx_bytes
from lims.dashboard import figures

# Ten conclusions issued: 0, 2, 3, 3, 4, 5, 5, 5 working days on time; 6 and 8 late.
DISTRIBUTION = [
    {"days": 0, "applications": 1, "on_time": 1},
    {"days": 2, "applications": 1, "on_time": 1},
    {"days": 3, "applications": 2, "on_time": 2},
    {"days": 4, "applications": 1, "on_time": 1},
    {"days": 5, "applications": 3, "on_time": 3},
    {"days": 6, "applications": 1, "on_time": 0},
    {"days": 8, "applications": 1, "on_time": 0},
]


def test_turnaround_chart_counts_on_time_and_late_per_bar_with_shares():
    chart = figures.turnaround_chart(DISTRIBUTION, limit=5)
    assert [(row["days"], row["on_time"], row["late"], row["share"]) for row in chart.rows] == [
        (0, 1, 0, Decimal("10.0")),
        (2, 1, 0, Decimal("10.0")),
        (3, 2, 0, Decimal("20.0")),
        (4, 1, 0, Decimal("10.0")),
        (5, 3, 0, Decimal("30.0")),
        (6, 0, 1, Decimal("10.0")),
        (8, 0, 1, Decimal("10.0")),
    ]
    on_time, late = chart.figure["data"]
    assert on_time["y"] == [1, 1, 2, 1, 3, 0, 0] and late["y"] == [0, 0, 0, 0, 0, 1, 1]
    assert on_time["customdata"] == [0, 2, 3, 4, 5, 6, 8]  # each bar names its drill-down
    # The five-day limit (R1) is drawn between the fifth and the sixth day.
    assert chart.figure["layout"]["shapes"][0]["x0"] == 5.5


def test_percentiles_are_nearest_rank_over_the_distribution():
    assert figures.percentile(DISTRIBUTION, 50) == 4  # 5th of 10
    assert figures.percentile(DISTRIBUTION, 90) == 6  # 9th of 10
    assert figures.percentile(DISTRIBUTION, 100) == 8
    assert figures.percentile([], 50) is None


def test_stages_chart_means_medians_and_hours():
    distributions = {
        "testing": [{"days": 1, "applications": 3}, {"days": 2, "applications": 1}],
        "verification": [{"days": 0, "applications": 4}],
        "signing": [{"days": 1, "applications": 4}],
        "issue": [{"days": 0, "applications": 2}, {"days": 1, "applications": 2}],
        "total": [{"days": 2, "applications": 1}, {"days": 3, "applications": 3}],
    }
    hours = {"hours_testing": Decimal("100.0"), "count_testing": 4, "hours_total": Decimal("290.5")}
    hours["count_total"] = 4
    rows = {row["drill"]: row for row in figures.stages_chart(distributions, hours).rows}
    assert rows["testing"]["mean_days"] == Decimal("1.2")  # 5 / 4 = 1.25, half-even to 1.2
    assert rows["testing"]["median_days"] == 1 and rows["testing"]["p90_days"] == 2
    assert rows["testing"]["mean_hours"] == Decimal("25.0")
    assert rows["total"]["mean_days"] == Decimal("2.8") and rows["total"]["mean_hours"] == Decimal("72.6")
    assert rows["verification"]["mean_hours"] is None  # no hours counted


def test_trend_chart_rates_per_week():
    rows = [
        {"period": date(2026, 10, 5), "applications": 4, "on_time": 3, "working_days": 17},
        {"period": date(2026, 10, 12), "applications": 2, "on_time": 2, "working_days": 7},
    ]
    chart = figures.trend_chart(rows, "week")
    assert [(row["drill"], row["on_time_rate"], row["mean_days"]) for row in chart.rows] == [
        ("2026-10-05", Decimal("75.0"), Decimal("4.2")),
        ("2026-10-12", Decimal("100.0"), Decimal("3.5")),
    ]
    assert chart.figure["data"][1]["y"] == [75.0, 100.0]


def test_quality_chart_sorts_worst_first_and_names_fineness():
    rows = [
        {"key": ("Au", Decimal("585.0")), "results": 12, "nonconforming": 2},
        {"key": ("Au", Decimal("750.0")), "results": 11, "nonconforming": 1},
        {"key": ("Ag", Decimal("925.0")), "results": 3, "nonconforming": 0},
    ]
    chart = figures.quality_chart("fineness", rows)
    assert [(row["drill"], row["rate"]) for row in chart.rows] == [
        ("Au:585.0", Decimal("16.7")),
        ("Au:750.0", Decimal("9.1")),
        ("Ag:925.0", Decimal("0.0")),
    ]
    assert chart.rows[0]["group"] == "Gold 585.0 ‰"
    producers = figures.quality_chart(
        "producer", [{"key": (7, "Zerger LLP"), "results": 4, "nonconforming": 1}]
    )
    assert producers.rows[0]["group"] == "Zerger LLP" and producers.rows[0]["drill"] == "7"


def test_the_page_shows_the_worst_producers_and_the_downloads_every_one():
    # Producer n judged 100 times, n of them non-conforming: producer 25 is the worst.
    rows = [{"key": (n, f"Producer {n:02d}"), "results": 100, "nonconforming": n} for n in range(1, 26)]
    chart = figures.quality_chart("producer", rows)
    assert figures.PRODUCERS_SHOWN == 20
    assert [row["cells"][0] for row in chart.table] == [f"Producer {n:02d}" for n in range(25, 5, -1)]
    assert chart.hidden == 5
    assert len(chart.figure["data"][0]["y"]) == 20
    assert list(chart.frame()["Producer (applicant)"]) == [f"Producer {n:02d}" for n in range(25, 0, -1)]
    assert figures.quality_chart("metal", [{"key": ("Au",), "results": 1, "nonconforming": 0}]).hidden == 0


def test_gems_backlog_and_headline():
    gems = figures.gems_chart([{"status": "synthetic", "stones": 1}, {"status": "natural", "stones": 3}])
    assert [(row["drill"], row["share"]) for row in gems.rows] == [
        ("natural", Decimal("75.0")),
        ("synthetic", Decimal("25.0")),
    ]
    due = [
        {"bucket": "overdue", "applications": 2},
        {"bucket": "today", "applications": 1},
        {"bucket": "next_working_day", "applications": 3},
        {"bucket": "later", "applications": 9},
    ]
    assert [row["applications"] for row in figures.backlog_due_chart(due).rows] == [2, 1, 3, 9]
    headline = figures.headline(DISTRIBUTION, due, {"hours_total": Decimal("800.0"), "count_total": 10})
    assert headline == {
        "issued": 10,
        "on_time": 8,
        "on_time_rate": Decimal("80.0"),
        "mean_days": Decimal("4.1"),  # 41 working days / 10
        "mean_hours": Decimal("80.0"),
        "open": 15,
        "overdue": 2,
        "due_soon": 4,
    }


def test_empty_period_draws_a_message_not_a_broken_chart():
    chart = figures.turnaround_chart([], limit=5)
    assert chart.rows == [] and chart.figure["layout"]["annotations"][0]["text"] == "Nothing in this period"
    assert figures.headline([], [], {})["on_time_rate"] is None


def test_table_exports_carry_the_same_numbers():
    chart = figures.turnaround_chart(DISTRIBUTION, limit=5)
    frame = pd.read_csv(io.BytesIO(csv_bytes(chart.frame())), encoding="utf-8-sig")
    assert list(frame.columns) == ["Working days", "Applications", "On time", "Late", "Share, %"]
    assert frame["Applications"].sum() == 10 and frame["Late"].sum() == 2
    sheet = pd.read_excel(
        io.BytesIO(xlsx_bytes(chart.frame(), chart.title, decimal_columns=chart.decimal_headings))
    )
    assert sheet["Share, %"].tolist() == [10.0, 10.0, 20.0, 10.0, 30.0, 10.0, 10.0]
