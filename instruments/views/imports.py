"""Result files: upload one, follow its progress, read the report of every line, download the file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from instruments import problems, services
from instruments.forms import ImportForm
from instruments.models import ImportOutcome, ImportStatus, InstrumentStatus
from instruments.selectors import imports_for, instruments_for
from instruments.services.imports import import_apply
from instruments.views.common import add_errors, require_bench, require_lab
from lims.accounts import permissions


@login_required
def import_list(request):
    require_lab(request.user)
    page = Paginator(imports_for(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "instruments/imports.html",
        {"page": page, "can_upload": permissions.can_record_results(request.user)},
    )


@login_required
def import_create(request):
    require_bench(request.user)
    instruments = instruments_for(request.user).filter(status=InstrumentStatus.IN_SERVICE)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        instruments=instruments,
        initial={"instrument": request.GET.get("instrument")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            result_import = services.import_receive(
                actor=request.user,
                instrument=form.cleaned_data["instrument"],
                file=form.cleaned_data["file"],
                format=form.cleaned_data["format"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("instruments:import_detail", result_import.pk)
    return render(request, "instruments/import_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def import_detail(request, pk: int):
    require_lab(request.user)
    result_import = get_object_or_404(imports_for(request.user), pk=pk)
    outcome = request.GET.get("outcome", "")
    rows = result_import.rows.select_related("item__application", "result")
    if outcome in ImportOutcome.values:
        rows = rows.filter(outcome=outcome)
    page = Paginator(rows, 200).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.message = problems.row_message(row.code, row.params) if row.code else ""
    applications = (
        result_import.rows.filter(item__isnull=False)
        .values_list("item__application_id", "item__application__number")
        .distinct()
        .order_by("item__application__number")
    )
    return render(
        request,
        "instruments/import_detail.html",
        {
            "import": result_import,
            "errors": problems.import_errors(result_import),
            "page": page,
            "outcome": outcome,
            "query": f"outcome={outcome}" if outcome else "",
            "outcomes": ImportOutcome.choices,
            "applications": list(applications),
            "can_apply": result_import.status == ImportStatus.AWAITING
            and permissions.can_record_results(request.user),
        },
    )


@login_required
def import_status(request, pk: int):
    require_lab(request.user)
    result_import = get_object_or_404(imports_for(request.user), pk=pk)
    return JsonResponse(
        {
            "status": result_import.status,
            "label": result_import.get_status_display(),
            "progress": result_import.progress,
            "finished": result_import.finished or result_import.status == ImportStatus.AWAITING,
        }
    )


@login_required
@require_POST
def import_record(request, pk: int):
    require_bench(request.user)
    result_import = get_object_or_404(imports_for(request.user), pk=pk)
    try:
        import_apply(actor=request.user, result_import=result_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("instruments:import_detail", pk)


@login_required
def import_file(request, pk: int):
    require_lab(request.user)
    result_import = get_object_or_404(imports_for(request.user), pk=pk)
    return FileResponse(result_import.file.open("rb"), as_attachment=True, filename=result_import.file_name)
