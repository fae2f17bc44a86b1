"""Reference materials and their certified values."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from instruments import gate, services
from instruments.forms import CertifiedValueForm, ReferenceMaterialForm
from instruments.selectors import reference_materials_for
from instruments.services.quality import ReferenceMaterialData
from instruments.views.common import add_errors, require_lab, require_manager
from lims.accounts import permissions


@login_required
def material_list(request):
    require_lab(request.user)
    materials = reference_materials_for(request.user).prefetch_related("certified_values")
    today = timezone.localdate()
    return render(
        request,
        "instruments/materials.html",
        {
            "materials": materials,
            "today": today,
            "soon": gate.expiry_warning_until(today),
            "can_manage": permissions.can_manage_instruments(request.user),
        },
    )


@login_required
def material_create(request):
    require_manager(request.user)
    form = ReferenceMaterialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        material = services.reference_material_register(
            actor=request.user, data=ReferenceMaterialData(**form.cleaned_data)
        )
        messages.success(request, _("Reference material registered: add its certified values."))
        return redirect("instruments:material_detail", material.pk)
    return render(request, "instruments/material_form.html", {"form": form})


@login_required
def material_detail(request, pk: int):
    require_lab(request.user)
    material = get_object_or_404(reference_materials_for(request.user), pk=pk)
    form = CertifiedValueForm(request.POST or None)
    if request.method == "POST":
        require_manager(request.user)
        if form.is_valid():
            try:
                services.certified_value_add(actor=request.user, material=material, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Certified value added."))
                return redirect("instruments:material_detail", pk)
    return render(
        request,
        "instruments/material_detail.html",
        {
            "material": material,
            "values": material.certified_values.all(),
            "form": form,
            "can_manage": permissions.can_manage_instruments(request.user),
            "expired": material.expires_on is not None and material.expires_on < timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )
