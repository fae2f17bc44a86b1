from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lims.accounts import permissions
from lims.intake.models import EDITABLE_STATUSES, ItemCategory
from lims.intake.selectors import items_for
from lims.rawgoods.forms import ContentSheet
from lims.rawgoods.services import content_record, missing_elements


@login_required
def content_enter(request, item_pk: int):
    """The content sheet of one raw-goods item: all eight precious metals in one form. Staff of the item's
    organization see it; those who record results (technicians, the head of laboratory standing in) edit."""
    user = request.user
    if not permissions.can_view_lab_work(user):
        raise PermissionDenied
    item = get_object_or_404(
        items_for(user).filter(category=ItemCategory.RAW_GOODS).select_related("organization"), pk=item_pk
    )
    if request.method == "POST" and not permissions.can_record_results(user):
        raise PermissionDenied
    recorded = {row.element: row for row in item.metal_contents.select_related("recorded_by")}
    can_edit = permissions.can_record_results(user) and item.application.status in EDITABLE_STATUSES
    sheet = ContentSheet(request.POST or None, recorded=recorded, disabled=not can_edit)
    if request.method == "POST" and sheet.is_valid():
        entries = sheet.entries()
        if not entries:
            messages.warning(request, _("Nothing entered."))
            return redirect("rawgoods:content", item_pk=item.pk)
        try:
            content_record(actor=user, item=item, entries=entries)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if absent := missing_elements(item):
                messages.warning(
                    request,
                    _(
                        "Content saved. Still missing: %(elements)s; "
                        "the content document cannot be issued yet."
                    )
                    % {"elements": ", ".join(absent)},
                )
            else:
                messages.success(request, _("Content of all eight precious metals recorded."))
            return redirect("rawgoods:content", item_pk=item.pk)
    elif request.method == "POST":
        messages.error(request, _("Nothing was saved: correct the marked rows."))
    return render(
        request,
        "rawgoods/content.html",
        {
            "item": item,
            "application": item.application,
            "sheet": sheet,
            "can_edit": can_edit,
            "missing": missing_elements(item),
        },
    )
