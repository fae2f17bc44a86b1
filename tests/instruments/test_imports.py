"""Result-file import: the file kept with its SHA-256, every line matched to an item or rejected with its
line and reason, draft results linked to the instrument and the file, in a task with progress."""

import hashlib
from decimal import Decimal

import pytest

from instruments import services
from instruments.models import ImportOutcome, ImportStatus, InstrumentType, ResultImport
from instruments.samples import xrf_csv
from instruments.services.imports import import_process
from lims.assay.models import Method, ResultStatus
from lims.intake.models import Item, ItemCategory, Purpose
from lims.intake.services import application_register, application_withdraw
from tests.factories import jewelry, make_application
from tests.instruments.conftest import as_upload, calibrate, fixture_bytes, register

pytestmark = pytest.mark.django_db


def upload(actor, instrument, content: bytes, name="export.csv", **kwargs) -> ResultImport:
    result_import = services.import_receive(
        actor=actor, instrument=instrument, file=as_upload(content, name), **kwargs
    )
    result_import.refresh_from_db()
    return result_import


def lines(result_import, outcome):
    return list(result_import.rows.filter(outcome=outcome).order_by("line").values_list("line", "code"))


@pytest.fixture
def batch(alice, pavel_co):
    """A 200-article hallmarking batch: gold 585 rings."""
    return make_application(alice, pavel_co, 200, purpose=Purpose.DOMESTIC_HALLMARKING)


def test_xrf_export_for_a_200_item_batch_gives_200_draft_results(
    alice, xrf, batch, django_capture_on_commit_callbacks
):
    items = list(batch.items.order_by("sequence"))
    content = xrf_csv([(i.lab_number, "Au", Decimal("585")) for i in items], serial=xrf.serial_number)
    with django_capture_on_commit_callbacks(execute=True):
        result_import = services.import_receive(actor=alice, instrument=xrf, file=as_upload(content))
    result_import.refresh_from_db()
    assert result_import.status == ImportStatus.DONE and result_import.progress == 100
    assert (result_import.results_created, result_import.rows_imported, result_import.rows_rejected) == (
        200,
        400,
        0,
    )
    assert result_import.file_sha256 == hashlib.sha256(content).hexdigest()
    assert result_import.file.read() == content
    results = [item.results.get() for item in items]
    assert {
        (r.method, r.status, r.metal, r.recorded_by_id, r.instrument_id, r.source_import_id) for r in results
    } == {(Method.XRF, ResultStatus.ENTERED, "Au", alice.pk, xrf.pk, result_import.pk)}
    assert len(results[0].replicate_values) == 2 and results[0].fineness is not None


def test_every_line_that_cannot_be_imported_is_reported_with_its_line_and_reason(alice, bob, xrf, pavel_co):
    application = make_application(alice, pavel_co, 3)
    ring, assayed, _third = application.items.order_by("sequence")
    services_result = upload(  # first, one of them gets a result
        alice,
        xrf,
        xrf_csv([(assayed.lab_number, "Au", Decimal("585"))], readings=1, serial=xrf.serial_number),
    )
    import_process(services_result.pk)
    content = xrf_csv(
        [
            (ring.lab_number, "Au", Decimal("585")),
            ("ALM-1999-999999", "Au", Decimal("585")),  # no such item
            (assayed.lab_number, "Au", Decimal("585")),  # already has a current XRF result
        ],
        readings=1,
        serial=xrf.serial_number,
    )
    result_import = import_process(upload(alice, xrf, content).pk)
    assert lines(result_import, ImportOutcome.IMPORTED) == [(4, "")]
    assert lines(result_import, ImportOutcome.REJECTED) == [(5, "unknown_item"), (6, "refused")]
    refused = result_import.rows.get(line=6)
    assert "already has a current" in refused.params["message"] and refused.item == assayed
    assert result_import.results_created == 1 and result_import.rows_rejected == 2


def test_more_than_four_readings_of_one_item_reject_the_extra_lines(alice, xrf, pavel_co):
    ring = make_application(alice, pavel_co).items.get()
    content = xrf_csv([(ring.lab_number, "Au", Decimal("585"))], readings=5, serial=xrf.serial_number)
    result_import = import_process(upload(alice, xrf, content).pk)
    assert lines(result_import, ImportOutcome.REJECTED) == [(8, "too_many_readings")]
    assert len(ring.results.get().replicate_values) == 4


