"""Time the manager's dashboard (every chart, the headline, the at-risk list and the instruments) over the
data of `bench/generate.py` on PostgreSQL: one laboratory and every laboratory, over 90 days and a year,
each the best and the median of five runs, with its query count. Never in tests.

    .venv/bin/python bench/generate.py            # 200,000 applications, 1,000,000 items
    .venv/bin/python bench/bench_dashboard.py
"""

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/synama_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lims.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from lims.accounts.models import Organization  # noqa: E402
from lims.assay.models import Result  # noqa: E402
from lims.core.deadlines import working_calendar  # noqa: E402
from lims.dashboard import report  # noqa: E402
from lims.dashboard.drill import drill  # noqa: E402
from lims.dashboard.queries import Scope  # noqa: E402
from lims.intake.models import Application, Item  # noqa: E402

RUNS = 5


def timed(label: str, work) -> None:
    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
    print(
        f"{label:<48} best {min(times) * 1000:7.0f} ms   median {statistics.median(times) * 1000:7.0f} ms"
        f"   {len(queries)} queries"
    )


def main() -> None:
    print(
        f"{Application.objects.count():,} applications, {Item.objects.count():,} items, "
        f"{Result.objects.count():,} results on {connection.vendor} {connection.pg_version}"
        if connection.vendor == "postgresql"
        else connection.vendor
    )
    now = timezone.now()
    today = timezone.localdate()
    calendar = working_calendar()
    biggest = max(
        Organization.objects.all(), key=lambda org: Application.objects.filter(organization=org).count()
    )
    for label, organizations in ((biggest.short_code, (biggest.pk,)), ("every laboratory", None)):
        for days in (90, 365):
            # A new Scope each run, as each request makes one: its memo must not carry over between runs.
            def build(organizations=organizations, days=days):
                scope = Scope(organizations, today - timedelta(days=days - 1), today, now, calendar=calendar)
                return report.build(scope, "week")

            timed(f"dashboard, {label}, {days} days", build)
    scope = Scope((biggest.pk,), today - timedelta(days=89), today, now, calendar=calendar)
    timed(
        f"drill-down, {biggest.short_code}, late (6 days), first page",
        lambda: list(drill(scope, "turnaround", "6").order_by("due_at", "id")[:50]),
    )


if __name__ == "__main__":
    main()
