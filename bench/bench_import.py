"""Time an XRF import of N items end to end (receive, parse, match, record draft results), with its query
count, on the database of DATABASE_URL (run against a demo database: `make run` once, then
`DATABASE_URL=sqlite:///var/synama.sqlite3 .venv/bin/python bench/bench_import.py 200`). Never in tests."""

import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lims.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from instruments.models import Instrument, InstrumentType  # noqa: E402
from instruments.samples import xrf_csv  # noqa: E402
from instruments.services.imports import import_process, import_receive  # noqa: E402
from lims.accounts.models import User  # noqa: E402
from lims.intake.models import Applicant, ItemCategory, Purpose  # noqa: E402
from lims.intake.services import ItemData, application_register  # noqa: E402


def main(count: int) -> None:
    technician = User.objects.get(username="tech.alm")
    xrf = Instrument.objects.get(organization_id=technician.organization_id, type=InstrumentType.XRF)
    batch = application_register(
        actor=technician,
        applicant=Applicant.objects.order_by("pk").first(),
        purpose=Purpose.DOMESTIC_HALLMARKING,
        items=[ItemData(ItemCategory.JEWELRY, "Ring", Decimal("3.1"), 1, "Au", Decimal("585"))] * count,
    )
    items = batch.items.order_by("sequence")
    content = xrf_csv([(i.lab_number, "Au", Decimal("585")) for i in items], serial=xrf.serial_number)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        received = import_receive(actor=technician, instrument=xrf, file=SimpleUploadedFile("b.csv", content))
        done = import_process(received.pk)
    elapsed = time.perf_counter() - started
    print(
        f"{count} items, {2 * count} lines: {done.results_created} results in {elapsed:.2f} s "
        f"({count / elapsed:.0f} items/s), {len(queries)} queries ({len(queries) / count:.1f} per item), "
        f"{connection.vendor}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
