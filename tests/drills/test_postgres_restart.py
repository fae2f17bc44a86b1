"""Fault drill: PostgreSQL restarts while technicians register applications and others read the list. No
record whose registration returned is lost, writers see a database error they can retry, and the pages say
in the user's language that the database is not answering (503, never a 500 or a stack trace); once it is
back, work goes on without restarting anything.

It restarts the machine's PostgreSQL, so it runs only when asked (SYNAMA_DRILLS=1), alone, after the suite
(.ci/run)."""

import subprocess
import threading
import time

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse

from lims.intake.models import Application
from lims.intake.services import application_register
from tests.factories import jewelry

pytestmark = [pytest.mark.drill, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

UNAVAILABLE = "The database is not answering at the moment"


def restart_postgres() -> None:
    """Restart the cluster (Debian's pg_ctlcluster) that serves the test database's port."""
    port = str(settings.DATABASES["default"]["PORT"] or 5432)
    listing = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True)
    (version, name) = next(
        line.split()[:2] for line in listing.stdout.splitlines() if line.split()[2] == port
    )
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"], check=True, timeout=120
    )


def test_fault_drill_postgres_restarted_under_load(alice, pavel_co):
    committed: list[str] = []
    write_errors: list[Exception] = []
    pages: list[tuple[int, str]] = []
    stop = threading.Event()
    reader = Client(raise_request_exception=False, headers={"accept-language": "en"})
    reader.force_login(alice)

    def write():
        while not stop.is_set():
            try:
                application = application_register(
                    actor=alice, applicant=pavel_co, purpose="voluntary", items=[jewelry()]
                )
            except (OperationalError, InterfaceError) as error:
                write_errors.append(error)
                connection.close()  # the next attempt connects afresh
                time.sleep(0.2)
                continue
            committed.append(application.number)  # the service returned: its transaction committed
        connection.close()

    def read():
        while not stop.is_set():
            response = reader.get(reverse("intake:application_list"))
            pages.append(
                (response.status_code, response.content.decode() if response.status_code != 200 else "")
            )
            time.sleep(0.05)
        connection.close()

    workers = [threading.Thread(target=write) for _ in range(3)] + [threading.Thread(target=read)]
    for worker in workers:
        worker.start()
    try:
        time.sleep(3)
        before = len(committed)
        restart_postgres()
        time.sleep(4)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=60)
    connection.close()

    assert before > 0 and write_errors, "the restart was not felt"
    assert len(committed) > before, "work did not go on after the restart"
    stored = set(Application.objects.filter(number__in=committed).values_list("number", flat=True))
    assert stored == set(committed)
    assert {status for status, _body in pages} == {200, 503}
    assert all(UNAVAILABLE in body for status, body in pages if status == 503)
