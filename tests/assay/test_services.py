from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from instruments.models import Instrument
from lims.assay.models import Method
from lims.assay.services import result_record
from lims.core.choices import Metal
from lims.core.models import AuditEvent
from lims.intake.models import ApplicationStatus, ItemStatus
from tests.factories import make_application


def record(actor, item, value="585.46"):
    return result_record(actor=actor, item=item, metal=Metal.GOLD, method=Method.FIRE_ASSAY, fineness=value)


def test_result_is_quantized_to_a_tenth_of_a_permille_half_even(alice, pavel_co):
    application = make_application(alice, pavel_co, n_items=2)
    first, second = application.items.all()
    assert record(alice, first, "585.45").fineness == Decimal("585.4")
    assert record(alice, second, "585.55").fineness == Decimal("585.6")


def test_results_move_application_through_testing(alice, pavel_co):
    application = make_application(alice, pavel_co, n_items=2)
    first, second = application.items.all()
    record(alice, first)
    application.refresh_from_db()
    first.refresh_from_db()
    assert (application.status, first.status) == (ApplicationStatus.IN_TESTING, ItemStatus.TESTED)
    record(alice, second)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.TESTED
    actions = list(AuditEvent.objects.filter(application=application).values_list("action", flat=True))
    assert actions.count("result.record") == 2 and "application.status" in actions


def test_one_result_per_item_in_the_thin_version(alice, pavel_co):
    item = make_application(alice, pavel_co).items.get()
    record(alice, item)
    with pytest.raises(ValidationError):
        record(alice, item)


@pytest.mark.parametrize("who", ["dave", "pavel", "victor", "olga"])
def test_only_own_organization_staff_record_results(cast, alice, pavel_co, who):
    item = make_application(alice, pavel_co).items.get()
    with pytest.raises(PermissionDenied):
        record(cast[who], item)


@pytest.mark.parametrize("value", ["-0.1", "1000.1", "abc"])
def test_fineness_outside_the_scale_is_refused(alice, pavel_co, value):
    item = make_application(alice, pavel_co).items.get()
    with pytest.raises(ValidationError):
        record(alice, item, value)
    assert not item.results.exists()


def test_instrument_of_another_organization_is_refused(alice, ast, pavel_co):
    item = make_application(alice, pavel_co).items.get()
    foreign = Instrument.objects.create(organization=ast, name="XRF", type="xrf", serial_number="X1")
    with pytest.raises(ValidationError):
        result_record(
            actor=alice, item=item, metal="Au", method=Method.XRF, fineness=Decimal("585"), instrument=foreign
        )
