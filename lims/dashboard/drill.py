"""The applications behind a bar: for each chart, its bar's value (the `drill` of its table row) → the
applications it counted, under the same scope. ValueError for a value no bar can have."""

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet
from django.utils import timezone

from lims.assay.models import Method
from lims.core.choices import Metal
from lims.dashboard import queries
from lims.dashboard.queries import Scope
from lims.dashboard.turnaround import STAGE_KEYS
from lims.gems.models import StoneStatus
from lims.intake.models import OPEN_STATUSES, Application


def _choice(value: str, choices) -> str:
    if value not in choices:
        raise ValueError(value)
    return value


def _ids(rows: QuerySet, field: str = "application_id") -> QuerySet:
    return rows.values(field)


def _turnaround(scope: Scope, value: str):
    return _ids(scope.issued().filter(days_total=int(value)))


def _stages(scope: Scope, value: str):
    stage = _choice(value, (*STAGE_KEYS, "total"))
    return _ids(scope.issued().filter(**{f"days_{stage}__isnull": False}))


def _trend(scope: Scope, value: str, unit: str):
    start = date.fromisoformat(value)
    after = start + (relativedelta(months=1) if unit == "month" else relativedelta(weeks=1))
    zone = timezone.get_default_timezone()
    return _ids(
        scope.issued().filter(
            issued_at__gte=timezone.make_aware(datetime.combine(start, time.min), zone),
            issued_at__lt=timezone.make_aware(datetime.combine(after, time.min), zone),
        )
    )


def _backlog_status(scope: Scope, value: str):
    return _ids(scope.open_applications().filter(status=_choice(value, OPEN_STATUSES)), "pk")


def _backlog_due(scope: Scope, value: str):
    bounds = queries.due_bounds(scope)[_choice(value, queries.DUE_BUCKETS)]
    return _ids(scope.open_applications().filter(queries._due_q(bounds)), "pk")


def _workload_method(scope: Scope, value: str):
    return _ids(scope.results().filter(method=_choice(value, Method.values)), "application_id")


def _quality(by: str, scope: Scope, value: str):
    rows = queries.judged_results(scope).filter(conforms=False)
    if by == "producer":
        rows = rows.filter(applicant_id=int(value))
    elif by == "metal":
        rows = rows.filter(metal=_choice(value, Metal.values))
    else:
        metal, _sep, fineness = value.partition(":")
        rows = rows.filter(metal=_choice(metal, Metal.values))
        try:
            rows = (
                rows.filter(declared_fineness=Decimal(fineness))
                if fineness
                else rows.filter(declared_fineness__isnull=True)
            )
        except InvalidOperation:
            raise ValueError(value) from None
    return _ids(rows)


def _gems(scope: Scope, value: str):
    return _ids(scope.stones().filter(status=_choice(value, StoneStatus.values)), "item__application_id")


def drill(scope: Scope, chart: str, value: str, unit: str = "week") -> QuerySet[Application]:
    """The applications behind `chart`'s bar `value`. ValueError (or KeyError for an unknown chart) for a
    value that names no bar."""
    if chart == "workload_people":
        person = int(value)
        entered = _ids(scope.results().filter(recorded_by_id=person))
        verified = _ids(scope.verified_results().filter(verified_by_id=person))
        return scope.applications().filter(pk__in=entered) | scope.applications().filter(pk__in=verified)
    builders = {
        "turnaround": _turnaround,
        "stages": _stages,
        "trend": lambda scope, value: _trend(scope, value, unit),
        "backlog_status": _backlog_status,
        "backlog_due": _backlog_due,
        "workload_methods": _workload_method,
        "quality_producer": lambda scope, value: _quality("producer", scope, value),
        "quality_metal": lambda scope, value: _quality("metal", scope, value),
        "quality_fineness": lambda scope, value: _quality("fineness", scope, value),
        "gems": _gems,
    }
    return scope.applications().filter(pk__in=builders[chart](scope, value))
