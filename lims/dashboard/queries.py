"""The dashboard's numbers, aggregated in the database (GROUP BY over indexed columns); the results are
short lists of plain dicts for the pure figure builders in `figures.py`. The workload and quality figures
share one grouped query over the results (`entered_counts`) and add up its few hundred rows.

`Scope` holds what the filters chose: the organizations the user may see (one for a head of laboratory, any
for the system administrator), the period, the purpose and the category. Turnaround and on-time rates are
of the applications whose first conclusion was *issued* in the period; workload and quality of the results
*entered* in it; gem outcomes of the stones *decided* in it; the backlog and the at-risk list are as of now,
whatever the period.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek
from django.utils import timezone

from lims.assay.models import Method, Result, ResultStatus
from lims.core.deadlines import due_soon_until, working_calendar
from lims.dashboard.models import Turnaround
from lims.dashboard.turnaround import STAGE_KEYS
from lims.gems.models import Stone
from lims.intake.models import OPEN_STATUSES, Applicant, Application, Item, ItemStatus

AT_RISK_LIMIT = 100


@dataclass(frozen=True)
class Scope:
    """`organizations` None means every organization (the system administrator's view)."""

    organizations: tuple[int, ...] | None
    start: date
    end: date  # inclusive
    now: datetime
    purpose: str = ""
    category: str = ""
    calendar: object = field(default=None, compare=False)
    # Aggregates more than one figure reads, kept for this scope's (one request's) life.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def period(self) -> tuple[datetime, datetime]:
        """[start 00:00, the day after end 00:00) in local time."""
        zone = timezone.get_default_timezone()
        first = timezone.make_aware(datetime.combine(self.start, time.min), zone)
        after = timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), zone)
        return first, after

    def _application_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.organizations is not None:
            q &= Q(**{f"{prefix}organization_id__in": self.organizations})
        if self.purpose:
            q &= Q(**{f"{prefix}purpose": self.purpose})
        return q

    def _has_category(self, application_field: str) -> Exists:
        return Exists(Item.objects.filter(application_id=OuterRef(application_field), category=self.category))

    def turnarounds(self) -> QuerySet[Turnaround]:
        rows = Turnaround.objects.filter(self._application_q())
        if self.category:
            rows = rows.filter(self._has_category("application_id"))
        return rows

    def issued(self) -> QuerySet[Turnaround]:
        """First conclusions issued in the period."""
        first, after = self.period
        return self.turnarounds().filter(issued_at__gte=first, issued_at__lt=after)

    def applications(self) -> QuerySet[Application]:
        rows = Application.objects.filter(self._application_q())
        if self.category:
            rows = rows.filter(self._has_category("pk"))
        return rows

    def open_applications(self) -> QuerySet[Application]:
        return self.applications().filter(status__in=OPEN_STATUSES)

    def _item_q(self, prefix: str) -> Q:
        """The filters on a model reaching its item by `prefix` ("item__"): the item's own category."""
        q = Q()
        if self.organizations is not None:
            q &= Q(**{f"{prefix}organization_id__in": self.organizations})
        if self.purpose:
            q &= Q(**{f"{prefix}application__purpose": self.purpose})
        if self.category:
            q &= Q(**{f"{prefix}category": self.category})
        return q

    def _result_q(self) -> Q:
        """The filters on results, which carry their organization and application (indexed with the period
        columns), so one laboratory's results are read without joining its items unless a category is
        chosen."""
        q = Q()
        if self.organizations is not None:
            q &= Q(organization_id__in=self.organizations)
        if self.purpose:
            q &= Q(application__purpose=self.purpose)
        if self.category:
            q &= Q(item__category=self.category)
        return q

    def results(self) -> QuerySet[Result]:
        """Results entered in the period."""
        first, after = self.period
        return Result.objects.filter(self._result_q(), recorded_at__gte=first, recorded_at__lt=after)

    def verified_results(self) -> QuerySet[Result]:
        """Results verified in the period."""
        first, after = self.period
        return Result.objects.filter(self._result_q(), verified_at__gte=first, verified_at__lt=after)

    def stones(self) -> QuerySet[Stone]:
        """Stones decided in the period."""
        first, after = self.period
        return Stone.objects.filter(self._item_q("item__"), decided_at__gte=first, decided_at__lt=after)


