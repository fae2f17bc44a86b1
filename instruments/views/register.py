"""The instrument register: the list with each instrument's state, an instrument's page (calibrations, QC
checks with their control charts, tokens, recent imports) and the forms that change them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from instruments import charts, gate, services
from instruments.filters import InstrumentFilter
from instruments.forms import CalibrationForm, InstrumentForm, QcCheckForm, StatusForm, TokenForm
from instruments.models import DEFAULT_USES, QcCheck
from instruments.selectors import certified_values_for, imports_for, instruments_for, reference_materials_for
from instruments.services.register import CalibrationData, InstrumentData
from instruments.views.common import add_errors, require_lab, require_manager, require_qc
from lims.accounts import permissions
from lims.core.views import query_without_page


def _annotated(instruments):
    today = timezone.localdate()
    rows = list(instruments)
    for instrument in rows:
        instrument.blockers = gate.usage_blockers(instrument, day=today)
        until = instrument.calibrated_until
        instrument.expiring = (
            instrument.needs_calibration
            and until is not None
            and today <= until <= gate.expiry_warning_until(today)
        )
    return rows


@login_required
def instrument_list(request):
    require_lab(request.user)
    filterset = InstrumentFilter(request.GET, queryset=gate.with_state(instruments_for(request.user)))
    page = Paginator(filterset.qs.order_by("name", "id"), 50).get_page(request.GET.get("page"))
    page.object_list = _annotated(page.object_list)
    today = timezone.localdate()
    materials = reference_materials_for(request.user).filter(
        expires_on__isnull=False, expires_on__lte=gate.expiry_warning_until(today)
    )
    return render(
        request,
        "instruments/list.html",
        {
            "page": page,
            "filter": filterset,
            "materials_expiring": materials.order_by("expires_on"),
            "today": today,
            "can_manage": permissions.can_manage_instruments(request.user),
            "query": query_without_page(request),
        },
    )


def _data(form) -> InstrumentData:
    data = form.cleaned_data
    return InstrumentData(
        name=data["name"],
        type=data["type"],
        serial_number=data["serial_number"],
        make=data["make"],
        model=data["model"],
        location=data["location"],
        responsible=data["responsible"],
        uses=data["uses"] or [str(use) for use in DEFAULT_USES.get(data["type"], [])],
    )


@login_required
def instrument_create(request):
    require_manager(request.user)
    form = InstrumentForm(request.POST or None, organization_id=request.user.organization_id)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = services.instrument_register(actor=request.user, data=_data(form))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s registered: record its calibration.") % {"name": instrument}
            )
            return redirect("instruments:detail", instrument.pk)
    return render(request, "instruments/form.html", {"form": form, "instrument": None})


@login_required
def instrument_edit(request, pk: int):
    require_manager(request.user)
    instrument = get_object_or_404(instruments_for(request.user), pk=pk)
    initial = {
        **{f: getattr(instrument, f) for f in ("name", "type", "make", "model", "serial_number", "location")},
        "responsible": instrument.responsible_id,
        "uses": instrument.uses,
    }
    form = InstrumentForm(request.POST or None, initial=initial, organization_id=request.user.organization_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.instrument_update(actor=request.user, instrument=instrument, data=_data(form))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("instruments:detail", instrument.pk)
    return render(request, "instruments/form.html", {"form": form, "instrument": instrument})


def _detail(request, instrument, *, status_code=200, **forms):
    user = request.user
    instrument = gate.with_state(instruments_for(user).filter(pk=instrument.pk)).get()
    checks = list(
        QcCheck.objects.filter(instrument=instrument)
        .select_related("certified_value__reference_material", "performed_by")
        .order_by("performed_at", "id")
    )
    can_manage = permissions.can_manage_instruments(user)
    context = {
        "instrument": instrument,
        "blockers": gate.usage_blockers(instrument),
        "calibrations": instrument.calibrations.select_related("recorded_by"),
        "checks": list(reversed(checks))[:30],
        "charts": _charts(checks),
        "tokens": instrument.tokens.select_related("created_by", "revoked_by") if can_manage else [],
        "imports": imports_for(user).filter(instrument=instrument)[:10],
        "can_manage": can_manage,
        "can_check": permissions.can_record_qc(user),
        "status_form": forms.get("status_form") or StatusForm(),
        "calibration_form": forms.get("calibration_form") or CalibrationForm(),
        "qc_form": forms.get("qc_form") or _qc_form(user),
        "token_form": forms.get("token_form") or TokenForm(),
        "new_key": forms.get("new_key"),
    }
    return render(request, "instruments/detail.html", context, status=status_code)


def _charts(checks):
    """One Shewhart chart per certified value measured at least `MINIMUM_POINTS` times."""
    series: dict = {}
    for check in checks:
        series.setdefault(check.certified_value, []).append(check)
    result = []
    for certified, points in series.items():
        chart = charts.shewhart([c.measured.normalize() for c in points])
        if chart is None:
            continue
        labels = [f"{timezone.localtime(c.performed_at):%Y-%m-%d %H:%M} #{c.pk}" for c in points]
        figure = charts.figure(chart, labels=labels, title=str(certified), unit=certified.get_unit_display())
        violations = [
            {
                "label": labels[v.index],
                "description": f"{v.rule}: {charts.RULES[v.rule]}",
                "rejects": v.rejects,
            }
            for v in chart.violations
        ]
        result.append(
            {
                "id": f"chart-{certified.pk}",
                "data_id": f"chart-{certified.pk}-data",
                "certified": certified,
                "chart": chart,
                "figure": figure,
                "violations": violations,
            }
        )
    return result


def _qc_form(user, data=None):
    return QcCheckForm(data, certified_values=certified_values_for(user))


def _instrument(request, pk):
    return get_object_or_404(instruments_for(request.user), pk=pk)


@login_required
def instrument_detail(request, pk: int):
    require_lab(request.user)
    return _detail(request, _instrument(request, pk))


@login_required
@require_POST
def status_change(request, pk: int):
    require_manager(request.user)
    instrument = _instrument(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.instrument_status_change(actor=request.user, instrument=instrument, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Status changed."))
            return redirect("instruments:detail", pk)
    return _detail(request, instrument, status_form=form, status_code=400)


@login_required
@require_POST
def calibration_add(request, pk: int):
    require_manager(request.user)
    instrument = _instrument(request, pk)
    form = CalibrationForm(request.POST, request.FILES)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        try:
            services.calibration_record(
                actor=request.user,
                instrument=instrument,
                data=CalibrationData(**data),
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Calibration recorded."))
            return redirect("instruments:detail", pk)
    return _detail(request, instrument, calibration_form=form, status_code=400)


@login_required
@require_POST
def qc_add(request, pk: int):
    require_qc(request.user)
    instrument = _instrument(request, pk)
    form = _qc_form(request.user, request.POST)
    if form.is_valid():
        try:
            check = services.qc_check_record(actor=request.user, instrument=instrument, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if check.passed:
                messages.success(request, _("QC check passed."))
            else:
                messages.error(
                    request,
                    _("QC check failed: the instrument may not be used until a check passes."),
                )
            return redirect("instruments:detail", pk)
    return _detail(request, instrument, qc_form=form, status_code=400)


@login_required
@require_POST
def token_create(request, pk: int):
    require_manager(request.user)
    instrument = _instrument(request, pk)
    form = TokenForm(request.POST)
    if form.is_valid():
        token, key = services.token_create(
            actor=request.user, instrument=instrument, label=form.cleaned_data["label"]
        )
        return _detail(request, instrument, new_key={"token": token, "key": key})
    return _detail(request, instrument, token_form=form, status_code=400)


@login_required
@require_POST
def token_revoke(request, pk: int, token_pk: int):
    require_manager(request.user)
    instrument = _instrument(request, pk)
    token = get_object_or_404(instrument.tokens, pk=token_pk)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Key %(token)s revoked.") % {"token": token})
    return redirect("instruments:detail", pk)
