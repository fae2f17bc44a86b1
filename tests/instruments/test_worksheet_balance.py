"""Balance readings fill the fire-assay form: an MT-SICS log read on the worksheet puts its stable readings
into the empty mass fields in weighing order, and the saved result cites the balance and the log."""

from decimal import Decimal

import pytest
from django.urls import reverse

from instruments.models import ImportFormat, InstrumentType, ResultImport
from lims.assay.models import Method
from tests.factories import make_application
from tests.instruments.conftest import as_upload, calibrate, fixture_bytes, register

pytestmark = pytest.mark.django_db

FILLED = {  # fixtures/instruments/mt_sics.txt, stable readings in the order weighed
    "portion_1_mass_mg": "250.13",
    "portion_2_mass_mg": "250.08",
    "proof_1_gold_mg": "146.28",
    "proof_2_gold_mg": "146.33",
    "portion_1_cornet_mg": "146.41",
    "portion_2_cornet_mg": "146.27",
    "proof_1_cornet_mg": "146.34",
    "proof_2_cornet_mg": "146.39",
}


@pytest.fixture
def ring(alice, pavel_co):
    return make_application(alice, pavel_co).items.get()


def fill(client, ring, balance, log: bytes, **typed):
    prefix = f"i{ring.pk}"
    data = {
        f"{prefix}-method": Method.FIRE_ASSAY,
        f"{prefix}-balance": balance.pk,
        f"{prefix}-log": as_upload(log, "balance.txt"),
    }
    data.update({f"{prefix}-raw-{name}": value for name, value in typed.items()})
    return client.post(reverse("assay:balance_fill", args=[ring.pk]), data)


def test_balance_readings_fill_the_fire_assay_form_in_weighing_order(client, alice, ring, balance):
    client.force_login(alice)
    response = fill(client, ring, balance, fixture_bytes("mt_sics.txt"))
    body = response.content.decode()
    assert response.status_code == 200
    for name, value in FILLED.items():
        assert f'name="i{ring.pk}-raw-{name}" value="{value}"' in body, name
    assert "8 masses filled from the balance" in body
    assert "Unstable reading" in body and "Overload" in body  # the rejected lines are named
    log = ResultImport.objects.get(format=ImportFormat.MT_SICS)
    assert log.file.read() == fixture_bytes("mt_sics.txt") and log.instrument == balance
    assert f'name="i{ring.pk}-balance_import" value="{log.pk}"' in body

    # Saving the filled form records the fire assay with the balance and its log.
    prefix = f"i{ring.pk}"
    data = {"item": ring.pk, f"{prefix}-method": Method.FIRE_ASSAY, f"{prefix}-balance_import": log.pk}
    data.update({f"{prefix}-raw-{name}": value for name, value in FILLED.items()})
    client.post(reverse("intake:results_enter", args=[ring.application_id]), data)
    result = ring.results.get()
    assert (result.instrument, result.source_import, result.raw["portion_1_mass_mg"]) == (
        balance,
        log,
        "250.13",
    )
    assert result.fineness == Decimal("584.9")


def test_fields_already_typed_are_kept_and_the_rest_filled(client, alice, ring, balance):
    client.force_login(alice)
    body = fill(
        client, ring, balance, fixture_bytes("mt_sics.txt"), portion_1_mass_mg="250.00"
    ).content.decode()
    assert f'name="i{ring.pk}-raw-portion_1_mass_mg" value="250.00"' in body
    assert f'name="i{ring.pk}-raw-portion_2_mass_mg" value="250.13"' in body
    assert "1 more readings than empty mass fields" in body


def test_a_balance_with_an_expired_calibration_fills_nothing_and_its_log_is_kept(client, alice, bob, ring):
    balance = register(bob, InstrumentType.ANALYTICAL_BALANCE, serial="B123456789", valid_days=None)
    calibrate(bob, balance, performed_days_ago=400, valid_days=365)
    client.force_login(alice)
    body = fill(client, ring, balance, fixture_bytes("mt_sics.txt")).content.decode()
    assert "expired on" in body and 'value="250.13"' not in body
    assert ResultImport.objects.get().file.read() == fixture_bytes("mt_sics.txt")


def test_a_log_from_another_balance_is_refused_by_its_serial_number(client, alice, bob, ring):
    other = register(bob, InstrumentType.ANALYTICAL_BALANCE, serial="B000000001")
    client.force_login(alice)
    body = fill(client, ring, other, fixture_bytes("mt_sics.txt")).content.decode()
    assert "serial number B123456789, not B000000001" in body