def _add_up(rows: list[dict], key, counts: tuple[str, ...]) -> dict[object, dict[str, int]]:
    """The `counts` of grouped rows summed per `key(row)`."""
    totals: dict[object, dict[str, int]] = {}
    for row in rows:
        total = totals.setdefault(key(row), dict.fromkeys(counts, 0))
        for name in counts:
            total[name] += row[name]
    return totals


# --- Turnaround --------------------------------------------------------------------------------------------


STAGE_COLUMNS = (*STAGE_KEYS, "total")


def issued_counts(scope: Scope) -> list[dict]:
    """The applications first issued in the period, counted per working days of every stage: how many,
    how many on time, and per stage the hours summed (`sum_<stage>`) and how many reached it
    (`count_<stage>`). One grouped query, answered from its covering index, that the distributions and
    mean hours add up: a few hundred rows (each stage takes a handful of days) however many
    applications."""
    if "issued" not in scope.memo:
        aggregates = {"applications": Count("pk"), "on_time": Count("pk", filter=Q(on_time=True))}
        for stage in STAGE_COLUMNS:
            aggregates[f"sum_{stage}"] = Sum(f"hours_{stage}")
            aggregates[f"count_{stage}"] = Count("pk", filter=Q(**{f"hours_{stage}__isnull": False}))
        scope.memo["issued"] = list(
            scope.issued()
            .values(*(f"days_{stage}" for stage in STAGE_COLUMNS))
            .annotate(**aggregates)
            .order_by()
        )
    return scope.memo["issued"]


def distribution(scope: Scope, stage: str = "total") -> list[dict]:
    """Applications by working days of `stage` ("total" or one of `STAGE_KEYS`), with how many were on
    time: [{"days": 3, "applications": 12, "on_time": 12}, ...] in order of days."""
    column = f"days_{stage}"
    rows = [row for row in issued_counts(scope) if row[column] is not None]
    totals = _add_up(rows, lambda row: row[column], ("applications", "on_time"))
    return [{"days": days, **totals[days]} for days in sorted(totals)]


def stage_distributions(scope: Scope) -> dict[str, list[dict]]:
    return {stage: distribution(scope, stage) for stage in STAGE_COLUMNS}


def stage_hours(scope: Scope) -> dict[str, object]:
    """Per stage: `hours_<stage>`, the hours summed (None when no application reached it), and
    `count_<stage>`, the applications that reached it (for mean hours, exact in Decimal)."""
    rows = issued_counts(scope)
    values: dict[str, object] = {}
    for stage in STAGE_COLUMNS:
        hours = [row[f"sum_{stage}"] for row in rows if row[f"sum_{stage}"] is not None]
        values[f"hours_{stage}"] = sum(hours, Decimal(0)) if hours else None
        values[f"count_{stage}"] = sum(row[f"count_{stage}"] for row in rows)
    return values


TREND_UNITS = {"week": TruncWeek, "month": TruncMonth}


def trend(scope: Scope, unit: str = "week") -> list[dict]:
    """Per week (Monday) or month of issue: applications issued, on time, and their total working days."""
    rows = (
        scope.issued()
        .annotate(period=TREND_UNITS[unit]("issued_at"))
        .values("period")
        .annotate(
            applications=Count("pk"),
            on_time=Count("pk", filter=Q(on_time=True)),
            working_days=Sum("days_total"),
        )
        .order_by("period")
    )
    return [
        {
            "period": timezone.localtime(row["period"]).date()
            if isinstance(row["period"], datetime)
            else row["period"],
            "applications": row["applications"],
            "on_time": row["on_time"],
            "working_days": row["working_days"] or 0,
        }
        for row in rows
    ]


