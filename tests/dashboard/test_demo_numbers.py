"""Done when: every number of the dashboard matches a hand count on the demo data. The hand count reads the
raw records (applications, conclusions, results, stones) in plain Python with the calendar functions of R1,
independently of the turnaround rows and of the database aggregates."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from lims.accounts.models import Organization, User
from lims.assay.models import Method, Result, ResultStatus
from lims.conclusions.models import Conclusion
from lims.core.calendar import count_working_days, next_working_day
from lims.core.deadlines import working_calendar
from lims.dashboard import report
from lims.dashboard.filters import DEFAULT_DAYS
from lims.dashboard.queries import Scope
from lims.gems.models import Stone
from lims.intake.models import OPEN_STATUSES, Application


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())


@pytest.mark.django_db
def test_r1_every_dashboard_number_matches_a_hand_count_on_the_demo_data(demo):
    now = timezone.now()
    today = timezone.localdate()
    start = today - timedelta(days=DEFAULT_DAYS - 1)
    calendar = working_calendar()
    alm = Organization.objects.get(short_code="ALM")
    built = report.build(Scope((alm.pk,), start, today, now, calendar=calendar), "week")

    def local(moment):
        return timezone.localtime(moment).date()

    # Turnaround: each application's first issued conclusion, if issued in the period.
    first_issue = {}
    for conclusion in Conclusion.objects.filter(organization=alm, issued_at__isnull=False).order_by(
        "issued_at"
    ):
        first_issue.setdefault(conclusion.application_id, conclusion.issued_at)
    issued = {
        Application.objects.get(pk=pk): at for pk, at in first_issue.items() if start <= local(at) <= today
    }
    days = {
        application: count_working_days(
            next_working_day(local(application.received_at), calendar), local(at), calendar
        )
        for application, at in issued.items()
    }
    on_time = [application for application, at in issued.items() if at <= application.due_at]
    assert len(issued) >= 15 and 0 < len(on_time) < len(issued)  # the demo has late ones to show
    headline = built["headline"]
    assert headline["issued"] == len(issued) and headline["on_time"] == len(on_time)
    assert headline["mean_days"] == (Decimal(sum(days.values())) / len(days)).quantize(Decimal("0.1"))
    by_days = Counter(days.values())
    assert {row["days"]: row["applications"] for row in built["charts"]["turnaround"].rows} == by_days
    late_by_days = Counter(days[application] for application in issued if application not in on_time)
    assert {
        row["days"]: row["late"] for row in built["charts"]["turnaround"].rows if row["late"]
    } == late_by_days

    # Backlog now: open applications by R1 bucket.
    open_apps = list(Application.objects.filter(organization=alm, status__in=OPEN_STATUSES))
    tomorrow = next_working_day(today + timedelta(days=1), calendar)

    def bucket(application):
        if application.due_at < now:
            return "overdue"
        due_day = local(application.due_at)
        return "today" if due_day == today else "next_working_day" if due_day <= tomorrow else "later"

    counted = Counter(bucket(application) for application in open_apps)
    assert {row["drill"]: row["applications"] for row in built["charts"]["backlog_due"].rows} == {
        key: counted.get(key, 0) for key in ("overdue", "today", "next_working_day", "later")
    }
    at_risk = sorted(
        (a for a in open_apps if bucket(a) != "later"),
        key=lambda application: (application.due_at, application.pk),
    )
    assert [application.number for application in built["at_risk"]] == [a.number for a in at_risk]
    assert at_risk  # the demo shows the manager something at risk

    # Workload and quality: the results entered in the period.
    first = timezone.make_aware(timezone.datetime.combine(start, timezone.datetime.min.time()))
    results = [r for r in Result.objects.filter(item__organization=alm) if r.recorded_at >= first]
    entered = Counter(result.recorded_by_id for result in results)
    names = {user.pk: user.get_full_name() for user in User.objects.all()}
    people = {
        row["person"]: row["entered"] for row in built["charts"]["workload_people"].rows if row["entered"]
    }
    assert people == {names[pk]: n for pk, n in entered.items()}
    judged = [
        r
        for r in results
        if r.status != ResultStatus.INVALIDATED and r.method != Method.XRF and r.conforms is not None
    ]
    failing = Counter(r.declared_fineness for r in judged if r.conforms is False)
    total = Counter(r.declared_fineness for r in judged)
    fineness_rows = {
        row["group"]: (row["results"], row["nonconforming"])
        for row in built["charts"]["quality_fineness"].rows
    }
    assert sum(n for n, _ in fineness_rows.values()) == len(judged)
    assert sum(bad for _, bad in fineness_rows.values()) == sum(failing.values()) >= 2
    assert fineness_rows["Gold 585.0 ‰"] == (total[Decimal("585.0")], failing[Decimal("585.0")])

    # Gem outcomes: stones decided in the period (the demo's ruby and moissanite).
    stones = Counter(
        stone.status
        for stone in Stone.objects.filter(item__organization=alm, decided_at__isnull=False)
        if local(stone.decided_at) >= start
    )
    assert {row["drill"]: row["stones"] for row in built["charts"]["gems"].rows} == stones

    # Instruments: the hydrostatic balance has expired, the analytical balance expires within 30 days.
    assert {instrument.name for instrument in built["instruments"]} >= {"Hydrostatic balance", "Balance AB-1"}
