"""Result files from instruments: receive (the file kept with its SHA-256), read (parse, match every line to
an item or a reason), and record the draft results, in a Celery task with progress on the import's row.

A file uploaded by a person is recorded in that person's name at once. A file posted by an instrument's PC
with its token is read and matched, then waits for a technician, who records its results in their own name
(a result is always entered by a person). Balance logs (MT-SICS) give no results of their own: their
readings fill the fire-assay form on the worksheet (`balance_read`).

Every line ends as imported, read, rejected (with its reason) or skipped (with its reason); nothing is
dropped. A task that dies half-way is run again and goes on from the lines not yet recorded.
"""

from dataclasses import asdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from instruments import gate, importing, parsers
from instruments.models import (
    ImportFormat,
    ImportOutcome,
    ImportRow,
    ImportStatus,
    Instrument,
    InstrumentType,
    InstrumentUse,
    ResultImport,
)
from instruments.parsers.base import Problem
from lims.accounts import permissions
from lims.assay import services as assay_services
from lims.assay.forms import clean_raw
from lims.core.audit import audit_record
from lims.core.files import file_sha256
from lims.core.tasks_dispatch import dispatch
from lims.intake.models import EDITABLE_STATUSES, Item

# The method a file's results are recorded under; None: a balance log, which records none itself.
FORMAT_USE = {
    ImportFormat.XRF_CSV: InstrumentUse.XRF,
    ImportFormat.XRF_NITON: InstrumentUse.XRF,
    ImportFormat.ICP_OES: InstrumentUse.ICP_BY_DIFFERENCE,
    ImportFormat.MT_SICS: None,
}
BALANCES = (InstrumentType.ANALYTICAL_BALANCE, InstrumentType.HYDROSTATIC_BALANCE)
READ_DONE, APPLY_DONE = 30, 100  # progress, %, after reading and after recording


def ensure_bench(actor, instrument: Instrument) -> None:
    if not permissions.can_record_results(actor) or actor.organization_id != instrument.organization_id:
        raise PermissionDenied(_("You may not import results for this instrument."))


def too_large(file) -> str:
    """Why the file is refused for its size ("" when it is not): it is never read or kept."""
    if file.size <= settings.INSTRUMENT_FILE_MAX_BYTES:
        return ""
    return _("The file is %(size)s MB; files up to %(limit)s MB are accepted.") % {
        "size": round(file.size / 2**20, 1),
        "limit": round(settings.INSTRUMENT_FILE_MAX_BYTES / 2**20, 1),
    }


def _check_size(file) -> None:
    problem = too_large(file)
    if problem:
        raise ValidationError(problem)


@transaction.atomic
def import_receive(
    *, instrument: Instrument, file, actor=None, token=None, format: str = "", queue: bool = True
) -> ResultImport:
    """Keep the file as received and queue its reading (`queue=False`: the caller reads it in the same
    request). A person uploads for their laboratory's instruments; a token posts only for its own
    instrument."""
    if token is not None:
        if token.instrument_id != instrument.pk or not token.active:
            raise PermissionDenied(_("This key is not valid for this instrument."))
    else:
        ensure_bench(actor, instrument)
    if format and format not in ImportFormat.values:
        raise ValidationError({"format": _("Unknown file format.")})
    _check_size(file)
    digest = file_sha256(file)
    earlier = (
        ResultImport.objects.filter(
            organization_id=instrument.organization_id, file_sha256=digest, results_created__gt=0
        )
        .order_by("uploaded_at")
        .first()
    )
    if earlier is not None:
        raise ValidationError(
            _("This file was imported already on %(date)s (%(name)s); its results are on the worksheet.")
            % {
                "date": timezone.localtime(earlier.uploaded_at).strftime("%Y-%m-%d %H:%M"),
                "name": earlier.file_name,
            }
        )
    result_import = ResultImport(
        organization_id=instrument.organization_id,
        instrument=instrument,
        format=format,
        file_name=file.name[:255],
        file_size=file.size,
        file_sha256=digest,
        uploaded_by=actor if token is None else None,
        uploaded_via=token,
    )
    result_import.file.save(file.name, file, save=False)
    result_import.save()
    audit_record(
        actor=actor if token is None else None,
        action="instrument.import_receive",
        obj=result_import,
        after={
            "instrument": str(instrument),
            "file": result_import.file_name,
            "sha256": digest,
            "size": file.size,
            "format": format or None,
            "token": str(token) if token else None,
        },
    )
    if queue:
        from instruments.tasks import process_import

        transaction.on_commit(lambda: dispatch(process_import, result_import.pk))
    return result_import


def _set(result_import_id: int, **fields) -> None:
    ResultImport.objects.filter(pk=result_import_id).update(**fields)


def _fail(result_import: ResultImport, error: dict) -> ResultImport:
    _set(
        result_import.pk,
        status=ImportStatus.FAILED,
        error=error,
        progress=APPLY_DONE,
        finished_at=timezone.now(),
    )
    result_import.refresh_from_db()
    return result_import


