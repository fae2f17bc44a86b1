"""The PDF task on a real Celery worker process consuming from the configured broker (Redis in CI)."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from lims.conclusions.models import PdfStatus
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


@pytest.fixture
def worker(tmp_path):
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
            "--pool=solo",
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
    yield process, log
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def test_worker_renders_the_conclusion_pdf(worker, alice, bob, pavel_co):
    process, log = worker
    application = make_tested_application(alice, pavel_co, n_items=3)
    conclusion = issue(application, signer=bob)  # autocommit: enqueued at once
    connection.close()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        conclusion.refresh_from_db()
        if conclusion.pdf_status in (PdfStatus.READY, PdfStatus.FAILED):
            break
        assert process.poll() is None, "worker died"
        time.sleep(0.5)
    log.seek(0)
    assert conclusion.pdf_status == PdfStatus.READY, log.read()[-3000:]
    assert conclusion.number in pdf_text(conclusion.pdf.read())
