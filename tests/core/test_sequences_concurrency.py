"""Lab numbers under concurrent registration: no gaps, no duplicates (PostgreSQL, real connections)."""

import threading

import pytest
from django.db import connection

from lims.intake.models import Item
from tests.factories import make_application

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 8
APPLICATIONS_EACH = 5


def test_concurrent_registration_gives_gapless_unique_lab_numbers(alice, carol, bob, pavel_co):
    technicians = [alice, carol, bob]
    barrier = threading.Barrier(WORKERS)
    errors = []

    def register(worker: int) -> None:
        try:
            barrier.wait()
            for _ in range(APPLICATIONS_EACH):
                make_application(technicians[worker % len(technicians)], pavel_co, n_items=3)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    sequences = sorted(Item.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, WORKERS * APPLICATIONS_EACH * 3 + 1))
    lab_numbers = list(Item.objects.values_list("lab_number", flat=True))
    assert len(set(lab_numbers)) == len(lab_numbers)
    # Each application's items are contiguous: one block per registration.
    for application_id in Item.objects.values_list("application_id", flat=True).distinct():
        seqs = sorted(Item.objects.filter(application_id=application_id).values_list("sequence", flat=True))
        assert seqs == list(range(seqs[0], seqs[0] + 3))


def test_concurrent_cases_of_the_authorized_body_get_gapless_unique_numbers(victor, pavel_co):
    """The authorized body's counter has no organization: its first row is created under the same race and
    guarded by a partial unique index (state control cases, acts, KP certificates)."""
    from lims.control.models import ControlCase
    from tests.factories import open_case

    barrier = threading.Barrier(WORKERS)
    errors = []

    def open_cases() -> None:
        try:
            barrier.wait()
            for _ in range(3):
                open_case(victor, pavel_co)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_cases) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(ControlCase.objects.values_list("number", flat=True))
    assert [int(number.rsplit("-", 1)[1]) for number in numbers] == list(range(1, WORKERS * 3 + 1))
