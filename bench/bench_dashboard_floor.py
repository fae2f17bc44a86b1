"""The manager's dashboard beside its floor, for the scopes of bench/bench_dashboard.py on the data of
bench/generate.py (`synama_bench`): the product's `report.build` (every chart, the headline, the at-risk
list, the instruments; Django ORM, figures, plotly JSON) against the raw SQL of the same aggregates: the SQL
strings Django issues for that build, captured once with CaptureQueriesContext, re-executed exactly with the
raw psycopg cursor and fetched. The difference is what the ORM, the figures and the JSON cost beside the
database's own work. Target: the dashboard ≤ 1 s. Best and median of 5 runs. Never in tests.

    .venv/bin/python bench/bench_dashboard_floor.py

Each product run builds a new `Scope`, as each request does. (bench_dashboard.py reuses one Scope for its
five runs, and the Scope keeps its two shared grouped aggregates in `memo`: from its second run on they
are not queried, so it runs 10 queries where a request runs 12. Both are shown here.)
"""

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/synama_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lims.settings")

import django  # noqa: E402

django.setup()

from _common import Row, load, print_table, ratio, seconds, timed  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from lims.accounts.models import Organization  # noqa: E402
from lims.core.deadlines import working_calendar  # noqa: E402
from lims.dashboard import report  # noqa: E402
from lims.dashboard.drill import drill  # noqa: E402
from lims.dashboard.queries import Scope  # noqa: E402
from lims.intake.models import Application  # noqa: E402

RUNS = 5
TARGET = 1.0  # s


def captured(work) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        work()
    return [query["sql"] for query in queries.captured_queries]


def raw_runner(sqls: list[str]):
    """Execute exactly these SQL strings with the raw psycopg cursor and fetch every row; returns the
    runner and the per-query times of its runs."""
    per_query: list[list[float]] = [[] for _ in sqls]

    def run():
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor  # psycopg's own cursor: no Django in the way
            for index, sql in enumerate(sqls):
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                per_query[index].append(time.perf_counter() - started)

    return run, per_query


def slowest(sqls: list[str], per_query: list[list[float]], count: int = 3) -> str:
    medians = sorted(
        ((statistics.median(times), sql) for times, sql in zip(per_query, sqls, strict=True)), reverse=True
    )
    return "; ".join(f"{seconds(t)} {' '.join(sql.split())[:70]}…" for t, sql in medians[:count])


def main() -> None:
    print(f"before: {load()}")
    print(f"PostgreSQL {connection.pg_version}, database {connection.settings_dict['NAME']}")
    now = timezone.now()
    today = timezone.localdate()
    calendar = working_calendar()
    biggest = max(
        Organization.objects.all(), key=lambda org: Application.objects.filter(organization=org).count()
    )
    rows, details = [], []
    for label, organizations in ((biggest.short_code, (biggest.pk,)), ("every laboratory", None)):
        for days in (90, 365):

            def scope(organizations=organizations, days=days):
                return Scope(organizations, today - timedelta(days=days - 1), today, now, calendar=calendar)

            def build(scope=scope):
                return report.build(scope(), "week")

            sqls = captured(build)
            build()  # warm
            product = timed(build, RUNS)
            reused = scope()
            as_bench_dashboard = timed(lambda reused=reused: report.build(reused, "week"), RUNS)
            run, per_query = raw_runner(sqls)
            run()  # warm
            for times in per_query:
                times.clear()
            floor = timed(run, RUNS)
            rows.append(
                Row(
                    f"dashboard, {label}, {days} days ({len(sqls)} queries)",
                    str(product),
                    f"raw SQL {floor}",
                    ratio(product.median, floor.median),
                    f"≤ {TARGET:.0f} s",
                    product.median <= TARGET,
                )
            )
            details.append(
                f"{label}, {days} days: one Scope reused as bench_dashboard.py does {as_bench_dashboard}; "
                f"slowest SQL: {slowest(sqls, per_query)}"
            )
    scope = Scope((biggest.pk,), today - timedelta(days=89), today, now, calendar=calendar)

    def first_page():
        return list(drill(scope, "turnaround", "6").order_by("due_at", "id")[:50])

    sqls = captured(first_page)
    first_page()
    product = timed(first_page, RUNS)
    run, _ = raw_runner(sqls)
    run()
    floor = timed(run, RUNS)
    rows.append(
        Row(
            f"drill-down, {biggest.short_code}, late (6 days), first page ({len(sqls)} queries)",
            str(product),
            f"raw SQL {floor}",
            ratio(product.median, floor.median),
            f"≤ {TARGET:.0f} s",
            product.median <= TARGET,
        )
    )
    print_table(rows, note=f"best / median of {RUNS} runs, a new Scope each run; the ratio is of medians")
    for line in details:
        print(line)
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