def _row(result_import, problem: Problem, outcome: str, **fields) -> ImportRow:
    return ImportRow(
        result_import=result_import,
        line=problem.line,
        outcome=outcome,
        code=problem.code,
        params=_jsonable(problem.params),
        text=problem.text[:200],
        **fields,
    )


def _jsonable(mapping: dict) -> dict:
    return {
        key: value if isinstance(value, int | str | bool | None) else str(value)
        for key, value in mapping.items()
    }


def _values(row) -> dict:
    data = asdict(row)
    return _jsonable(
        {
            **{
                k: v
                for k, v in data.items()
                if k not in ("line", "fractions", "concentrations", "below_detection")
            },
            **(data.get("fractions") or data.get("concentrations") or {}),
            **(
                {"below_detection": ", ".join(sorted(row.below_detection))}
                if getattr(row, "below_detection", None)
                else {}
            ),
        }
    )


def _resolve(organization_id: int, samples: set[str]) -> dict:
    """Normalized sample ID → `Target` (by lab number, else by barcode among open applications' items), or a
    tuple of targets when a barcode is shared."""

    def target(item: Item) -> importing.Target:
        refusal = ""
        if item.category not in assay_services.METAL_CATEGORIES:
            refusal = "not_metal_item"
        elif item.application.status not in EDITABLE_STATUSES:
            refusal = "application_closed"
        return importing.Target(item.pk, item.lab_number, item.declared_metal, refusal)

    items = Item.objects.select_related("application").filter(organization_id=organization_id)
    found = {item.lab_number.upper(): target(item) for item in items.filter(lab_number__in=samples)}
    barcodes = samples - set(found)
    by_barcode: dict[str, list] = {}
    if barcodes:
        for item in items.filter(barcode__in=barcodes, application__status__in=EDITABLE_STATUSES):
            by_barcode.setdefault(item.barcode.upper(), []).append(target(item))
    for code, targets in by_barcode.items():
        found[code] = targets[0] if len(targets) == 1 else tuple(targets)
    return found


def _read(result_import: ResultImport) -> ResultImport | None:
    """Parse and match the file, storing one row per line; None when the file is refused."""
    instrument = result_import.instrument
    try:
        data = result_import.file.open("rb").read()
    finally:
        result_import.file.close()
    try:
        code = result_import.format or parsers.detect(data)
        if code is None:
            raise parsers.ParseError("unrecognised")
        use = FORMAT_USE[code]
        if use is None and instrument.type not in BALANCES:
            raise parsers.ParseError("not_a_balance", instrument=str(instrument))
        gate.ensure_usable(instrument, use=use)
        parsed = parsers.parse(code, data, max_bytes=settings.INSTRUMENT_FILE_MAX_BYTES)
    except ValidationError as error:
        return _fail(result_import, {"code": "instrument", "messages": error.messages})
    except parsers.ParseError as error:
        return _fail(result_import, {"code": error.code, "params": _jsonable(error.params)})
    serial = parsed.meta.get("serial", "").strip()
    if serial and serial.upper() != instrument.serial_number.strip().upper():
        return _fail(
            result_import,
            {"code": "serial_mismatch", "params": {"file": serial, "instrument": instrument.serial_number}},
        )
    rows = [_row(result_import, p, ImportOutcome.REJECTED) for p in parsed.problems]
    rows += [_row(result_import, p, ImportOutcome.SKIPPED) for p in parsed.skipped]
    entries = []
    if use is None:
        rows += [
            ImportRow(result_import=result_import, line=w.line, outcome=ImportOutcome.READ, values=_values(w))
            for w in parsed.rows
        ]
    else:
        plan = importing.plan(
            parsed.rows,
            _resolve(instrument.organization_id, {importing.normalize(r.sample) for r in parsed.rows}),
        )
        refused = {p.line: p for p in plan.problems}
        for row in parsed.rows:
            problem = refused.get(row.line)
            fields = {"sample": row.sample[:80], "values": _values(row), "item_id": plan.items.get(row.line)}
            if problem is not None:
                rows.append(_row(result_import, problem, ImportOutcome.REJECTED, **fields))
            else:
                rows.append(
                    ImportRow(
                        result_import=result_import, line=row.line, outcome=ImportOutcome.READ, **fields
                    )
                )
        entries = [asdict(entry) for entry in plan.entries]
    with transaction.atomic():
        ImportRow.objects.bulk_create(sorted(rows, key=lambda r: r.line), batch_size=1000)
        _set(
            result_import.pk,
            format=code,
            meta=_jsonable(parsed.meta),
            entries=entries,
            progress=READ_DONE,
            **_counts(result_import),
        )
    result_import.refresh_from_db()
    return result_import


