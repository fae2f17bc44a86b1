"""The conclusion PDF beside its floor: a one-item and a 500-item conclusion rendered by the product's own
code path (`lims.conclusions.pdf.render_conclusion`: frozen content → phrases → template → WeasyPrint, the
function the PDF task calls), against a bare WeasyPrint page in the same process. Target: one page ≤ 0.5 s.

The conclusions are made in a scratch PostgreSQL database (`synama_bench_pdf`, created and dropped here)
through the real services: register, fire-assay results recorded and verified by a colleague, then prepare,
review, sign and issue. Only the rendering is timed, warm (after one untimed render of the one-item PDF),
best and median of 5 (of 3 for the 500-item one: 30-40 s a run). The issue's own PDF task is queued to the
in-memory broker and never run, so nothing renders but what is timed. Never in tests.

    .venv/bin/python bench/bench_pdf.py
"""

import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Row, load, print_table, ratio, seconds, timed  # noqa: E402
from _scratch import scratch_database  # noqa: E402

DATABASE = "synama_bench_pdf"
RUNS = 5
RUNS_LARGE = 3  # the 500-item PDF takes ~20 s: keep the script near 3 minutes
TARGET_ONE_PAGE = 0.5  # s


def issued_conclusion(people: dict, items: int):
    """An application of `items` gold rings through the whole lifecycle, as a laboratory would take it."""
    from lims.assay import samples
    from lims.assay.forms import clean_raw
    from lims.assay.models import Method
    from lims.assay.services import result_record, result_verify
    from lims.conclusions.demo import issue_conclusion
    from lims.intake.models import ItemCategory, Purpose
    from lims.intake.services import ItemData, application_register

    users, applicants = people["users"], people["applicants"]
    technician, colleague, head = users["tech.alm"], users["tech2.alm"], users["head.alm"]
    ring = ItemData(ItemCategory.JEWELRY, "Кольцо золотое", Decimal("3.250"), 1, "Au", Decimal("585"))
    application = application_register(
        actor=technician,
        applicant=applicants["altyn"],
        purpose=Purpose.DOMESTIC_HALLMARKING,
        items=[ring] * items,
    )
    raw = clean_raw(Method.FIRE_ASSAY, samples.fire_assay(Decimal("585.4")))
    for item in application.items.order_by("sequence"):
        result = result_record(actor=technician, item=item, method=Method.FIRE_ASSAY, raw=raw)
        result_verify(actor=colleague, result=result)
    application.refresh_from_db()
    return issue_conclusion(application, preparer=technician, reviewer=colleague, signer=head)


def product_renderer(conclusion_pk: int):
    """The conclusion as the PDF task loads it, and a call of the product's renderer that also records the
    time of each stage from the renderer's own progress reports (20: context, 40: HTML, 80: laid out)."""
    from lims.conclusions.models import Conclusion
    from lims.conclusions.pdf import render_conclusion

    conclusion = Conclusion.objects.select_related(
        "application", "organization", "reviewed_by", "signed_by", "amends"
    ).get(pk=conclusion_pk)
    stages: list[dict] = []

    def render():
        marks = {0: time.perf_counter()}
        pdf = render_conclusion(
            conclusion, progress=lambda percent: marks.setdefault(percent, time.perf_counter())
        )
        marks[100] = time.perf_counter()
        stages.append(marks)
        return pdf

    return conclusion, render, stages


def stage_medians(stages: list[dict]) -> str:
    import statistics

    names = ((0, 20, "context"), (20, 40, "template"), (40, 80, "layout"), (80, 100, "write"))
    return ", ".join(
        f"{name} {seconds(statistics.median(marks[end] - marks[start] for marks in stages))}"
        for start, end, name in names
    )


def pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    print(f"before: {load()}")
    with scratch_database(DATABASE, eager_tasks=False) as people:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from weasyprint import HTML

        started = time.perf_counter()
        one = issued_conclusion(people, 1)
        many = issued_conclusion(people, 500)
        print(f"conclusions of 1 and 500 items issued in {time.perf_counter() - started:.0f} s")

        def bare_page():
            return HTML(string="<p>x</p>").write_pdf()

        cells = "".join(f"<td>{n}</td>" for n in range(8))
        bare_table_html = "<table>" + "".join(f"<tr>{cells}</tr>" for _ in range(500)) + "</table>"

        def bare_table():
            return HTML(string=bare_table_html).write_pdf()

        bare_page()  # WeasyPrint's first call loads fonts: warm it like the product
        floor = timed(bare_page, RUNS)
        floor_table = timed(bare_table, RUNS_LARGE)
        rows, details = [], []
        for label, conclusion in (("1 item", one), ("500 items", many)):
            loaded, render, stages = product_renderer(conclusion.pk)
            runs = RUNS if label == "1 item" else RUNS_LARGE
            if label == "1 item":
                render()  # warm: fonts, templates, translations; the 500-item one follows warm
                stages.clear()
            pdfs = []
            with CaptureQueriesContext(connection) as queries:
                product = timed(lambda render=render, pdfs=pdfs: pdfs.append(render()), runs)
            details.append(
                f"{label}: {len(pdfs[0]) / 1024:.0f} kB, {pages(pdfs[0])} page(s), "
                f"{len(queries) // runs} queries; median stages: {stage_medians(stages)}"
            )
            one_page = label == "1 item"
            rows.append(
                Row(
                    f"conclusion PDF, {label} ({loaded.number})",
                    str(product),
                    f"bare page {floor}",
                    ratio(product.median, floor.median),
                    f"≤ {TARGET_ONE_PAGE} s" if one_page else "none given",
                    product.median <= TARGET_ONE_PAGE if one_page else None,
                )
            )
            if not one_page:
                rows.append(
                    Row(
                        "  the same, beside a bare 500-row table",
                        str(product),
                        f"bare table {floor_table}",
                        ratio(product.median, floor_table.median),
                    )
                )
        print_table(
            rows,
            note=f"best / median of {RUNS} warm runs ({RUNS_LARGE} for 500 items); the ratio is of medians",
        )
        for line in details:
            print(line)
        print(f"floor: bare page <p>x</p> {floor}; bare 500-row × 8-cell table {floor_table}")
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
