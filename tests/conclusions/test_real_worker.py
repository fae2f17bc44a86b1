"""The PDF task on a real Celery worker process consuming from the configured broker (Redis in CI)."""

import hashlib
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from lims.conclusions.models import Conclusion, PdfStatus
from lims.core.models import AuditEvent
from tests.factories import issue, make_tested_application
from tests.pdf_text import pdf_text

pytestmark = [pytest.mark.real_worker, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        pytest.skip("a separate worker process cannot share the in-memory SQLite test database")
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(tmp_path, pool: str = "solo"):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    log = open(tmp_path / "worker.log", "w+")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lims",
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, log


def stop_worker(process, log) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture
def worker(tmp_path):
    process, log = start_worker(tmp_path)
    yield process, log
    stop_worker(process, log)


def wait_for_pdf(conclusion, process, log, seconds: int = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        conclusion.refresh_from_db()
        if conclusion.pdf_status in (PdfStatus.READY, PdfStatus.FAILED):
            break
        assert process.poll() is None, "worker died"
        time.sleep(0.5)
    log.seek(0)
    assert conclusion.pdf_status == PdfStatus.READY, log.read()[-3000:]


def test_worker_renders_the_conclusion_pdf(worker, alice, bob, pavel_co):
    process, log = worker
    application = make_tested_application(alice, pavel_co, n_items=3)
    conclusion = issue(application, signer=bob)  # autocommit: enqueued at once
    connection.close()
    wait_for_pdf(conclusion, process, log)
    assert conclusion.number in pdf_text(conclusion.pdf.read())


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        return [int(child) for child in children.read().split()]


def test_fault_drill_a_worker_process_killed_while_rendering_renders_it_again_once(
    tmp_path, alice, bob, pavel_co
):
    """The pool process rendering the PDF dies (SIGKILL, as the OOM killer does). The task is acknowledged
    only when done and rejected when its worker is lost, so the broker hands it out again: the PDF is
    rendered by the next process, attached once, and the conclusion stays the one issued."""
    process, log = start_worker(tmp_path, pool="prefork")
    try:
        application = make_tested_application(alice, pavel_co, n_items=40)  # a few seconds of rendering
        conclusion = issue(application, signer=bob)
        connection.close()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            conclusion.refresh_from_db()
            if conclusion.pdf_status == PdfStatus.RENDERING:
                break
            time.sleep(0.02)
        assert conclusion.pdf_status == PdfStatus.RENDERING, "the worker never started rendering"
        (child,) = _children(process.pid)
        os.kill(child, signal.SIGKILL)
        wait_for_pdf(conclusion, process, log)
        log.seek(0)
        assert "WorkerLostError" in log.read()  # it did die mid-task
    finally:
        stop_worker(process, log)
    assert Conclusion.objects.filter(application=application).count() == 1
    assert AuditEvent.objects.filter(action="conclusion.issue", object_id=str(conclusion.pk)).count() == 1
    assert conclusion.pdf_sha256 == hashlib.sha256(conclusion.pdf.read()).hexdigest()
    assert conclusion.number in pdf_text(conclusion.pdf.open().read())