# --- Backlog -----------------------------------------------------------------------------------------------

DUE_BUCKETS = ("overdue", "today", "next_working_day", "later")


def due_bounds(scope: Scope) -> dict[str, tuple[datetime | None, datetime | None]]:
    """Each due bucket as [from, to) on `due_at`: overdue before now; today until local midnight; the next
    working day until the due-soon window of R1 ends (across days off); later after it."""
    zone = timezone.get_default_timezone()
    tomorrow = timezone.make_aware(
        datetime.combine(timezone.localtime(scope.now).date() + timedelta(days=1), time.min), zone
    )
    soon = due_soon_until(scope.now, scope.calendar or working_calendar())
    return {
        "overdue": (None, scope.now),
        "today": (scope.now, tomorrow),
        "next_working_day": (tomorrow, soon),
        "later": (soon, None),
    }


def _due_q(bounds: tuple[datetime | None, datetime | None]) -> Q:
    low, high = bounds
    q = Q()
    if low is not None:
        q &= Q(due_at__gte=low)
    if high is not None:
        q &= Q(due_at__lt=high)
    return q


def backlog_by_due(scope: Scope) -> list[dict]:
    bounds = due_bounds(scope)
    counts = scope.open_applications().aggregate(
        **{bucket: Count("pk", filter=_due_q(bounds[bucket])) for bucket in DUE_BUCKETS}
    )
    return [{"bucket": bucket, "applications": counts[bucket]} for bucket in DUE_BUCKETS]


def backlog_by_status(scope: Scope) -> list[dict]:
    counts = dict(
        scope.open_applications().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [{"status": status, "applications": counts.get(status, 0)} for status in OPEN_STATUSES]


def at_risk(scope: Scope, limit: int = AT_RISK_LIMIT) -> list[Application]:
    """Open applications overdue or due by the end of the next working day, most urgent first (at most
    `limit`), with their item counts (`items_total`, `items_tested`). How many there are in all is the sum
    of the first three buckets of `backlog_by_due`, already counted there. The items are counted by
    correlated subqueries, which the database evaluates for the `limit` rows only, not for every open
    application before the limit as a grouped join would (docs/BENCHMARKS.md, D1)."""
    items = Item.objects.filter(application=OuterRef("pk")).order_by().values("application")

    def count(rows):
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), Value(0))

    rows = (
        scope.open_applications()
        .filter(due_at__lt=due_bounds(scope)["later"][0])
        .select_related("applicant", "organization")
        .annotate(items_total=count(items), items_tested=count(items.filter(status=ItemStatus.TESTED)))
        .order_by("due_at", "id")
    )
    return list(rows[:limit])


# --- Workload and quality ----------------------------------------------------------------------------------


# Current results of decisive methods (XRF only screens) with a verdict on the declared fineness.
JUDGED = ~Q(status=ResultStatus.INVALIDATED) & ~Q(method=Method.XRF) & Q(conforms__isnull=False)
ENTERED_GROUPS = ("recorded_by", "method", "metal", "declared_fineness")


def entered_counts(scope: Scope) -> list[dict]:
    """The results entered in the period, counted per person, method, metal and declared fineness: how
    many, verified, invalidated, judged (`JUDGED`) and non-conforming. One grouped query, answered from
    its covering index, that the workload and quality figures add up: a few hundred rows however many
    results, so the table of results is read once for the four figures."""
    if "entered" not in scope.memo:
        scope.memo["entered"] = list(
            scope.results()
            .values(*ENTERED_GROUPS)
            .annotate(
                results=Count("pk"),
                verified=Count("pk", filter=Q(status=ResultStatus.VERIFIED)),
                invalidated=Count("pk", filter=Q(status=ResultStatus.INVALIDATED)),
                judged=Count("pk", filter=JUDGED),
                nonconforming=Count("pk", filter=JUDGED & Q(conforms=False)),
            )
            .order_by()
        )
    return scope.memo["entered"]


