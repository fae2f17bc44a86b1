"""The database aggregates on the known data set of conftest.py, each number counted by hand there."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lims.assay import samples
from lims.assay.forms import clean_raw
from lims.assay.models import Method
from lims.assay.services import result_invalidate, result_record, result_verify
from lims.core.choices import Metal
from lims.core.deadlines import working_calendar
from lims.dashboard import queries
from lims.dashboard.drill import drill
from lims.dashboard.models import Turnaround
from lims.dashboard.queries import Scope
from lims.dashboard.services import turnaround_rebuild
from lims.intake.models import ItemCategory, Purpose
from tests.dashboard.conftest import NOW, at, register
from tests.factories import jewelry

pytestmark = pytest.mark.django_db


def scope_of(organization, **kwargs) -> Scope:
    return Scope(
        organizations=(organization.pk,) if organization else None,
        start=kwargs.pop("start", date(2026, 9, 1)),
        end=kwargs.pop("end", date(2026, 10, 16)),
        now=NOW,
        calendar=working_calendar(),
        **kwargs,
    )


def test_r1_turnaround_rows_follow_the_services_stage_by_stage(known):
    a = Turnaround.objects.get(application=known["A"])
    assert (a.first_result_at, a.verified_at, a.signed_at, a.issued_at) == (at(6), at(7), at(8), at(9, 15))
    assert (a.days_testing, a.days_verification, a.days_signing, a.days_issue, a.days_total) == (
        1,
        1,
        1,
        1,
        4,
    )
    assert a.hours_total == Decimal("101.0") and a.on_time is True
    b = Turnaround.objects.get(application=known["B"])
    assert (b.days_testing, b.days_total, b.on_time) == (2, 6, False)
    e = Turnaround.objects.get(application=known["E"])
    assert e.first_result_at is None and e.days_total is None


def test_r1_turnaround_is_replayed_identically_from_the_audit_trail(known):
    fields = ["application_id", "first_result_at", "verified_at", "signed_at", "issued_at", "on_time"]
    fields += [f"{kind}_{stage}" for kind in ("days", "hours") for stage in ("testing", "issue", "total")]
    before = list(Turnaround.objects.order_by("pk").values_list(*fields))
    assert turnaround_rebuild() == 7
    assert list(Turnaround.objects.order_by("pk").values_list(*fields)) == before


def test_r1_distribution_and_on_time_are_of_the_organization_only(known, alm):
    assert queries.distribution(scope_of(alm)) == [
        {"days": 4, "applications": 1, "on_time": 1},
        {"days": 6, "applications": 1, "on_time": 0},
    ]
    # Everyone's (the system administrator): AST's conclusion issued on 9 October in 4 working days too.
    assert queries.distribution(scope_of(None))[0] == {"days": 4, "applications": 2, "on_time": 2}
    # A period that ends before the issue day counts nothing.
    assert queries.distribution(scope_of(alm, end=date(2026, 10, 8))) == []


def test_filters_by_purpose_and_category(known, alm):
    assert queries.distribution(scope_of(alm, purpose=Purpose.EXPORT)) == [
        {"days": 4, "applications": 1, "on_time": 1}
    ]
    assert queries.distribution(scope_of(alm, category=ItemCategory.BAR)) == []
    assert len(queries.distribution(scope_of(alm, category=ItemCategory.JEWELRY))) == 2


def test_stage_hours_and_weekly_trend(known, alm):
    hours = queries.stage_hours(scope_of(alm))
    # A: 5 Oct 10:00 → 9 Oct 15:00 = 101 h; B: 1 Oct 10:00 → 9 Oct 16:00 = 198 h.
    assert hours["hours_total"] == Decimal("299.0") and hours["count_total"] == 2
    assert queries.trend(scope_of(alm), "week") == [
        {"period": date(2026, 10, 5), "applications": 2, "on_time": 1, "working_days": 10}
    ]
    assert queries.trend(scope_of(alm), "month")[0]["period"] == date(2026, 10, 1)


def test_r1_backlog_by_due_date_and_the_at_risk_list(known, alm):
    scope = scope_of(alm)
    assert queries.backlog_by_due(scope) == [
        {"bucket": "overdue", "applications": 1},
        {"bucket": "today", "applications": 1},
        {"bucket": "next_working_day", "applications": 1},
        {"bucket": "later", "applications": 1},
    ]
    assert queries.backlog_by_status(scope)[0] == {"status": "received", "applications": 4}
    rows = queries.at_risk(scope)
    assert [row.number for row in rows] == [known[key].number for key in ("E", "D", "F")]
    assert (rows[0].items_total, rows[0].items_tested) == (1, 0)


def test_workload_quality_and_gems(known, alm, cast):
    scope = scope_of(alm)
    assert queries.workload_people(scope) == [
        {"person": cast["alice"].pk, "entered": 2, "verified": 0},
        {"person": cast["carol"].pk, "entered": 0, "verified": 2},
    ]
    assert queries.workload_methods(scope) == [
        {"method": Method.FIRE_ASSAY, "entered": 2, "verified": 2, "invalidated": 0}
    ]
    by_producer = queries.nonconformance(scope, "producer")
    assert {row["key"][1]: (row["results"], row["nonconforming"]) for row in by_producer} == {
        "Pavel Zerger LLP": (1, 0),
        "Quinn Gold LLP": (1, 1),
    }
    assert queries.nonconformance(scope, "fineness") == [
        {"key": ("Au", Decimal("585.0")), "results": 2, "nonconforming": 1}
    ]
    assert queries.gem_outcomes(scope) == []


def test_workload_and_quality_add_up_screens_and_withdrawn_results_apart(known, alm, cast):
    """On open application E's ring (Pavel's): an XRF screen, a 578.2 fire assay withdrawn for a retest,
    and the retest at 585.4. Every one is work entered; only the retest is judged against the declared
    fineness (XRF only screens, a withdrawn result judges nothing)."""
    alice = cast["alice"]
    item = known["E"].items.get()
    with time_machine.travel(at(13), tick=False):
        screen = {"portion_1_reading": "585.9", "portion_2_reading": "586.3"}
        xrf = result_record(
            actor=alice, item=item, method=Method.XRF, raw=clean_raw(Method.XRF, screen), metal=Metal.GOLD
        )
        first = result_record(
            actor=alice,
            item=item,
            method=Method.FIRE_ASSAY,
            raw=clean_raw(Method.FIRE_ASSAY, samples.fire_assay(Decimal("578.2"))),
        )
        result_invalidate(actor=alice, result=first, reason="Cornet torn")
        result_record(
            actor=alice,
            item=item,
            method=Method.FIRE_ASSAY,
            raw=clean_raw(Method.FIRE_ASSAY, samples.fire_assay(Decimal("585.4"))),
        )
    assert xrf.conforms is True and first.conforms is False
    scope = scope_of(alm)
    assert queries.workload_people(scope) == [
        {"person": alice.pk, "entered": 5, "verified": 0},
        {"person": cast["carol"].pk, "entered": 0, "verified": 2},
    ]
    assert queries.workload_methods(scope) == [
        {"method": Method.FIRE_ASSAY, "entered": 4, "verified": 2, "invalidated": 1},
        {"method": Method.XRF, "entered": 1, "verified": 0, "invalidated": 0},
    ]
    # Judged: A (585.4), B (578.2, non-conforming) and E's retest.
    assert queries.nonconformance(scope, "metal") == [{"key": ("Au",), "results": 3, "nonconforming": 1}]
    assert queries.nonconformance(scope, "fineness") == [
        {"key": ("Au", Decimal("585.0")), "results": 3, "nonconforming": 1}
    ]
    by_producer = queries.nonconformance(scope, "producer")
    assert {row["key"][1]: (row["results"], row["nonconforming"]) for row in by_producer} == {
        "Pavel Zerger LLP": (2, 0),
        "Quinn Gold LLP": (1, 1),
    }
    # The four figures read the results once.
    fresh = scope_of(alm)
    with CaptureQueriesContext(connection) as queries_run:
        queries.workload_methods(fresh), queries.nonconformance(fresh, "metal")
        queries.nonconformance(fresh, "fineness")
    assert len(queries_run) == 1


def test_drill_down_returns_the_applications_behind_each_bar(known, alm, cast):
    scope = scope_of(alm)

    def numbers(chart, value):
        return sorted(drill(scope, chart, value).values_list("number", flat=True))

    assert numbers("turnaround", "6") == [known["B"].number]
    assert numbers("trend", "2026-10-05") == sorted([known["A"].number, known["B"].number])
    assert numbers("backlog_due", "overdue") == [known["E"].number]
    assert numbers("backlog_status", "received") == sorted(known[key].number for key in "DEFG")
    assert numbers("quality_fineness", "Au:585.0") == [known["B"].number]
    assert numbers("workload_people", str(cast["carol"].pk)) == sorted([known["A"].number, known["B"].number])
    assert numbers("stages", "testing") == sorted([known["A"].number, known["B"].number])
    with pytest.raises(ValueError):
        drill(scope, "backlog_due", "yesterday")


def test_r1_a_calendar_override_recomputes_the_working_days(known, alm, bob):
    from lims.core.models import CalendarOverrideKind
    from lims.core.services import calendar_override_save

    # Wednesday 7 October declared a day off: A (5 → 9 October) took 3 working days, B 5 (now on time by
    # the count, but it was issued after its due date as it stood, so it stays late).
    with time_machine.travel(NOW, tick=False):
        calendar_override_save(
            actor=bob, day=date(2026, 10, 7), kind=CalendarOverrideKind.DAY_OFF, decree="№1"
        )
    a = Turnaround.objects.get(application=known["A"])
    b = Turnaround.objects.get(application=known["B"])
    assert (a.days_total, a.days_verification, b.days_total, b.on_time) == (3, 0, 5, False)


def test_r1_at_risk_counts_each_applications_items_and_the_tested_ones(known, cast, pavel_co, alm):
    """The counts come from correlated subqueries (docs/BENCHMARKS.md, D1): each row its own items only."""
    alice, carol = cast["alice"], cast["carol"]
    late = register(alice, pavel_co, at(8, 9), items=[jewelry(), jewelry(), jewelry()])
    first = late.items.order_by("sequence").first()
    with time_machine.travel(at(13), tick=False):
        result = result_record(
            actor=alice,
            item=first,
            method=Method.FIRE_ASSAY,
            raw=clean_raw(Method.FIRE_ASSAY, samples.fire_assay(Decimal("585.4"))),
        )
        result_verify(actor=carol, result=result)
    counts = {row.number: (row.items_total, row.items_tested) for row in queries.at_risk(scope_of(alm))}
    assert counts[late.number] == (3, 1)
    assert counts[known["E"].number] == (1, 0)