def _counts(result_import: ResultImport) -> dict:
    rows = ImportRow.objects.filter(result_import=result_import)
    return {
        "rows_imported": rows.filter(outcome__in=(ImportOutcome.IMPORTED, ImportOutcome.READ)).count(),
        "rows_rejected": rows.filter(outcome=ImportOutcome.REJECTED).count(),
        "rows_skipped": rows.filter(outcome=ImportOutcome.SKIPPED).count(),
        "results_created": result_import.results.count(),
    }


def import_process(result_import_id: int) -> ResultImport:
    """The task's body: read the file (once), then record its results if a person uploaded it. Safe to run
    again: a finished import is left alone, and recording resumes where it stopped."""
    result_import = ResultImport.objects.select_related("instrument", "uploaded_by").get(pk=result_import_id)
    if result_import.finished or result_import.status == ImportStatus.AWAITING:
        return result_import
    _set(result_import.pk, status=ImportStatus.PROCESSING, progress=max(result_import.progress, 5))
    if not result_import.rows.exists():
        result_import = _read(result_import)
        if result_import.status == ImportStatus.FAILED:
            return result_import
    if FORMAT_USE[result_import.format] is None:
        return _finish(result_import, actor=None)
    if result_import.uploaded_by is None and result_import.applied_by is None:
        _set(result_import.pk, status=ImportStatus.AWAITING)
        result_import.refresh_from_db()
        return result_import
    return _apply(result_import, result_import.applied_by or result_import.uploaded_by)


@transaction.atomic
def import_apply(*, actor, result_import: ResultImport) -> ResultImport:
    """A technician records, in their own name, the results of a file an instrument's PC posted."""
    ensure_bench(actor, result_import.instrument)
    locked = ResultImport.objects.select_for_update().get(pk=result_import.pk)
    if locked.status != ImportStatus.AWAITING:
        raise ValidationError(_("This file is not waiting for a technician."))
    locked.status, locked.applied_by = ImportStatus.PROCESSING, actor
    locked.save(update_fields=["status", "applied_by"])
    audit_record(actor=actor, action="instrument.import_apply", obj=locked, after={"file": locked.file_name})
    from instruments.tasks import process_import

    transaction.on_commit(lambda: dispatch(process_import, locked.pk))
    return locked


def _apply(result_import: ResultImport, actor) -> ResultImport:
    """Record each determination read, in chunks of `INSTRUMENT_IMPORT_CHUNK`, each in a savepoint: a refused
    one (an item already assayed, say) marks its lines rejected with the reason and the rest go on."""
    entries = [importing.Entry(**{**e, "lines": tuple(e["lines"])}) for e in result_import.entries]
    pending_lines = set(result_import.rows.filter(outcome=ImportOutcome.READ).values_list("line", flat=True))
    todo = [e for e in entries if pending_lines.issuperset(e.lines)]
    done_before = len(entries) - len(todo)
    chunk = settings.INSTRUMENT_IMPORT_CHUNK
    for start in range(0, len(todo), chunk):
        part = todo[start : start + chunk]
        with transaction.atomic():
            items = Item.objects.select_related("application").in_bulk([e.item for e in part])
            for entry in part:
                _record(result_import, actor, entry, items[entry.item])
            done = done_before + start + len(part)
            _set(
                result_import.pk,
                progress=READ_DONE + (APPLY_DONE - READ_DONE - 1) * done // max(len(entries), 1),
            )
    return _finish(result_import, actor)


def _record(result_import: ResultImport, actor, entry: importing.Entry, item: Item) -> None:
    rows = result_import.rows.filter(line__in=entry.lines)
    try:
        with transaction.atomic():
            result = assay_services.result_record(
                actor=actor,
                item=item,
                method=entry.method,
                metal=entry.metal,
                raw=clean_raw(entry.method, entry.raw),
                instrument=result_import.instrument,
                source_import=result_import,
            )
    except (ValidationError, PermissionDenied) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        rows.update(outcome=ImportOutcome.REJECTED, code="refused", params={"message": " ".join(messages)})
    else:
        rows.update(outcome=ImportOutcome.IMPORTED, result=result)


def _finish(result_import: ResultImport, actor) -> ResultImport:
    with transaction.atomic():
        _set(
            result_import.pk,
            status=ImportStatus.DONE,
            progress=APPLY_DONE,
            finished_at=timezone.now(),
            **_counts(result_import),
        )
        result_import.refresh_from_db()
        audit_record(
            actor=actor,
            action="instrument.import_done",
            obj=result_import,
            after={
                "results": result_import.results_created,
                "imported": result_import.rows_imported,
                "rejected": result_import.rows_rejected,
                "skipped": result_import.rows_skipped,
            },
        )
    return result_import


def balance_read(*, actor, instrument: Instrument, file) -> ResultImport:
    """Read a balance log for the worksheet at once (small files): kept like any import, its readings
    stored as read lines. A refused file (an uncalibrated balance, an unreadable log) is kept too, with
    the reason; the caller shows it."""
    result_import = import_receive(
        actor=actor, instrument=instrument, file=file, format=ImportFormat.MT_SICS, queue=False
    )
    return import_process(result_import.pk)
