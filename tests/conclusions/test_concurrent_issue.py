"""Conclusion numbers under concurrent issuing: per organization and year, unique and gapless, with some
issues rolled back mid-way (PostgreSQL, real connections, parallel issuers)."""

import threading

import pytest
from django.db import connection, transaction

from lims.conclusions.models import Conclusion, ConclusionStatus
from lims.conclusions.services import conclusion_issue, conclusion_prepare, conclusion_review, conclusion_sign
from tests.factories import UserFactory, make_tested_application

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ISSUERS = 8


class Abandoned(Exception):
    """The request failed after the issue: its transaction rolls back, number and all."""


def test_parallel_issuers_get_unique_gapless_numbers(alm, alice, carol, bob, pavel_co):
    heads = [bob, *(UserFactory(role="manager", organization=alm) for _ in range(3))]
    signed = []
    for _ in range(ISSUERS + 2):
        application = make_tested_application(alice, pavel_co, verifier=carol)
        draft = conclusion_prepare(actor=alice, application=application)
        signed.append(conclusion_sign(actor=bob, conclusion=conclusion_review(actor=carol, conclusion=draft)))
    barrier = threading.Barrier(len(signed))
    errors = []

    def issue(n: int, conclusion: Conclusion) -> None:
        try:
            barrier.wait()
            if n < 2:
                with transaction.atomic():
                    conclusion_issue(actor=heads[n % len(heads)], conclusion=conclusion)
                    raise Abandoned
            conclusion_issue(actor=heads[n % len(heads)], conclusion=conclusion)
        except Abandoned:
            pass
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(n, c)) for n, c in enumerate(signed)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    issued = Conclusion.objects.filter(status=ConclusionStatus.ISSUED)
    assert sorted(issued.values_list("sequence", flat=True)) == list(range(1, ISSUERS + 1))
    numbers = list(issued.values_list("number", flat=True))
    assert len(set(numbers)) == ISSUERS
    assert Conclusion.objects.filter(status=ConclusionStatus.SIGNED, number__isnull=True).count() == 2
