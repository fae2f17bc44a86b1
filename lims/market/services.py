"""Market data: storing prices and rates (by hand or from CSV, always audited) and reading them for the
investment-gold classifier (issue 3).

Which value applies to a sale: the LBMA Gold Price AM *of the sale date* and the KZT/USD rate *of the sale
date*, nothing else. A value is never carried forward from an earlier date and never interpolated: the
classification is a legal verdict, and which earlier fixing stands in for a day without one (LBMA does not
fix on weekends and London holidays) is for a person to decide and store for that date, not for a lookup to
guess. A missing price or rate is an error (`MissingMarketData`) naming what is missing and for which date;
it is never read as zero.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from lims.assay.investment import MissingMarketData
from lims.core.audit import audit_record
from lims.market import csv_import
from lims.market.csv_import import PriceRow, RateRow
from lims.market.models import ExchangeRate, GoldPrice, MarketDataKind, MarketDataUpload

# Rows are read, inserted and updated in batches of this size on the bulk path.
BATCH_SIZE = 500
USD = "USD"


@dataclass(frozen=True)
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class GoldValueInputs(NamedTuple):
    """Named like the keyword arguments of `lims.assay.investment.classify_coin`."""

    lbma_am_usd_per_oz: Decimal
    kzt_per_usd: Decimal


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


# --- Import -------------------------------------------------------------------------------------------------


@transaction.atomic
def prices_import(*, actor, rows: Iterable[PriceRow], upload: MarketDataUpload | None = None) -> ImportCounts:
    """Insert or update the LBMA Gold Price AM of each row's date in one transaction; one audit event."""
    rows = _distinct(rows)
    days = [row.date for row in rows]
    existing = {}
    for start in range(0, len(days), BATCH_SIZE):
        chunk = GoldPrice.objects.select_for_update().filter(date__in=days[start : start + BATCH_SIZE])
        existing.update((price.date, price) for price in chunk)
    return _upsert(
        actor=actor,
        rows=rows,
        existing=existing,
        model=GoldPrice,
        field="usd_per_troy_ounce",
        new=lambda row: GoldPrice(
            date=row.date, usd_per_troy_ounce=row.usd_per_troy_ounce, created_by=_user(actor)
        ),
        action="market.prices_import",
        upload=upload,
    )


@transaction.atomic
def rates_import(*, actor, rows: Iterable[RateRow], upload: MarketDataUpload | None = None) -> ImportCounts:
    """Insert or update the exchange rate of each row's currency and date in one transaction; one audit
    event."""
    rows = _distinct(rows)
    days_by_currency: dict[str, list[date]] = defaultdict(list)
    for row in rows:
        days_by_currency[row.currency].append(row.date)
    existing = {}
    for currency, days in days_by_currency.items():
        for start in range(0, len(days), BATCH_SIZE):
            chunk = ExchangeRate.objects.select_for_update().filter(
                currency=currency, date__in=days[start : start + BATCH_SIZE]
            )
            existing.update(((rate.currency, rate.date), rate) for rate in chunk)
    return _upsert(
        actor=actor,
        rows=rows,
        existing=existing,
        model=ExchangeRate,
        field="kzt_per_unit",
        new=lambda row: ExchangeRate(
            date=row.date, currency=row.currency, kzt_per_unit=row.kzt_per_unit, created_by=_user(actor)
        ),
        action="market.rates_import",
        upload=upload,
    )


def _distinct(rows: Iterable) -> list:
    rows = list(rows)
    keys = [row.key for row in rows]
    if len(set(keys)) != len(keys):
        raise ValueError("Rows must name each date (and currency) once; the parser reports duplicates.")
    return rows


def _label(key) -> str:
    return f"{key[0]} {key[1]:%Y-%m-%d}" if isinstance(key, tuple) else f"{key:%Y-%m-%d}"


def _upsert(*, actor, rows, existing, model, field, new, action, upload) -> ImportCounts:
    created, changed, before, after = [], [], {}, {}
    unchanged = []
    for row in rows:
        value, record = getattr(row, field), existing.get(row.key)
        if record is None:
            created.append(new(row))
        elif getattr(record, field) != value:
            before[_label(row.key)] = str(getattr(record, field))
            setattr(record, field, value)
            changed.append(record)
        else:
            unchanged.append(record)
            continue
        after[_label(row.key)] = str(value)
    model.objects.bulk_create(created, batch_size=BATCH_SIZE)
    model.objects.bulk_update(changed, [field], batch_size=BATCH_SIZE)
    counts = ImportCounts(created=len(created), updated=len(changed), unchanged=len(unchanged))

    # The event is about the upload when there is one, else about the first row the import touched.
    subject = upload or next(iter(changed + unchanged), None)
    if subject is None and created:
        first = created[0]
        subject = first if first.pk else model.objects.get(**{k: getattr(first, k) for k in _keys(model)})
    if subject is None:
        return counts  # nothing to import, nothing happened
    audit_record(
        actor=actor,
        action=action,
        obj=subject,
        before={"values": before} if before else None,
        after={
            "created": counts.created,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
            "upload": upload.pk if upload else None,
            "values": after,
        },
    )
    return counts


