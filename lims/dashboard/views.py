"""The manager's dashboard, the applications behind any bar, and each chart's table as CSV or XLSX."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lims.accounts import permissions
from lims.core.deadlines import working_calendar, working_days_left
from lims.core.tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes
from lims.core.views import query_without_page
from lims.dashboard import report
from lims.dashboard.drill import drill
from lims.dashboard.filters import DashboardFilter

PAGE_SIZE = 50


def _filterset(request) -> DashboardFilter:
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied
    return DashboardFilter(request.GET, user=request.user, now=timezone.now(), calendar=working_calendar())


def _filter_query(request) -> str:
    """The filters of the request, for links that keep them (drill-downs, downloads)."""
    query = request.GET.copy()
    for key in ("page", "chart", "bar"):
        query.pop(key, None)
    return query.urlencode()


@login_required
@require_GET
def dashboard(request):
    filterset = _filterset(request)
    context = {"filter": filterset, "query": _filter_query(request)}
    if filterset.is_valid():
        scope = filterset.scope()
        built = report.build(scope, filterset.trend_unit)
        context |= built
        today = timezone.localtime(scope.now).date()
        for application in built["at_risk"]:
            due_day = timezone.localtime(application.due_at).date()
            application.overdue = application.due_at < scope.now
            application.days_left = working_days_left(today, due_day, filterset.calendar)
            application.days_late = -application.days_left if application.overdue else 0
        context |= {
            "scope": scope,
            "today": today,
            "show_organization": scope.organizations is None or len(scope.organizations) > 1,
            "sections": [
                (section, [built["charts"][key] for key in keys]) for section, keys in report.SECTIONS
            ],
            "figures": {key: chart.figure for key, chart in built["charts"].items()},
            "drill_base": reverse("dashboard:drill"),
        }
    return render(request, "dashboard/dashboard.html", context)


@login_required
@require_GET
def drill_down(request):
    filterset = _filterset(request)
    chart_key, value = request.GET.get("chart", ""), request.GET.get("bar", "")
    if not filterset.is_valid() or chart_key not in report.CHARTS:
        return HttpResponseBadRequest(_("Choose a chart and a valid period."), content_type="text/plain")
    scope = filterset.scope()
    try:
        applications = drill(scope, chart_key, value, filterset.trend_unit)
    except (ValueError, KeyError):
        raise Http404 from None
    chart = report.CHARTS[chart_key](scope, filterset.trend_unit)
    bar = next((row for row in chart.rows if str(row["drill"]) == value), None)
    applications = applications.select_related("applicant", "organization", "turnaround").order_by(
        "due_at", "id"
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/drill.html",
        {
            "chart": chart,
            "bar": bar,
            "label": bar[chart.columns[0][0]] if bar else value,
            "page": page,
            "query": query_without_page(request),
            "filter_query": _filter_query(request),
            "scope": scope,
        },
    )


EXPORTS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


@login_required
@require_GET
def export(request, chart: str, fmt: str):
    filterset = _filterset(request)
    if chart not in report.CHARTS or fmt not in EXPORTS:
        raise Http404
    if not filterset.is_valid():
        return HttpResponseBadRequest(_("Choose a valid period."), content_type="text/plain")
    scope = filterset.scope()
    built = report.CHARTS[chart](scope, filterset.trend_unit)
    frame = built.frame()
    if fmt == "csv":
        content = csv_bytes(frame)
    else:
        content = xlsx_bytes(frame, built.title, decimal_columns=built.decimal_headings, decimal_format="0.0")
    response = HttpResponse(content, content_type=EXPORTS[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{chart}-{scope.start.isoformat()}-{scope.end.isoformat()}.{fmt}"'
    )
    return response
