"""A realistic data set at national scale for the benchmarks: by default 200,000 applications with 1,000,000
items and their results over the two years to today, across the demo's laboratories, written with
PostgreSQL's COPY. Never in tests.

    .venv/bin/python bench/generate.py [applications]      # into postgres://…/synama_bench (created)
    SYNAMA_BENCH_DATABASE=postgres://…/other .venv/bin/python bench/generate.py 3000   # elsewhere (created)

(With DATABASE_URL set to another database, the data is added to that one, which is not recreated.)

What is realistic about it:
- 3,000 producers, importers and exporters besides the demo's applicants, a few bringing most of the work;
- applications arrive on working days (Kazakhstan's calendar, numpy's busday functions) at office hours, a
  Poisson-like number per day; 1-10 items each (5 on average), mostly jewelry, some bars, coins and stones;
- every item has one decisive result (fire assay, titration, ICP by difference or gravimetry, by metal)
  entered by one member of staff and verified by another (the head of laboratory verifies, never enters
  alone: he may not sign a conclusion he alone tested), about 3 % below the declared fineness;
- stages take 0-3 working days each, so most conclusions come within the five of R1 and some late; the
  turnaround rows carry the working days that numpy's busday_count gives for the same calendar;
- the last fortnight's applications are still open, in every status.

It fills the tables the dashboard reads (applications, items, results, turnaround; no stones, hallmark
checks or raw-goods content), and for every issued application its issued conclusion with the citations of
its results and the audit event of the issue (bench/generate_conclusions.py: numbers, people, times and
content as the product's `conclusion_issue` would have made them; no PDF: left pending, so never run
`manage.py render_pending_pdfs` or `make run` on this database, which would render them all). The other audit
events (registration, results, status changes, the conclusion's earlier steps) are not generated. After the
COPY the product's numbering counters are set past the generated numbers (applications, items,
conclusions) and every written table's id sequence past its ids, so the product can go on registering and
issuing on this database (a load test) without a collision.
"""

import io
import os
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

BENCH_DATABASE = os.environ.get("SYNAMA_BENCH_DATABASE", "postgres://postgres@127.0.0.1:5432/synama_bench")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DATABASE_URL", BENCH_DATABASE)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lims.settings")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from _common import ITEM_COLUMNS  # noqa: E402


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        # A fresh database each run, so the figures are of exactly the data generated.
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


ZONE = ZoneInfo("Asia/Almaty")
RNG = np.random.default_rng(2026)
CATEGORIES = np.array(["jewelry", "bar", "coin", "precious_stone"])
CATEGORY_P = [0.86, 0.05, 0.04, 0.05]
METALS = {  # metal: (declared finenesses, method)
    "Au": (["375.0", "585.0", "750.0", "999.9"], "iso11426"),
    "Ag": (["800.0", "875.0", "925.0"], "iso11427"),
    "Pt": (["950.0"], "iso11210"),
}
PURPOSES = np.array(["domestic", "export", "import", "voluntary"])
PURPOSE_P = [0.55, 0.2, 0.15, 0.1]


PRODUCERS = 3000


def producers(count: int) -> list[int]:
    """Jewelry producers, importers and exporters as legal entities with valid BINs."""
    from lims.intake.identifiers import complete
    from lims.intake.models import Applicant

    rows, serial = [], 0
    while len(rows) < count:
        serial += 1
        try:
            identifier = complete(f"1905400{serial:04d}")
        except ValueError:
            continue  # the rare serials no check digit completes
        rows.append(
            Applicant(kind="legal_entity", name=f"ТОО «Producer {len(rows) + 1:04d}»", identifier=identifier)
        )
    return [applicant.pk for applicant in Applicant.objects.bulk_create(rows)]


def _copy(cursor, table: str, columns: list[str], rows) -> int:
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


# Every table written here with an id column (a turnaround row's key is its application's): its sequence is
# set past the generated ids.
SERIAL_TABLES = [
    "intake_applicant",
    "intake_application",
    "intake_item",
    "assay_result",
    "conclusions_conclusion",
    "conclusions_citation",
    "core_auditevent",
]


def set_counters(cursor) -> None:
    """The product's numbering counters (`lims.core.sequences.allocate`) past every number generated, so the
    registrations and conclusions a load test makes afterwards continue the series without a collision:
    items and conclusions by their highest (organization, year, sequence); applications, whose generated
    numbers are the B series (by id) beside the product's A series, by their count per organization and
    year, as if the product had numbered them."""
    from django.conf import settings

    cursor.execute(
        "INSERT INTO core_numbersequence (organization_id, kind, year, last_value) "
        "SELECT organization_id, 'application', EXTRACT(YEAR FROM received_at AT TIME ZONE %s)::int, "
        "COUNT(*) FROM intake_application GROUP BY 1, 3 "
        "UNION ALL SELECT organization_id, 'item', year, MAX(sequence) FROM intake_item GROUP BY 1, 3 "
        "UNION ALL SELECT organization_id, 'conclusion', year, MAX(sequence) FROM conclusions_conclusion "
        "WHERE sequence IS NOT NULL GROUP BY 1, 3 "
        "ON CONFLICT (organization_id, kind, year) DO UPDATE "
        "SET last_value = GREATEST(core_numbersequence.last_value, EXCLUDED.last_value)",
        [settings.TIME_ZONE],
    )