def _keys(model) -> tuple[str, ...]:
    return ("date",) if model is GoldPrice else ("currency", "date")


@transaction.atomic
def market_data_upload(*, actor, kind: str, file_name: str, content: bytes) -> MarketDataUpload:
    """Keep the uploaded file with its SHA-256, import its good lines, and record the counts and every
    rejected line in the upload's summary. One audit event, about the upload, even when nothing was
    accepted."""
    kind = MarketDataKind(kind)
    rows, errors = csv_import.parse(kind, content)
    name = PurePath(file_name).name[:200] or f"{kind}.csv"
    upload = MarketDataUpload(
        kind=kind, file_name=name, sha256=hashlib.sha256(content).hexdigest(), uploaded_by=_user(actor)
    )
    upload.file.save(name, ContentFile(content), save=False)
    upload.save()
    importer = prices_import if kind == MarketDataKind.PRICES else rates_import
    counts = importer(actor=actor, rows=rows, upload=upload)
    upload.summary = {
        "accepted": len(rows),
        "created": counts.created,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
        "rejected": [{"line": error.line, "reason": error.reason} for error in errors],
    }
    upload.save(update_fields=["summary"])
    return upload


# --- One record by hand (the admin) -------------------------------------------------------------------------


def _snapshot(record: GoldPrice | ExchangeRate) -> dict:
    if isinstance(record, GoldPrice):
        fields = ["date", "usd_per_troy_ounce", "source"]
    else:
        fields = ["date", "currency", "kzt_per_unit", "source"]
    return {name: str(getattr(record, name)) for name in fields}


@transaction.atomic
def market_record_save(*, actor, record: GoldPrice | ExchangeRate) -> GoldPrice | ExchangeRate:
    """Add or correct one price or rate; audited with the values before and after."""
    before = None
    if record.pk:
        before = _snapshot(type(record).objects.select_for_update().get(pk=record.pk))
    else:
        record.created_by = _user(actor)
    record.full_clean()
    record.save()
    audit_record(actor=actor, action="market.record_save", obj=record, before=before, after=_snapshot(record))
    return record


@transaction.atomic
def market_record_delete(*, actor, record: GoldPrice | ExchangeRate) -> None:
    audit_record(actor=actor, action="market.record_delete", obj=record, before=_snapshot(record))
    record.delete()


# --- Reading ------------------------------------------------------------------------------------------------


def _value_on(queryset: models.QuerySet, field: str) -> Decimal | None:
    return queryset.values_list(field, flat=True).first()


def market_data_on(day: date, currency: str = USD) -> tuple[Decimal | None, Decimal | None]:
    """(LBMA Gold Price AM in USD/oz t, KZT per unit of `currency`) stored for exactly `day`; None where
    nothing is stored. No carrying forward from an earlier date (see the module docstring)."""
    if isinstance(day, datetime):
        raise TypeError("Pass the sale date (a date), not a datetime.")
    price = _value_on(GoldPrice.objects.filter(date=day), "usd_per_troy_ounce")
    rate = _value_on(ExchangeRate.objects.filter(date=day, currency=currency), "kzt_per_unit")
    return price, rate


def gold_value_inputs(day: date) -> GoldValueInputs:
    """The LBMA Gold Price AM and the KZT/USD rate of the sale date, for `classify_coin(...,
    **gold_value_inputs(day)._asdict())`. Raises `MissingMarketData` naming what is missing and the date."""
    price, rate = market_data_on(day, USD)
    missing = []
    if price is None:
        missing.append(_("No LBMA Gold Price AM is stored for %(date)s.") % {"date": day.isoformat()})
    if rate is None:
        missing.append(_("No KZT/USD exchange rate is stored for %(date)s.") % {"date": day.isoformat()})
    if missing:
        raise MissingMarketData(" ".join(missing))
    return GoldValueInputs(lbma_am_usd_per_oz=price, kzt_per_usd=rate)
