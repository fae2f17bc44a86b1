"""Recording the precious-metal content of raw goods (Law art.6 p.7, rule R10)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lims.accounts import permissions
from lims.core.audit import audit_record
from lims.core.choices import Metal
from lims.core.units import to_decimal
from lims.intake import services as intake_services
from lims.intake.models import Application, Item, ItemCategory
from lims.rawgoods import content
from lims.rawgoods.models import MetalContent


@dataclass(frozen=True)
class ContentEntry:
    """One element's figure as entered: a value, or "not detected" with the detection limit."""

    element: str
    unit: str
    value: Decimal | None = None
    not_detected: bool = False
    detection_limit: Decimal | None = None
    method: str = ""


# A message with a per cent sign is a format string, the sign written %% (xgettext marks it python-format
# and msgfmt checks the translation keeps it).
PROBLEM_MESSAGES = {
    "unit_unknown": gettext_lazy("Choose g/t or %%."),
    "value_required": gettext_lazy("Enter the mass fraction, or tick “not detected” and give the limit."),
    "value_with_not_detected": gettext_lazy("Leave the mass fraction empty when the metal is not detected."),
    "detection_limit_required": gettext_lazy("“Not detected” needs the detection limit."),
    "not_a_number": gettext_lazy("Enter a number."),
    "negative": gettext_lazy("A mass fraction cannot be negative."),
    "detection_limit_zero": gettext_lazy("The detection limit must be greater than zero."),
    "over_maximum": gettext_lazy("At most 100 %% (1,000,000 g/t): a fraction cannot exceed the whole."),
    "too_small_for_percent": gettext_lazy("This rounds to zero at 0.0001 %%; enter it in g/t."),
    "too_small": gettext_lazy("This rounds to zero at 0.0001 g/t."),
    "below_detection_limit": gettext_lazy(
        "The value is below the detection limit given with it: record it as “not detected”."
    ),
}


NOT_A_NUMBER = content.Problem("value", "not_a_number")


def describe_problem(problem: content.Problem) -> str:
    message = str(PROBLEM_MESSAGES[problem.code])
    # Only the messages with a per cent sign are format strings (so a translation of any other may
    # contain a bare "%" safely).
    return message % {} if "%%" in message else message


def content_snapshot(row: MetalContent) -> dict:
    return {
        "item": row.item.lab_number,
        "element": row.element,
        "unit": row.unit,
        "value": None if row.value is None else str(row.value),
        "not_detected": row.not_detected,
        "detection_limit": None if row.detection_limit is None else str(row.detection_limit),
        "method": row.method,
    }


def _decimal_or_none(value) -> Decimal | None:
    # Floats are refused by to_decimal (TypeError): measured figures travel as str or Decimal only.
    if value is None or value == "":
        return None
    return to_decimal(value)


def _clean_entry(entry: ContentEntry) -> dict:
    """The entry as it will be stored, or ValidationError with one message per problem, each naming the
    element."""
    label = f"{Metal(entry.element).label} ({entry.element})"
    try:
        value = _decimal_or_none(entry.value)
        detection_limit = _decimal_or_none(entry.detection_limit)
    except ValueError as error:
        raise ValidationError(
            _("%(element)s: %(problem)s") % {"element": label, "problem": describe_problem(NOT_A_NUMBER)}
        ) from error
    problems = content.entry_problems(
        unit=entry.unit, value=value, not_detected=entry.not_detected, detection_limit=detection_limit
    )
    if problems:
        raise ValidationError(
            [
                _("%(element)s: %(problem)s") % {"element": label, "problem": describe_problem(p)}
                for p in problems
            ]
        )
    return {
        "unit": entry.unit,
        "value": None if value is None else content.quantize(value),
        "not_detected": entry.not_detected,
        "detection_limit": None if detection_limit is None else content.quantize(detection_limit),
        "method": entry.method.strip(),
    }


def _clean_entries(entries: list[ContentEntry]) -> dict[str, dict]:
    if not entries:
        raise ValidationError(_("Enter the content of at least one precious metal."))
    cleaned, errors = {}, []
    for entry in entries:
        if entry.element not in content.ELEMENTS:
            errors.append(_("%(element)s is not a precious metal.") % {"element": entry.element})
            continue
        if entry.element in cleaned:
            errors.append(_("%(element)s is given more than once.") % {"element": entry.element})
            continue
        try:
            cleaned[entry.element] = _clean_entry(entry)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def content_record(*, actor, item: Item, entries: list[ContentEntry]) -> list[MetalContent]:
    """Record (or correct) the mass fraction of precious metals in a raw-goods item. The item is tested
    once all eight metals have a figure; a corrected figure is audited with its previous value."""
    # Technicians (the head of laboratory standing in) of the item's own organization only.
    if not permissions.can_record_results(actor) or item.organization_id != actor.organization_id:
        raise PermissionDenied(_("You may not record the content of this item."))
    item = Item.objects.select_related("application").select_for_update().get(pk=item.pk)
    # Only raw goods carry a content record (Law art.1 p.16); other items are assayed for fineness.
    if item.category != ItemCategory.RAW_GOODS:
        raise ValidationError(
            _("Item %(lab)s is not raw goods; its content is not recorded here.") % {"lab": item.lab_number}
        )
    intake_services.ensure_open(item.application)
    cleaned = _clean_entries(entries)

    existing = {row.element: row for row in item.metal_contents.select_for_update()}
    now = timezone.now()
    saved = []
    for element in content.ELEMENTS:
        if element not in cleaned:
            continue
        fields = cleaned[element]
        row = existing.get(element)
        if row is None:
            row = MetalContent(item=item, element=element, recorded_by=actor, recorded_at=now, **fields)
            row.save()
            audit_record(
                actor=actor,
                action="metal_content.record",
                obj=row,
                application=item.application,
                after=content_snapshot(row),
            )
        elif any(getattr(row, name) != new for name, new in fields.items()):
            before = content_snapshot(row)
            for name, new in fields.items():
                setattr(row, name, new)
            row.recorded_by, row.recorded_at = actor, now
            row.save()
            audit_record(
                actor=actor,
                action="metal_content.change",
                obj=row,
                application=item.application,
                before=before,
                after=content_snapshot(row),
            )
        saved.append(row)

    # The content document needs every precious metal (Law art.6 p.7): only then is the item tested.
    if not missing_elements(item):
        intake_services.item_mark_tested(actor=actor, item=item)
    intake_services.application_refresh_status(actor=actor, application=item.application)
    return saved


def missing_elements(item: Item) -> list[str]:
    """Symbols of the precious metals the item has no figure for yet, in canonical order."""
    return content.missing(item.metal_contents.values_list("element", flat=True))


def issue_blockers(application: Application) -> list[str]:
    """One line per raw-goods item of the application that lacks the content of any precious metal: the
    content document states every one of them (Law art.6 p.7), so no conclusion may be issued before."""
    recorded = defaultdict(set)
    for item_id, element in MetalContent.objects.filter(
        item__application=application, item__category=ItemCategory.RAW_GOODS
    ).values_list("item_id", "element"):
        recorded[item_id].add(element)
    reasons = []
    items = application.items.filter(category=ItemCategory.RAW_GOODS).order_by("sequence")
    for item_id, lab_number in items.values_list("id", "lab_number"):
        if absent := content.missing(recorded[item_id]):
            reasons.append(
                _("Raw goods %(lab)s: the content of %(elements)s is not recorded.")
                % {"lab": lab_number, "elements": ", ".join(absent)}
            )
    return reasons