def generate(applications: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from generate_conclusions import generate_conclusions

    from lims.accounts.models import Organization, Role, User
    from lims.core.calendar import KazakhstanCalendar
    from lims.intake.models import Applicant

    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        call_command("seed_demo", stdout=io.StringIO())  # the laboratories, their people and applicants
    organizations = list(Organization.objects.order_by("pk").values_list("pk", "short_code"))
    technicians = {
        org: list(
            User.objects.filter(organization_id=org, role__in=[Role.TECHNICIAN, Role.MANAGER]).values_list(
                "pk", flat=True
            )
        )
        for org, _code in organizations
    }
    heads = set(User.objects.filter(role=Role.MANAGER).values_list("pk", flat=True))
    applicants = list(Applicant.objects.values_list("pk", flat=True)) + producers(PRODUCERS)
    # A few large producers and importers bring most of the work (Zipf-like shares).
    applicant_p = 1 / np.arange(1, len(applicants) + 1) ** 1.1
    applicant_p /= applicant_p.sum()

    today = timezone.localdate()
    first = today - timedelta(days=730)
    calendar = KazakhstanCalendar()
    holidays = [
        day for day in (first + timedelta(n) for n in range(760)) if day.weekday() < 5 and not calendar(day)
    ]
    days = np.array(
        [np.datetime64(day) for day in (first + timedelta(n) for n in range(730)) if calendar(day)]
    )
    per_day = RNG.poisson(applications / len(days), len(days))
    per_day[-1] += applications - per_day.sum()  # exactly `applications`
    received_day = np.repeat(days, np.maximum(per_day, 0))[:applications]
    n = len(received_day)
    stage = RNG.choice([0, 1, 1, 1, 2, 2, 3], size=(n, 4))
    milestone_day = [received_day]
    for column in range(4):
        milestone_day.append(
            np.busday_offset(milestone_day[-1], stage[:, column], roll="forward", holidays=holidays)
        )
    due_day = np.busday_offset(received_day, 5, roll="forward", holidays=holidays)
    hours = RNG.integers(9, 18, size=(n, 5))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM intake_application")
        base = cursor.fetchone()[0] + 1
        org_of = RNG.integers(0, len(organizations), n)
        purpose = RNG.choice(PURPOSES, n, p=PURPOSE_P)
        applicant_of = RNG.choice(applicants, n, p=applicant_p)
        horizon = np.datetime64(today - timedelta(days=14))
        issued = milestone_day[4] < horizon

        now = datetime.now(ZONE)

        def moment(day, hour):
            """Office hours on the day; never in the future (the open applications' later stages)."""
            return min(
                now, datetime.combine(day.astype(date), datetime.min.time(), ZONE).replace(hour=int(hour))
            )

        def app_rows():
            for i in range(n):
                org, code = organizations[org_of[i]]
                received = moment(received_day[i], hours[i, 0])
                yield (
                    base + i,
                    f"{code}-B{base + i:08d}",
                    org,
                    applicant_of[i],
                    purpose[i],
                    received,
                    datetime.combine(
                        due_day[i].astype(date), datetime.max.time().replace(microsecond=0), ZONE
                    ),
                    "issued" if issued[i] else ("received", "in_testing", "tested", "review")[i % 4],
                    "on_track",
                    "",
                    technicians[org][0],
                )

        _copy(
            raw,
            "intake_application",
            [
                "id",
                "number",
                "organization_id",
                "applicant_id",
                "purpose",
                "received_at",
                "due_at",
                "status",
                "deadline_state",
                "notes",
                "registered_by_id",
            ],
            app_rows(),
        )
        print(f"applications: {n} in {time.perf_counter() - started:.0f} s")

        items_per = 1 + RNG.binomial(9, 4 / 9, n)  # 1-10, 5 on average
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM intake_item")
        item_base = cursor.fetchone()[0] + 1
        metal_names = list(METALS)

        def item_rows():
            item_id = item_base
            for i in range(n):
                org, code = organizations[org_of[i]]
                categories = RNG.choice(CATEGORIES, items_per[i], p=CATEGORY_P)
                for category in categories:
                    metal = (
                        ""
                        if category == "precious_stone"
                        else str(RNG.choice(metal_names, p=[0.75, 0.2, 0.05]))
                    )
                    fineness = str(RNG.choice(METALS[metal][0])) if metal else None
                    yield (
                        item_id,
                        base + i,
                        org,
                        int(str(received_day[i])[:4]),
                        item_id,
                        f"{code}-B{item_id:09d}",
                        category,
                        "",
                        "Article",
                        1,
                        "3.250",
                        metal,
                        fineness,
                        "tested" if issued[i] else "registered",
                    )
                    item_id += 1

        items_started = time.perf_counter()
        count = _copy(
            raw,
            "intake_item",
            ["id", *ITEM_COLUMNS],
            item_rows(),
        )
        print(f"items: {count} in {time.perf_counter() - items_started:.0f} s")

        results_started = time.perf_counter()
        cursor.execute(
            "SELECT id, application_id, organization_id, declared_metal, declared_fineness, category "
            "FROM intake_item WHERE id >= %s ORDER BY id",
            [item_base],
        )
        items = cursor.fetchall()

        def result_rows():
            for item_id, application_id, org, metal, declared, category in items:
                if category == "precious_stone":
                    continue
                i = application_id - base
                if not issued[i] and i % 4 == 0:
                    continue  # received: nothing entered yet
                people = technicians[org]
                recorder, verifier = people[i % len(people)], people[(i + 1) % len(people)]
                if recorder in heads:  # the head verifies: he may not sign a conclusion he alone tested
                    recorder, verifier = verifier, recorder
                fails = RNG.random() < 0.03
                measured = declared - 8 if fails else min(Decimal("1000.0"), declared + Decimal("0.4"))
                yield (
                    item_id,
                    org,
                    application_id,
                    applicant_of[i],
                    metal,
                    METALS[metal][1],
                    "verified",
                    "{}",
                    "[]",
                    measured,
                    False,
                    declared,
                    measured,
                    0,
                    not fails,
                    "[]",
                    recorder,
                    moment(milestone_day[1][i], hours[i, 1]),
                    verifier,
                    moment(milestone_day[2][i], hours[i, 2]),
                    "",
                )

        count = _copy(
            raw,
            "assay_result",
            [
                "item_id",
                "organization_id",
                "application_id",
                "applicant_id",
                "metal",
                "method",
                "status",
                "raw",
                "replicate_values",
                "fineness",
                "repeat_required",
                "declared_fineness",
                "judged_fineness",
                "uncertainty",
                "conforms",
                "reasons",
                "recorded_by_id",
                "recorded_at",
                "verified_by_id",
                "verified_at",
                "invalidation_reason",
            ],
            result_rows(),
        )
        print(f"results: {count} in {time.perf_counter() - results_started:.0f} s")

        def stage_days(a, b):
            return np.busday_count(a, b, holidays=holidays)

        # R1 counting: working days after the (next working) day of application.
        start = np.busday_offset(received_day, 0, roll="forward", holidays=holidays)
        spans = [stage_days(start, milestone_day[1])] + [
            stage_days(milestone_day[k], milestone_day[k + 1]) for k in range(1, 4)
        ]
        total = stage_days(start, milestone_day[4])

        def turnaround_rows():
            for i in range(n):
                moments = [moment(milestone_day[k][i], hours[i, k]) for k in range(5)]
                done = bool(issued[i])
                hour_spans = [
                    round((moments[k + 1] - moments[k]).total_seconds() / 3600, 1) for k in range(4)
                ]
                yield (
                    base + i,
                    organizations[org_of[i]][0],
                    purpose[i],
                    moments[0],
                    moments[1] if done or i % 4 else None,
                    moments[2] if done else None,
                    moments[3] if done else None,
                    moments[4] if done else None,
                    bool(milestone_day[4][i] <= due_day[i]) if done else None,
                    *([max(0, int(s[i])) for s in spans] if done else [None] * 4),
                    max(0, int(total[i])) if done else None,
                    *(hour_spans if done else [None] * 4),
                    round((moments[4] - moments[0]).total_seconds() / 3600, 1) if done else None,
                )

        turnaround_started = time.perf_counter()
        _copy(
            raw,
            "dashboard_turnaround",
            [
                "application_id",
                "organization_id",
                "purpose",
                "received_at",
                "first_result_at",
                "verified_at",
                "signed_at",
                "issued_at",
                "on_time",
                "days_testing",
                "days_verification",
                "days_signing",
                "days_issue",
                "days_total",
                "hours_testing",
                "hours_verification",
                "hours_signing",
                "hours_issue",
                "hours_total",
            ],
            turnaround_rows(),
        )
        print(f"turnaround: {n} in {time.perf_counter() - turnaround_started:.0f} s")
        cursor.execute("ANALYZE intake_application, intake_item, assay_result, dashboard_turnaround")
        generate_conclusions(cursor, base, _copy)
        set_counters(cursor)
        for table in SERIAL_TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table} "  # noqa: S608
                "HAVING MAX(id) IS NOT NULL"
            )
    # As autovacuum leaves a table at rest: statistics, and the visibility map that index-only scans need.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    if os.environ["DATABASE_URL"] == BENCH_DATABASE:
        ensure_database(BENCH_DATABASE)
    generate(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
