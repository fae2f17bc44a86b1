"""A scratch PostgreSQL database for the benchmarks that write (bench_pdf, bench_intake), so the national
data set in `synama_bench` stays exactly as `bench/generate.py` wrote it. Created fresh and migrated at the
start of a run, dropped at its end; files the product writes (PDFs, demo exports) go to a temporary
directory, not to `var/`. Never in tests.

    with scratch_database("synama_bench_pdf") as people:   # django is set up inside
        ...
"""

import io
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

SERVER = "postgres://postgres@127.0.0.1:5432"
ROOT = Path(__file__).resolve().parents[1]


def _admin():
    import psycopg

    return psycopg.connect(f"{SERVER}/postgres", autocommit=True)


def create_database(name: str) -> None:
    with _admin() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with _admin() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed_people() -> dict:
    """The demo's two laboratories, their people and its applicants, exactly as `seed_demo` creates them
    (its first step, `create_people`), without its weeks of demo work."""
    from lims.accounts.management.commands.seed_demo import create_people

    organizations, applicants, users = create_people()
    return {"organizations": organizations, "users": users, "applicants": applicants}


@contextmanager
def scratch_database(name: str, *, eager_tasks: bool = True):
    """Create `name`, point Django at it (DEBUG off as in production, e-mail kept in memory, PDF tasks
    inline, or with `eager_tasks=False` queued to the in-memory broker and never run), migrate, seed the
    demo's people; yield them; drop the database and the temporary files, also on error."""
    var_dir = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    (var_dir / "staticfiles").mkdir()  # whitenoise warns when STATIC_ROOT is missing
    started = time.perf_counter()
    create_database(name)
    try:
        sys.path.insert(0, str(ROOT))
        os.environ["DATABASE_URL"] = f"{SERVER}/{name}"
        os.environ["SYNAMA_VAR_DIR"] = str(var_dir)
        os.environ["MEDIA_ROOT"] = str(var_dir / "media")
        os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
        os.environ["EAGER_TASKS_IN_THREAD"] = "0"  # no background thread may render while we time
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1" if eager_tasks else "0"
        os.environ["DEBUG"] = "0"
        os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")  # noqa: S105
        os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lims.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, stdout=io.StringIO())
        people = seed_people()
        print(f"scratch database {name}: migrated and seeded in {time.perf_counter() - started:.0f} s")
        yield people
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 - Django may not be set up yet; the drop below forces it anyway
            pass
        drop_database(name)
        shutil.rmtree(var_dir, ignore_errors=True)
