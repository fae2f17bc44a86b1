"""The technician's worksheet: raw measurements in, fineness and verdict out, as you type; a second person
verifies; results are invalidated with a reason and retested. Investment-gold assessment of coins and bars."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from instruments import problems
from instruments import services as instrument_services
from instruments.forms import BalanceForm
from instruments.models import ImportFormat, ImportOutcome, Instrument, InstrumentStatus
from instruments.parsers.base import Weighing
from instruments.selectors import imports_for
from instruments.services.imports import BALANCES
from lims.accounts import permissions
from lims.assay import methods, services
from lims.assay.forms import (
    BarForm,
    CoinForm,
    InvalidateForm,
    RawForm,
    ResultEntryForm,
    caption,
    default_method,
    fixed_metal,
)
from lims.assay.models import InvestmentAssessment, MethodSetting, Result, ResultStatus
from lims.core.views import query_without_page
from lims.intake.filters import ItemFilter
from lims.intake.models import EDITABLE_STATUSES, ItemCategory, ItemStatus
from lims.intake.selectors import applications_for, items_for


def _require_bench(user) -> None:
    if not permissions.can_record_results(user):
        raise PermissionDenied


def _minimums() -> dict[str, int]:
    return dict(MethodSetting.objects.values_list("method", "minimum_replicates"))


def _instruments(user):
    return list(
        Instrument.objects.filter(organization_id=user.organization_id, status=InstrumentStatus.IN_SERVICE)
    )


def _balances(user):
    return Instrument.objects.filter(
        organization_id=user.organization_id, status=InstrumentStatus.IN_SERVICE, type__in=BALANCES
    )


def _balance_import(request, item):
    """The balance log whose readings filled this entry (a hidden field the fill puts in the form)."""
    pk = request.POST.get(f"i{item.pk}-balance_import", "")
    if not pk.isdigit():
        return None
    return imports_for(request.user).filter(pk=pk, format=ImportFormat.MT_SICS).first()


def _forms(item, *, data=None, method=None, minimums, instruments):
    prefix = f"i{item.pk}"
    entry = ResultEntryForm(
        data,
        prefix=prefix,
        instruments=instruments,
        initial={"method": default_method(item), "metal": item.declared_metal or "Au"},
    )
    if method is None:
        method = (data or {}).get(f"{prefix}-method") or default_method(item)
    if method not in minimums:
        method = default_method(item)
    metal = (data or {}).get(f"{prefix}-metal") or item.declared_metal
    raw = RawForm(data, prefix=f"{prefix}-raw", method=method, minimum=minimums.get(method, 2), metal=metal)
    return entry, raw


class Row:
    """One item on the worksheet with its results and, when it needs one, its entry forms."""

    def __init__(self, item, minimums, instruments, forms=None):
        self.item = item
        self.results = list(item.results.all())
        self.current = [r for r in self.results if r.status != ResultStatus.INVALIDATED]
        self.history = [r for r in self.results if r.status == ResultStatus.INVALIDATED]
        self.needs_entry = not any(r.decisive for r in self.current)
        self.entry, self.raw = forms or _forms(item, minimums=minimums, instruments=instruments)
        self.fixed_metal = fixed_metal(self.raw.method)
        self.investment = item.category in (ItemCategory.COIN, ItemCategory.BAR)
        current = list(item.investment_assessments.all())  # prefetched: the current one only
        self.assessment = current[0] if current else None


def _worksheet(request, items, *, title, application=None, page=None, filterset=None):
    minimums = _minimums()
    instruments = _instruments(request.user)
    posted_item, posted_forms = None, None
    if request.method == "POST":
        posted_item = get_object_or_404(items, pk=request.POST.get("item"))
        entry, raw = posted_forms = _forms(
            posted_item, data=request.POST, minimums=minimums, instruments=instruments
        )
        if entry.is_valid() and raw.is_valid():
            instrument = next((i for i in instruments if i.pk == entry.cleaned_data["instrument"]), None)
            balance_log = _balance_import(request, posted_item)
            if instrument is None and balance_log is not None:
                instrument = balance_log.instrument
            try:
                result = services.result_record(
                    actor=request.user,
                    item=posted_item,
                    method=entry.cleaned_data["method"],
                    metal=entry.cleaned_data["metal"] or None,
                    raw=raw.cleaned_data,
                    instrument=instrument,
                    source_import=balance_log,
                )
            except ValidationError as error:
                raw.add_error(None, error)
            else:
                if result.repeat_required:
                    messages.warning(
                        request,
                        _("%(lab)s: the replicates disagree; repeat the assay.")
                        % {"lab": posted_item.lab_number},
                    )
                else:
                    messages.success(
                        request,
                        _("%(lab)s: result recorded; it awaits verification by a colleague.")
                        % {"lab": posted_item.lab_number},
                    )
                return redirect(f"{request.get_full_path()}#item-{posted_item.pk}")
    rows = [
        Row(
            item,
            minimums,
            instruments,
            forms=posted_forms if posted_item and item.pk == posted_item.pk else None,
        )
        for item in (page.object_list if page else items)
    ]
    return render(
        request,
        "assay/worksheet.html",
        {
            "rows": rows,
            "title": title,
            "application": application,
            "page": page,
            "filter": filterset,
            "query": query_without_page(request),
            "balances": list(_balances(request.user)),
        },
    )


def _with_results(items):
    return items.prefetch_related(
        Prefetch(
            "results",
            queryset=Result.objects.select_related(
                "recorded_by", "verified_by", "invalidated_by", "instrument"
            ),
        ),
        Prefetch("investment_assessments", queryset=InvestmentAssessment.objects.filter(current=True)),
    ).order_by("application_id", "sequence")


@login_required
def application_worksheet(request, pk: int):
    """Every metal item of one application on one page."""
    _require_bench(request.user)
    application = get_object_or_404(applications_for(request.user), pk=pk)
    items = _with_results(
        items_for(request.user).filter(application=application, category__in=services.METAL_CATEGORIES)
    )
    return _worksheet(request, items, title=application.number, application=application)


@login_required
def batch_worksheet(request):
    """A batch across applications: the organization's untested metal items, filtered, 25 to a page."""
    _require_bench(request.user)
    base = items_for(request.user).filter(
        category__in=services.METAL_CATEGORIES, application__status__in=EDITABLE_STATUSES
    )
    filterset = ItemFilter(request.GET or {"status": ItemStatus.REGISTERED}, queryset=base)
    items = _with_results(filterset.qs)
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    return _worksheet(request, items, title=_("Batch worksheet"), page=page, filterset=filterset)


