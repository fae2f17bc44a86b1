"""Recording results. The thin version: one fineness determination per item."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lims.accounts import permissions
from lims.assay.models import Result
from lims.core.audit import audit_record
from lims.core.units import fineness as quantize_fineness
from lims.intake import services as intake_services
from lims.intake.models import Item


@transaction.atomic
def result_record(
    *, actor, item: Item, metal: str, method: str, fineness: Decimal, instrument=None
) -> Result:
    """Record the item's fineness (‰, to 0.1). An item of an application whose conclusion is issued
    cannot take new results."""
    if not permissions.can_record_results(actor) or item.organization_id != actor.organization_id:
        raise PermissionDenied(_("You may not record results for this item."))
    item = Item.objects.select_related("application").select_for_update().get(pk=item.pk)
    intake_services.ensure_open(item.application)
    if item.results.exists():
        raise ValidationError(_("Item %(lab)s already has a result.") % {"lab": item.lab_number})
    if instrument is not None and instrument.organization_id != item.organization_id:
        raise ValidationError(_("The instrument belongs to another organization."))
    try:
        value = quantize_fineness(fineness)
    except ValueError as error:
        raise ValidationError(_("Fineness must be a number in parts per thousand.")) from error
    result = Result(
        item=item,
        metal=metal,
        method=method,
        fineness=value,
        instrument=instrument,
        recorded_by=actor,
    )
    result.full_clean(exclude=["item", "recorded_by", "instrument"], validate_constraints=False)
    result.save()
    audit_record(
        actor=actor,
        action="result.record",
        obj=result,
        application=item.application,
        after={"item": item.lab_number, "metal": metal, "method": method, "fineness": str(result.fineness)},
    )
    intake_services.item_mark_tested(actor=actor, item=item)
    intake_services.application_refresh_status(actor=actor, application=item.application)
    return result
