"""Gapless numbering under concurrency.

`allocate` increments the counter with a single UPDATE inside the caller's transaction. The UPDATE takes a
row lock on PostgreSQL (a write lock on SQLite), so concurrent registrations queue on it and each gets its
own contiguous block; a rolled-back registration returns its block, so no gaps appear.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from lims.core.models import NumberSequence


def allocate(*, organization_id: int | None, kind: str, year: int, count: int = 1) -> range:
    """Reserve `count` consecutive numbers; must run inside a transaction (`transaction.atomic`).
    `organization_id=None` is the authorized body's own counter."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate() must be called inside transaction.atomic()")
    lookup = {"organization_id": organization_id, "kind": kind, "year": year}
    updated = NumberSequence.objects.filter(**lookup).update(last_value=F("last_value") + count)
    if not updated:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(**lookup, last_value=count)
        except IntegrityError:
            # Another transaction created the counter first; queue behind it.
            NumberSequence.objects.filter(**lookup).update(last_value=F("last_value") + count)
        else:
            return range(1, count + 1)
    last = NumberSequence.objects.filter(**lookup).values_list("last_value", flat=True).get()
    return range(last - count + 1, last + 1)
