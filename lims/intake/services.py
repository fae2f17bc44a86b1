"""Intake workflows. Every state change of an application or item goes through here and is audited."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lims.accounts import permissions
from lims.core.audit import audit_record, audit_record_many
from lims.core.deadlines import conclusion_due_at
from lims.core.sequences import allocate
from lims.core.units import fineness, mass_g
from lims.dashboard.services import turnaround_on_status, turnaround_start
from lims.intake.models import EDITABLE_STATUSES, Applicant, Application, ApplicationStatus, Item, ItemStatus

# Items are inserted in batches of this size on the bulk path.
ITEM_BATCH_SIZE = 1000


@dataclass(frozen=True)
class ItemData:
    category: str
    description: str
    gross_mass_g: Decimal
    quantity: int = 1
    declared_metal: str = ""
    declared_fineness: Decimal | None = None


def application_snapshot(application: Application) -> dict:
    return {
        "number": application.number,
        "applicant": application.applicant_id,
        "purpose": application.purpose,
        "status": application.status,
        "received_at": application.received_at.isoformat(),
        "due_at": application.due_at.isoformat(),
    }


def _lab_number(code: str, year: int, sequence: int) -> str:
    return f"{code}-{year}-{sequence:06d}"


def _build_items(application: Application, items: list[ItemData]) -> list[Item]:
    organization = application.organization
    year = timezone.localtime(application.received_at).year
    numbers = allocate(organization_id=organization.pk, kind="item", year=year, count=len(items))
    return [
        Item(
            application=application,
            organization=organization,
            year=year,
            sequence=sequence,
            lab_number=_lab_number(organization.short_code, year, sequence),
            category=data.category,
            description=data.description,
            quantity=data.quantity,
            gross_mass_g=mass_g(data.gross_mass_g),
            declared_metal=data.declared_metal,
            declared_fineness=fineness(data.declared_fineness)
            if data.declared_fineness is not None
            else None,
        )
        for sequence, data in zip(numbers, items, strict=True)
    ]


def _insert_items(actor, application: Application, items: list[ItemData]) -> list[Item]:
    for item in (built := _build_items(application, items)):
        item.full_clean(
            exclude=["application", "organization"], validate_unique=False, validate_constraints=False
        )
    created = Item.objects.bulk_create(
        built, batch_size=ITEM_BATCH_SIZE
    )  # ids returned on PostgreSQL and SQLite
    audit_record_many(actor=actor, action="item.register", objects=created, application=application)
    return created


@transaction.atomic
def application_register(
    *,
    actor,
    applicant: Applicant,
    purpose: str,
    items: list[ItemData],
    received_at: datetime | None = None,
    notes: str = "",
) -> Application:
    """Register an application with its items in the actor's organization. Lab numbers are gapless per
    organization and year, even when many technicians register at once."""
    if not permissions.can_register(actor):
        raise PermissionDenied(_("You may not register applications."))
    if not items:
        raise ValidationError(_("An application needs at least one item."))
    organization = actor.organization
    received_at = received_at or timezone.now()
    year = timezone.localtime(received_at).year
    (sequence,) = allocate(organization_id=organization.pk, kind="application", year=year)
    application = Application.objects.create(
        number=f"{organization.short_code}-{year}-A{sequence:05d}",
        organization=organization,
        applicant=applicant,
        purpose=purpose,
        received_at=received_at,
        due_at=conclusion_due_at(received_at),
        notes=notes,
        registered_by=actor,
    )
    audit_record(
        actor=actor,
        action="application.register",
        obj=application,
        application=application,
        after=application_snapshot(application),
    )
    turnaround_start(application)
    _insert_items(actor, application, items)
    return application


def ensure_open(application: Application) -> None:
    if application.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Application %(number)s is %(status)s and can no longer change.")
            % {"number": application.number, "status": application.get_status_display()}
        )


@transaction.atomic
def items_add(*, actor, application: Application, items: list[ItemData]) -> list[Item]:
    """Add items to an open application of the actor's organization."""
    if not permissions.can_register(actor) or application.organization_id != actor.organization_id:
        raise PermissionDenied(_("You may not add items to this application."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    ensure_open(application)
    created = _insert_items(actor, application, items)
    if application.status == ApplicationStatus.TESTED:
        _set_status(actor, application, ApplicationStatus.IN_TESTING, reason=_("New items added."))
    return created


def _set_status(actor, application: Application, status: str, reason: str = "") -> None:
    before = application.status
    if before == status:
        return
    application.status = status
    application.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="application.status",
        obj=application,
        application=application,
        before={"status": before},
        after={"status": status},
        reason=reason,
    )
    turnaround_on_status(application, status, timezone.now())


def application_refresh_status(*, actor, application: Application) -> None:
    """After a result changes: in testing until every item is tested, then results ready.
    Called by the assay services inside their transaction."""
    ensure_open(application)
    untested = application.items.exclude(status=ItemStatus.TESTED).exists()
    _set_status(actor, application, ApplicationStatus.IN_TESTING if untested else ApplicationStatus.TESTED)


def application_set_status(*, actor, application: Application, status: str, reason: str = "") -> None:
    """Set by the conclusion services inside their transaction: in review, issued, or reopened (results
    ready, or in testing while an item lacks its result) when a conclusion is returned, withdrawn or
    amended."""
    if status == ApplicationStatus.TESTED and application.items.exclude(status=ItemStatus.TESTED).exists():
        status = ApplicationStatus.IN_TESTING
    _set_status(actor, application, status, reason=reason)


@transaction.atomic
def application_withdraw(*, actor, application: Application, reason: str) -> Application:
    """The applicant withdrew the request; the laboratory records it with the reason."""
    if not permissions.can_register(actor) or application.organization_id != actor.organization_id:
        raise PermissionDenied(_("You may not withdraw this application."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for withdrawal."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    ensure_open(application)
    _set_status(actor, application, ApplicationStatus.WITHDRAWN, reason=reason)
    return application


@transaction.atomic
def item_mark_tested(*, actor, item: Item) -> None:
    if item.status == ItemStatus.TESTED:
        return
    Item.objects.filter(pk=item.pk).update(status=ItemStatus.TESTED)
    audit_record(
        actor=actor,
        action="item.status",
        obj=item,
        application=item.application,
        before={"status": item.status},
        after={"status": ItemStatus.TESTED},
    )
    item.status = ItemStatus.TESTED


@transaction.atomic
def item_mark_untested(*, actor, item: Item, reason: str) -> None:
    """The item's deciding result was invalidated: it awaits a retest."""
    if item.status == ItemStatus.REGISTERED:
        return
    Item.objects.filter(pk=item.pk).update(status=ItemStatus.REGISTERED)
    audit_record(
        actor=actor,
        action="item.status",
        obj=item,
        application=item.application,
        before={"status": item.status},
        after={"status": ItemStatus.REGISTERED},
        reason=reason,
    )
    item.status = ItemStatus.REGISTERED


@transaction.atomic
def applicant_register(*, actor, kind: str, identifier: str, name: str, email: str = "") -> Applicant:
    """Create an applicant record (IIN/BIN already validated by the caller's form or serializer)."""
    if not permissions.can_register(actor):
        raise PermissionDenied(_("You may not register applicants."))
    applicant = Applicant(kind=kind, identifier=identifier, name=name, email=email)
    applicant.full_clean()
    applicant.save()
    audit_record(
        actor=actor,
        action="applicant.register",
        obj=applicant,
        after={"identifier": identifier, "name": name},
    )
    return applicant


@transaction.atomic
def application_register_for_applicant(
    *,
    actor,
    existing: Applicant | None,
    kind: str,
    identifier: str,
    name: str,
    email: str = "",
    purpose: str,
    items: list[ItemData],
    notes: str = "",
) -> Application:
    """Register an application for a known applicant, or for a new one created in the same transaction, so a
    refused application never leaves an orphan applicant behind (used by the page and the API)."""
    applicant = existing or applicant_register(
        actor=actor, kind=kind, identifier=identifier, name=name, email=email
    )
    return application_register(actor=actor, applicant=applicant, purpose=purpose, items=items, notes=notes)