def test_items_match_by_barcode_when_the_sample_is_not_a_lab_number(alice, xrf, pavel_co):
    ring = make_application(alice, pavel_co).items.get()
    Item.objects.filter(pk=ring.pk).update(barcode="4870001234567")
    content = xrf_csv([("4870001234567", "Au", Decimal("585"))], readings=1, serial=xrf.serial_number)
    result_import = import_process(upload(alice, xrf, content).pk)
    assert result_import.rows.get().item == ring and ring.results.count() == 1


def test_a_barcode_shared_by_two_open_items_is_ambiguous(alice, xrf, pavel_co):
    application = make_application(alice, pavel_co, 2)
    application.items.update(barcode="SKU-585-RING")
    content = xrf_csv([("SKU-585-RING", "Au", Decimal("585"))], readings=1, serial=xrf.serial_number)
    result_import = import_process(upload(alice, xrf, content).pk)
    assert lines(result_import, ImportOutcome.REJECTED) == [(4, "ambiguous_barcode")]


def test_lines_for_a_withdrawn_application_are_rejected(alice, xrf, pavel_co):
    application = make_application(alice, pavel_co)
    application_withdraw(actor=alice, application=application, reason="Applicant took the items back")
    content = xrf_csv([(application.items.get().lab_number, "Au", Decimal("585"))], readings=1)
    result_import = import_process(upload(alice, xrf, content).pk)
    assert lines(result_import, ImportOutcome.REJECTED) == [(3, "application_closed")]


def test_an_instrument_with_an_expired_calibration_cannot_import_and_the_file_is_kept(alice, bob, pavel_co):
    xrf = register(bob, InstrumentType.XRF, valid_days=None)
    calibrate(bob, xrf, performed_days_ago=400, valid_days=365)
    ring = make_application(alice, pavel_co).items.get()
    content = xrf_csv([(ring.lab_number, "Au", Decimal("585"))])
    result_import = import_process(upload(alice, xrf, content).pk)
    assert result_import.status == ImportStatus.FAILED
    assert "expired on" in result_import.error["messages"][0]
    assert result_import.file.read() == content and not ring.results.exists()


def test_a_file_from_another_instrument_is_refused_by_its_serial_number(alice, xrf, pavel_co):
    ring = make_application(alice, pavel_co).items.get()
    result_import = import_process(
        upload(alice, xrf, xrf_csv([(ring.lab_number, "Au", Decimal("585"))], serial="X-9")).pk
    )
    assert result_import.error == {
        "code": "serial_mismatch",
        "params": {"file": "X-9", "instrument": "250-00417"},
    }


def test_an_unreadable_file_is_refused_with_its_reason_and_kept(alice, xrf):
    result_import = import_process(upload(alice, xrf, b"%PDF-1.4 not a csv", name="scan.pdf").pk)
    assert result_import.status == ImportStatus.FAILED and result_import.error["code"] == "binary"
    assert result_import.file.read() == b"%PDF-1.4 not a csv"


def test_the_same_file_is_not_imported_twice(alice, xrf, pavel_co):
    ring = make_application(alice, pavel_co).items.get()
    content = xrf_csv([(ring.lab_number, "Au", Decimal("585"))], serial=xrf.serial_number)
    import_process(upload(alice, xrf, content).pk)
    with pytest.raises(Exception, match="imported already"):
        upload(alice, xrf, content)


def test_icp_oes_file_gives_by_difference_results_for_high_purity_bars(alice, icp, pavel_co):
    bars = application_register(
        actor=alice,
        applicant=pavel_co,
        purpose=Purpose.EXPORT,
        items=[jewelry("999.9", "1000.000", category=ItemCategory.BAR) for _ in range(2)],
    )
    first, second = bars.items.order_by("sequence")
    content = (
        fixture_bytes("icp_oes.csv")
        .replace(b"ALM-2026-000201", first.lab_number.encode())
        .replace(b"ALM-2026-000202", second.lab_number.encode())
    )
    result_import = import_process(upload(alice, icp, content, name="icp.csv").pk)
    assert result_import.status == ImportStatus.DONE, result_import.error
    result = first.results.get()
    assert (result.method, result.metal, len(result.replicate_values)) == (Method.ICP_BY_DIFFERENCE, "Au", 2)
    assert "Ag=" in result.raw["portion_1_impurities"]
    assert result.fineness >= Decimal("999.9")
