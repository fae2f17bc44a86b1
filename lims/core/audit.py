"""The one way to write an audit event. Called by service functions inside their transaction."""

from typing import Any

from django.db import models, transaction

from lims.core.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    application: Any = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record() must run in the transaction of the change it records")
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        application=application,
        before=before,
        after=after,
        reason=reason,
    )


def audit_record_many(
    *,
    actor: Any,
    action: str,
    objects: list[models.Model],
    application: Any = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    per_application: bool = False,
) -> None:
    """Bulk path: one event per object in a single INSERT (bulk registration, deadline scans). `before`,
    `after` and `reason` are shared by every event; with `per_application` the objects are applications
    and each event belongs to its own."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many() must run in the transaction of the change it records")
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor if getattr(actor, "pk", None) else None,
                action=action,
                object_type=obj._meta.label,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                application=obj if per_application else application,
                before=before,
                after=after,
                reason=reason,
            )
            for obj in objects
        ]
    )
