"""Bulk intake of 10,000 items beside its floor, on PostgreSQL: the product registering one application of
10,000 items (the fastest path a laboratory has for that many: `intake.services.application_register`,
bulk numbering, model validation, `bulk_create` by 1,000, one audit event per item in one INSERT; the
same service the API's POST /api/v1/applications/ calls, timed too with its JSON parsing and validation)
against PostgreSQL's COPY of the same 10,000 rows into `intake_item`, in a transaction rolled back.
Target: intake ≤ 5 s. (The page's form takes at most 500 items at once, so it is not the path for 10,000.)

Runs in a scratch database (`synama_bench_intake`, created and dropped here), so `synama_bench` stays as
generated. Best and median of 5 runs; each product run registers a new application. Never in tests.

    .venv/bin/python bench/bench_intake.py
"""

import json
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ITEM_COLUMNS, Row, load, print_table, ratio, timed  # noqa: E402
from _scratch import scratch_database  # noqa: E402

DATABASE = "synama_bench_intake"
ITEMS = 10_000
RUNS = 5
TARGET = 5.0  # s

COLUMNS = ITEM_COLUMNS


def payload(applicant) -> list:
    """10,000 items as a technician's bulk list would hold them: mostly gold and silver jewelry, some
    bars and coins, various masses and declared finenesses."""
    from lims.intake.models import ItemCategory
    from lims.intake.services import ItemData

    kinds = [
        (ItemCategory.JEWELRY, "Кольцо золотое", "Au", "585"),
        (ItemCategory.JEWELRY, "Серьги золотые", "Au", "750"),
        (ItemCategory.JEWELRY, "Цепь серебряная", "Ag", "925"),
        (ItemCategory.BAR, "Слиток золотой", "Au", "999.9"),
        (ItemCategory.COIN, "Монета серебряная", "Ag", "925"),
    ]
    return [
        ItemData(category, description, Decimal(f"{1 + n % 97}.{n % 1000:03d}"), 1, metal, Decimal(fineness))
        for n, (category, description, metal, fineness) in ((n, kinds[n % len(kinds)]) for n in range(ITEMS))
    ]


def main() -> None:
    print(f"before: {load()}")
    with scratch_database(DATABASE) as people:
        from django.db import connection, transaction
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from lims.intake.models import Application, Item, Purpose
        from lims.intake.services import application_register

        technician = people["users"]["tech.alm"]
        applicant = people["applicants"]["altyn"]
        items = payload(applicant)

        def register():
            return application_register(
                actor=technician, applicant=applicant, purpose=Purpose.DOMESTIC_HALLMARKING, items=items
            )

        with CaptureQueriesContext(connection) as queries:
            first = register()  # warm (imports, the sequence's first row), and its query count
        query_count = len(queries)
        service = timed(register, RUNS)

        body = json.dumps(
            {
                "applicant_kind": applicant.kind,
                "applicant_identifier": applicant.identifier,
                "purpose": Purpose.DOMESTIC_HALLMARKING,
                "items": [
                    {
                        "category": i.category,
                        "description": i.description,
                        "gross_mass_g": str(i.gross_mass_g),
                        "quantity": i.quantity,
                        "declared_metal": i.declared_metal,
                        "declared_fineness": str(i.declared_fineness),
                    }
                    for i in items
                ],
            }
        )
        client = Client()
        client.force_login(technician)

        def post():
            response = client.post(
                "/api/v1/applications/", body, content_type="application/json", secure=True
            )
            if response.status_code != 201:
                raise SystemExit(
                    f"API refused the application: {response.status_code} {response.content[:500]!r}"
                )

        post()  # warm
        api = timed(post, RUNS)

        # The floor: the same 10,000 rows, as the product stored them, copied in and rolled back.
        rows = list(Item.objects.filter(application=first).order_by("sequence").values_list(*COLUMNS))
        offset = Item.objects.order_by("-sequence").values_list("sequence", flat=True).first()

        def copy():
            with transaction.atomic(), connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY intake_item ({', '.join(COLUMNS)}) FROM STDIN") as pipe:
                    for row in rows:
                        sequence = row[3] + offset
                        pipe.write_row((*row[:3], sequence, f"X-{sequence}", *row[5:]))
                transaction.set_rollback(True)

        copy()  # warm
        floor = timed(copy, RUNS)
        registered = Application.objects.filter(organization=technician.organization).count()

    started_rows = f"{ITEMS:,} items + {ITEMS + 1:,} audit events + application, turnaround"
    print_table(
        [
            Row(
                f"register 1 application of {ITEMS:,} items (application_register)",
                str(service),
                f"COPY {floor}",
                ratio(service.median, floor.median),
                f"≤ {TARGET:.0f} s",
                service.median <= TARGET,
            ),
            Row(
                f"  the same through POST /api/v1/applications/ ({len(body) / 1e6:.1f} MB JSON)",
                str(api),
                f"COPY {floor}",
                ratio(api.median, floor.median),
                f"≤ {TARGET:.0f} s",
                api.median <= TARGET,
            ),
        ],
        note=(
            f"best / median of {RUNS} runs; the ratio is of medians; "
            f"the floor copies the {ITEMS:,} item rows only"
        ),
    )
    print(
        f"the service writes {started_rows} in {query_count} queries; "
        f"{registered} applications of {ITEMS:,} items registered in all"
    )
    print(f"after: {load()}")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"script ran {time.perf_counter() - started:.0f} s")