@login_required
@require_POST
def preview(request, pk: int):
    """The live verdict while typing: a fragment, with each field's error swapped in beside the field."""
    _require_bench(request.user)
    item = get_object_or_404(items_for(request.user), pk=pk)
    entry, raw = _forms(item, data=request.POST, minimums=_minimums(), instruments=())
    evaluation, problem = None, None
    entry.is_valid()
    if raw.is_valid():
        try:
            evaluation = services.evaluate(
                item=item,
                method=raw.method,
                metal=entry.cleaned_data.get("metal") or None,
                raw=raw.cleaned_data,
            )
        except ValidationError as error:
            problem = " ".join(error.messages)
    # While typing, an empty required field is not yet an error; a malformed one is.
    field_errors = {
        bf.auto_id: " ".join(e for e in bf.errors if e != str(bf.field.error_messages["required"]))
        for bf in raw
    }
    return render(
        request,
        "assay/_preview.html",
        {
            "item": item,
            "evaluation": evaluation,
            "problem": problem,
            "field_errors": field_errors,
            "repeat_codes": ["repeat_required"],
        },
    )


@login_required
@require_GET
def raw_fields(request, pk: int):
    """The raw-measurement fields of the method just chosen (swapped in when the method changes)."""
    _require_bench(request.user)
    item = get_object_or_404(items_for(request.user), pk=pk)
    minimums = _minimums()
    method = request.GET.get(f"i{item.pk}-method")
    _, raw = _forms(item, method=method, minimums=minimums, instruments=())
    return render(
        request, "assay/_raw_fields.html", {"item": item, "raw": raw, "fixed_metal": fixed_metal(raw.method)}
    )


def _back(request, result) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return f"{target}#item-{result.item_id}"
    return reverse("intake:results_enter", args=[result.item.application_id]) + f"#item-{result.item_id}"


def _scoped_result(request, pk):
    _require_bench(request.user)
    return get_object_or_404(
        Result.objects.select_related("item__application").filter(
            item__in=items_for(request.user).values("pk")
        ),
        pk=pk,
    )