def _in_order(keys):
    """Sorted, an empty value (no declared fineness) last."""
    return sorted(keys, key=lambda key: tuple((value is None, value) for value in key))


def workload_people(scope: Scope) -> list[dict]:
    """Per person: results entered and results verified in the period."""
    entered = _add_up(entered_counts(scope), lambda row: row["recorded_by"], ("results",))
    verified = dict(
        scope.verified_results()
        .values_list("verified_by")
        .annotate(n=Count("pk"))
        .values_list("verified_by", "n")
    )
    return [
        {
            "person": person,
            "entered": entered[person]["results"] if person in entered else 0,
            "verified": verified.get(person, 0),
        }
        for person in sorted(set(entered) | set(verified))
    ]


def workload_methods(scope: Scope) -> list[dict]:
    totals = _add_up(entered_counts(scope), lambda row: row["method"], ("results", "verified", "invalidated"))
    return [
        {
            "method": method,
            "entered": total["results"],
            "verified": total["verified"],
            "invalidated": total["invalidated"],
        }
        for method, total in sorted(totals.items())
    ]


def judged_results(scope: Scope) -> QuerySet[Result]:
    return scope.results().filter(JUDGED)


# The groups added up from `entered_counts` (producers have a query of their own).
QUALITY_GROUPS = {"metal": ("metal",), "fineness": ("metal", "declared_fineness")}


def nonconformance(scope: Scope, by: str) -> list[dict]:
    """Judged results and how many did not conform, grouped by producer (the applicant: its own query, as
    producers can be thousands), metal, or metal and declared fineness (added up from `entered_counts`)."""
    if by == "producer":
        # Grouped by the id alone, the names fetched after: grouping by the joined name too would join every
        # result of the period before counting them.
        rows = list(
            judged_results(scope)
            .values("applicant")
            .annotate(results=Count("pk"), nonconforming=Count("pk", filter=Q(conforms=False)))
            .order_by("applicant")
        )
        names = dict(
            Applicant.objects.filter(pk__in=[row["applicant"] for row in rows]).values_list("pk", "name")
        )
        return [
            {
                "key": (row["applicant"], names[row["applicant"]]),
                "results": row["results"],
                "nonconforming": row["nonconforming"],
            }
            for row in rows
        ]
    columns = QUALITY_GROUPS[by]
    totals = _add_up(
        entered_counts(scope),
        lambda row: tuple(row[column] for column in columns),
        ("judged", "nonconforming"),
    )
    return [
        {"key": key, "results": totals[key]["judged"], "nonconforming": totals[key]["nonconforming"]}
        for key in _in_order(totals)
        if totals[key]["judged"]
    ]


def gem_outcomes(scope: Scope) -> list[dict]:
    counts = dict(scope.stones().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [{"status": status, "stones": n} for status, n in sorted(counts.items())]


def instruments_expiring(scope: Scope):
    """Calibrated instruments in service whose calibration has expired or expires within the warning
    window, soonest first."""
    from instruments.gate import expiry_warning_until, with_state
    from instruments.models import CALIBRATED_TYPES, Instrument, InstrumentStatus

    rows = Instrument.objects.filter(status=InstrumentStatus.IN_SERVICE, type__in=CALIBRATED_TYPES)
    if scope.organizations is not None:
        rows = rows.filter(organization_id__in=scope.organizations)
    until = expiry_warning_until(timezone.localtime(scope.now).date())
    return list(
        with_state(rows, timezone.localtime(scope.now).date())
        .filter(Q(calibrated_until__isnull=True) | Q(calibrated_until__lte=until))
        .select_related("organization")
        .order_by(F("calibrated_until").asc(nulls_first=True), "name")
    )
