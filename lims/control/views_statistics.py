"""The Kimberley Process statistics page and its CSV and XLSX downloads. Control officers only: the figures
are the authorized body's report to the KP, and they aggregate every applicant's trade."""

from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lims.accounts import permissions
from lims.control import statistics as kp
from lims.control.countries import country_name
from lims.core.tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE

# Kazakhstan has taken part in the Kimberley Process since November 2012: no earlier certificates exist.
FIRST_YEAR = 2012

EXPORTS = {
    "csv": (kp.to_csv, CSV_CONTENT_TYPE),
    "xlsx": (kp.to_xlsx, XLSX_CONTENT_TYPE),
}


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=FIRST_YEAR)
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=kp.PERIODS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No statistics for a year that has not begun; checked against today, so not a class attribute.
        this_year = timezone.localdate().year
        self.fields["year"].validators.append(MaxValueValidator(this_year))
        self.fields["year"].widget.attrs.update({"max": this_year, "step": 1})


def _officer_only(request) -> None:
    if not permissions.is_control_officer(request.user):
        raise PermissionDenied


def _period_form(request) -> PeriodForm:
    """Bound to the query string over the current quarter (local time), so the page opens on the quarter
    under way and the download links need only the parameters the user changed."""
    today = timezone.localdate()
    data = {"year": str(today.year), "period": kp.quarter_of(today)} | request.GET.dict()
    return PeriodForm(data)


@login_required
@require_GET
def statistics(request):
    _officer_only(request)
    form = _period_form(request)
    context = {"form": form}
    if form.is_valid():
        year, period = form.cleaned_data["year"], form.cleaned_data["period"]
        start, end = kp.period_bounds(year, period)
        rows = kp.kp_rows(start, end)
        table = kp.kp_table(rows)
        totals = kp.kp_totals(rows)
        label = kp.period_label(year, period)
        sections = []
        for direction, total in totals.items():
            lines = table[table["direction"] == direction].to_dict("records")
            for line in lines:
                line["partner_name"] = country_name(line["partner_country"])
            sections.append(
                {
                    "direction": direction,
                    "label": kp.DIRECTION_LABELS[direction],
                    "lines": lines,
                    "totals": total,
                }
            )
        context |= {
            "year": year,
            "period": period,
            "period_label": label,
            "start": start,
            "last_day": end - timedelta(days=1),
            "sections": sections,
            "figure": kp.kp_figure(
                table, title=_("Rough diamonds by partner country, carats: %(period)s") % {"period": label}
            ),
            "export_query": urlencode({"year": year, "period": period}),
        }
    return render(request, "control/statistics.html", context)


@login_required
@require_GET
def statistics_export(request, fmt: str):
    _officer_only(request)
    if fmt not in EXPORTS:
        raise Http404
    form = _period_form(request)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[name].label}: {' '.join(messages)}" for name, messages in form.errors.items()
        )
        return HttpResponseBadRequest(
            _("Choose a valid year and period. %(errors)s") % {"errors": errors},
            content_type="text/plain; charset=utf-8",
        )
    year, period = form.cleaned_data["year"], form.cleaned_data["period"]
    render_file, content_type = EXPORTS[fmt]
    table = kp.kp_table(kp.kp_rows(*kp.period_bounds(year, period)))
    response = HttpResponse(render_file(table), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="kp-statistics-{year}-{period}.{fmt}"'
    return response
