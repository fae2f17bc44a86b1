from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from instruments.models import Instrument, InstrumentStatus
from lims.accounts import permissions
from lims.assay.forms import ResultForm
from lims.assay.services import result_record
from lims.intake.models import ItemStatus
from lims.intake.selectors import applications_for

ResultFormSet = forms.formset_factory(ResultForm, extra=0)


@login_required
def results_enter(request, pk: int):
    """Worksheet: one row per untested item of the application; rows left blank are skipped."""
    if not permissions.can_record_results(request.user):
        raise PermissionDenied
    application = get_object_or_404(applications_for(request.user), pk=pk)
    pending = list(application.items.filter(status=ItemStatus.REGISTERED).order_by("sequence"))
    instruments = Instrument.objects.filter(
        organization_id=request.user.organization_id, status=InstrumentStatus.IN_SERVICE
    )
    initial = [{"item_id": item.pk, "metal": item.declared_metal or "Au"} for item in pending]
    formset = ResultFormSet(
        request.POST or None, initial=initial, prefix="results", form_kwargs={"instruments": instruments}
    )
    rows = list(zip(pending, formset.forms, strict=False))
    if request.method == "POST" and formset.is_valid():
        by_id = {item.pk: item for item in pending}
        instrument_by_id = {i.pk: i for i in instruments}
        entered = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("fineness") is not None]
        try:
            with transaction.atomic():
                for data in entered:
                    if data["item_id"] not in by_id:
                        raise ValidationError(
                            _("An item on this sheet was changed by someone else; reload the page.")
                        )
                    result_record(
                        actor=request.user,
                        item=by_id[data["item_id"]],
                        metal=data["metal"],
                        method=data["method"],
                        fineness=data["fineness"],
                        instrument=instrument_by_id.get(data["instrument"]),
                    )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if entered:
                messages.success(request, _("%(count)d result(s) recorded.") % {"count": len(entered)})
            else:
                messages.warning(request, _("No results entered."))
            return redirect("intake:application_detail", pk=application.pk)
    return render(
        request, "assay/results_enter.html", {"application": application, "formset": formset, "rows": rows}
    )