@login_required
@require_POST
def verify(request, pk: int):
    result = _scoped_result(request, pk)
    try:
        services.result_verify(actor=request.user, result=result)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(lab)s: result verified.") % {"lab": result.item.lab_number})
    return redirect(_back(request, result))


@login_required
@require_POST
def invalidate(request, pk: int):
    result = _scoped_result(request, pk)
    form = InvalidateForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the reason for invalidating the result."))
        services.result_invalidate(actor=request.user, result=result, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(lab)s: result invalidated; enter the retest.") % {"lab": result.item.lab_number}
        )
    return redirect(_back(request, result))


@login_required
def investment(request, pk: int):
    """Investment-gold assessment of a coin or a bar from its verified gold result."""
    _require_bench(request.user)
    item = get_object_or_404(
        items_for(request.user).filter(category__in=[ItemCategory.COIN, ItemCategory.BAR]), pk=pk
    )
    form_class = CoinForm if item.category == ItemCategory.COIN else BarForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if item.category == ItemCategory.COIN:
            payload = services.CoinData(**data)
        else:
            payload = services.BarData(**{**data, "markings": frozenset(data["markings"])})
        try:
            services.investment_assess(actor=request.user, item=item, data=payload)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(lab)s: investment-gold assessment recorded.") % {"lab": item.lab_number}
            )
            return redirect(reverse("intake:results_enter", args=[item.application_id]) + f"#item-{item.pk}")
    assessment = item.investment_assessments.filter(current=True).first()
    return render(
        request,
        "assay/investment.html",
        {"item": item, "form": form, "assessment": assessment, "is_coin": item.category == ItemCategory.COIN},
    )


@login_required
@require_POST
def balance_fill(request, pk: int):
    """Read a balance log (MT-SICS) and put its readings into the empty mass fields of the entry, in weighing
    order; the log is kept as an instrument file, and the result saved from this entry cites it."""
    _require_bench(request.user)
    item = get_object_or_404(items_for(request.user), pk=pk)
    prefix, minimums = f"i{item.pk}", _minimums()
    _, raw = _forms(item, data=request.POST, minimums=minimums, instruments=())
    current = {name: request.POST.get(f"{prefix}-raw-{name}", "").strip() for name in raw.fields}
    form = BalanceForm(request.POST, request.FILES, prefix=prefix, balances=_balances(request.user))
    balance = {"errors": [], "filled": [], "notes": []}
    if not form.is_valid():
        balance["errors"] = [e for errors in form.errors.values() for e in errors]
    elif not methods.weighing_order(raw.method, minimums.get(raw.method, 2)):
        balance["errors"] = [_("This method takes no balance readings.")]
    else:
        log = instrument_services.balance_read(
            actor=request.user, instrument=form.cleaned_data["balance"], file=form.cleaned_data["log"]
        )
        balance["import_id"] = log.pk
        balance["errors"] = problems.import_errors(log)
        if not balance["errors"]:
            balance["instrument_id"] = log.instrument_id
            readings = log.rows.filter(outcome=ImportOutcome.READ).order_by("line")
            milligrams = [
                Weighing(row.line, Decimal(row.values["value"]), row.values["unit"]).milligrams
                for row in readings
            ]
            filled, left = methods.fill_weighings(
                raw.method, minimums.get(raw.method, 2), current, milligrams
            )
            current.update({name: str(value) for name, value in filled.items()})
            balance["filled"] = [(caption(raw.fields[name]), value) for name, value in filled.items()]
            balance["notes"] = _balance_notes(log, left)
    raw = RawForm(
        initial={k: v for k, v in current.items() if v},
        prefix=f"{prefix}-raw",
        method=raw.method,
        minimum=minimums.get(raw.method, 2),
        metal=request.POST.get(f"{prefix}-metal") or item.declared_metal,
    )
    return render(
        request,
        "assay/_raw_fields.html",
        {"item": item, "raw": raw, "fixed_metal": fixed_metal(raw.method), "balance": balance},
    )


def _balance_notes(log, left: int) -> list[str]:
    notes = [
        _("Line %(line)s: %(reason)s")
        % {"line": row.line, "reason": problems.row_message(row.code, row.params)}
        for row in log.rows.filter(outcome=ImportOutcome.REJECTED).order_by("line")
    ]
    if left:
        notes.append(_("%(n)s more readings than empty mass fields: they were not used.") % {"n": left})
    return notes
