"""Load test: a laboratory's working day, compressed, against the product as deployed, on loopback only.

gunicorn (the product with DEBUG off, bound to 127.0.0.1) and a real Celery worker (prefork, one process
by default; Redis at 127.0.0.1:6379 db 14 as the broker) against `synama_bench` on PostgreSQL (1,000,000
items from `bench/generate.py`, so every list and aggregate runs at national scale). Mixed workload,
Python threads with the standard library's http.client, every request timed:

- **bench pipelines** (technicians and heads, the path every article takes): register an application of
  1-10 gold rings through `POST /api/v1/applications/` (token), record a fire assay per item
  (`POST /api/v1/results/`), a colleague verifies each result, the technician prepares the conclusion and
  the colleague reviews it on the pages, the head signs and issues it; the worker then renders its PDF.
  Three at ALM (tech.alm, tech2.alm, head.alm) and one at AST (tech.ast, head.ast);
- **technicians at their lists**: the application list, the batch worksheet and a lab-number search,
  pausing 1-3 s between pages;
- **managers** (head.alm, head.ast): the dashboard (its default period) and a drill-down (conclusions six
  working days late), pausing 3-6 s;
- **applicants** (applicant.altyn, applicant.ivanov, for whom the pipelines register): their application
  list, then each new conclusion's PDF status until it is ready, and the PDF itself, pausing 1-2 s.

End to end is registration started → the applicant holds the PDF. Reported: items/s sustained end to end
(items whose PDF the applicant downloaded within the run, over the run's length), the same for the other
stages, and p50/p95 per kind of request and over all of them. Targets none given by the issue beyond the
list target (p95 ≤ 150 ms); the figures are in docs/BENCHMARKS.md.

    .venv/bin/python bench/load.py [seconds, default 120] [PDF worker processes, default 1]

It writes into synama_bench what the product writes for the work done (applications, items, results,
conclusions, audit events, sessions, tokens) and leaves it there; the PDFs go to a temporary directory,
removed at the end. gunicorn and the worker are stopped at the end, also on error or Ctrl-C. Never in tests.
"""

import json
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import load  # noqa: E402
from _http import (  # noqa: E402
    DATABASE,
    PASSWORD,
    ROOT,
    free_port,
    login,
    post_form,
    rank,
    request,
    server_environment,
    start_server,
    stop,
    wait_until_up,
)

from lims.assay.samples import fire_assay  # noqa: E402 - pure, no Django

BROKER = "redis://127.0.0.1:6379/14"
WORKERS = 2  # gunicorn sync workers: the machine's cores
PIPELINES = [("tech.alm", "tech2.alm", "head.alm")] * 3 + [("tech.ast", "head.ast", "head.ast")]
BROWSING_TECHNICIANS = ["tech.alm", "tech2.alm", "tech.ast"]
MANAGERS = ["head.alm", "head.ast"]
APPLICANTS = ["applicant.altyn", "applicant.ivanov"]


class Recorder:
    """Every request's latency by kind, and the milestones of each application, shared by the threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.errors = defaultdict(list)
        self.stages = defaultdict(int)  # stage -> items that reached it
        self.end_to_end = []  # seconds from registration to the PDF in the applicant's hands, per application

    def _timed(self, kind: str, ok, send, what: str):
        started = time.perf_counter()
        status, headers, content = send()
        elapsed = time.perf_counter() - started
        with self.lock:
            self.latencies[kind].append(elapsed)
            if status not in ok:
                self.errors[kind].append(f"{status} {what}: {content[:200]!r}")
        return status, headers, content

    def call(self, kind: str, port: int, method: str, path: str, headers=None, body=None, ok=(200, 201, 302)):
        return self._timed(kind, ok, lambda: request(port, method, path, headers, body), f"{method} {path}")

    def form(self, kind: str, port: int, path: str, cookie: str, fields=None):
        """A page's form posted; it answers with a redirect when it succeeds."""
        return self._timed(kind, (302,), lambda: post_form(port, path, cookie, fields), f"POST {path}")

    def reached(self, stage: str, items: int):
        with self.lock:
            self.stages[stage] += items


def token(port: int, username: str) -> str:
    body = json.dumps({"username": username, "password": PASSWORD})
    status, _, content = request(port, "POST", "/api/v1/token/", {"Content-Type": "application/json"}, body)
    if status != 200:
        raise SystemExit(f"token for {username}: {status} {content[:200]!r}")
    return json.loads(content)["token"]


def applicants_of_users() -> dict[str, tuple[str, str]]:
    """The applicant (kind, BIN/IIN) each demo applicant user acts for."""
    import psycopg

    with psycopg.connect(DATABASE) as connection:
        rows = connection.execute(
            "SELECT u.username, a.kind, a.identifier FROM accounts_user u "
            "JOIN intake_applicant a ON a.id = u.applicant_id WHERE u.username = ANY(%s)",
            [APPLICANTS],
        ).fetchall()
    return {username: (kind, identifier) for username, kind, identifier in rows}


def location_pk(headers) -> int:
    location = {name.lower(): value for name, value in headers}["location"]
    return int(re.search(r"/conclusions/(\d+)/", location).group(1))


class Run:
    def __init__(self, port: int, seconds: float):
        self.port = port
        self.deadline = time.perf_counter() + seconds
        self.started = time.perf_counter()
        self.record = Recorder()
        self.tokens: dict[str, str] = {}
        self.sessions: dict[str, str] = {}
        self.applicants = applicants_of_users()
        self.issued = defaultdict(list)  # applicant user -> [(conclusion pk, items, registration started)]
        self.issued_lock = threading.Lock()

    def live(self) -> bool:
        return time.perf_counter() < self.deadline

    def api(self, user: str, kind: str, method: str, path: str, payload=None, ok=(200, 201)):
        headers = {"Authorization": f"Token {self.tokens[user]}", "Accept-Language": "en"}
        body = None
        if payload is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(payload)
        status, _, content = self.record.call(kind, self.port, method, path, headers, body, ok)
        return status, (json.loads(content) if content and status in ok else None)

    def page(self, user: str, kind: str, path: str):
        return self.record.call(kind, self.port, "GET", path, {"Cookie": self.sessions[user]}, ok=(200,))

    # --- the actors ---------------------------------------------------------------------------------------

    def pipeline(self, index: int, technician: str, colleague: str, head: str) -> None:
        chance = random.Random(index)  # noqa: S311 - a workload, not secrets
        while self.live():
            applicant = APPLICANTS[chance.randrange(len(APPLICANTS))]
            kind, identifier = self.applicants[applicant]
            count = chance.randint(1, 10)
            items = [
                {
                    "category": "jewelry",
                    "description": "Ring, 585 gold",
                    "gross_mass_g": f"{chance.uniform(1.5, 9.5):.3f}",
                    "declared_metal": "Au",
                    "declared_fineness": "585.0",
                }
                for _ in range(count)
            ]
            begun = time.perf_counter()
            status, application = self.api(
                technician,
                "api: register application",
                "POST",
                "/api/v1/applications/",
                {
                    "applicant_kind": kind,
                    "applicant_identifier": identifier,
                    "purpose": "domestic",
                    "items": items,
                },
            )
            if status != 201:
                continue
            self.record.reached("registered", count)
            _, listed = self.api(
                technician,
                "api: items of an application",
                "GET",
                f"/api/v1/items/?application={application['number']}",
            )
            results = []
            for item in listed["results"]:
                fineness = Decimal(chance.choice(["585.4", "585.9", "586.2", "585.1"]))
                status, result = self.api(
                    technician,
                    "api: record a result",
                    "POST",
                    "/api/v1/results/",
                    {"item": item["id"], "method": "iso11426", "raw": fire_assay(fineness)},
                )
                if status == 201:
                    results.append(result["id"])
            for result in results:
                self.api(colleague, "api: verify a result", "POST", f"/api/v1/results/{result}/verify/")
            self.record.reached("tested", len(results))
            status, headers, _ = self.record.form(
                "page: prepare conclusion",
                self.port,
                f"/conclusions/prepare/{application['id']}/",
                self.sessions[technician],
                {"languages": "kk-ru"},
            )
            try:
                conclusion = location_pk(headers)
            except (KeyError, AttributeError):
                continue
            for step, user in (("review", colleague), ("sign", head), ("issue", head)):
                self.record.form(
                    f"page: {step} conclusion",
                    self.port,
                    f"/conclusions/{conclusion}/{step}/",
                    self.sessions[user],
                )
            self.record.reached("issued", count)
            with self.issued_lock:
                self.issued[applicant].append((conclusion, count, begun))

    def browsing_technician(self, index: int, user: str, lab_numbers: list[str]) -> None:
        chance = random.Random(100 + index)  # noqa: S311
        pages = [
            ("page: application list", "/applications/?status=in_testing"),
            ("page: batch worksheet", "/assay/worksheet/?category=jewelry&status=registered"),
        ]
        while self.live():
            kind, path = chance.choice(pages)
            if chance.random() < 0.3 and lab_numbers:
                kind, path = (
                    "page: worksheet by lab number",
                    f"/assay/worksheet/?lab_number={chance.choice(lab_numbers)}",
                )
            self.page(user, kind, path)
            time.sleep(chance.uniform(1, 3))

    def manager(self, index: int, user: str) -> None:
        chance = random.Random(200 + index)  # noqa: S311
        while self.live():
            self.page(user, "page: dashboard", "/dashboard/")
            time.sleep(chance.uniform(3, 6))
            if not self.live():
                break
            self.page(user, "page: dashboard drill-down", "/dashboard/applications/?chart=turnaround&bar=6")
            time.sleep(chance.uniform(3, 6))

    def applicant(self, index: int, user: str) -> None:
        chance = random.Random(300 + index)  # noqa: S311
        while self.live():
            self.page(user, "page: applicant's applications", "/applications/")
            with self.issued_lock:
                waiting, self.issued[user] = self.issued[user], []
            for conclusion, count, begun in waiting:
                if not self.live():
                    break
                status, _, content = self.page(user, "page: PDF status", f"/conclusions/{conclusion}/status/")
                if status == 200 and json.loads(content)["status"] == "ready":
                    status, _, pdf = self.page(
                        user, "page: download PDF", f"/conclusions/{conclusion}/download/"
                    )
                    if status == 200 and pdf.startswith(b"%PDF"):
                        self.record.reached("in the applicant's hands", count)
                        with self.record.lock:
                            self.record.end_to_end.append(time.perf_counter() - begun)
                        continue
                with self.issued_lock:  # not ready yet: ask again next round
                    self.issued[user].append((conclusion, count, begun))
            time.sleep(chance.uniform(1, 2))


def lab_numbers() -> list[str]:
    import psycopg

    with psycopg.connect(DATABASE) as connection:
        rows = connection.execute(
            "SELECT lab_number FROM intake_item WHERE organization_id = 1 ORDER BY id DESC LIMIT 200"
        ).fetchall()
    return [lab_number.lower() for (lab_number,) in rows]


def start_worker(environment: dict, log: Path, processes: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv/bin/celery"),
        "-A",
        "lims",
        "worker",
        "--pool=prefork",
        f"--concurrency={processes}",
        "--loglevel=WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return subprocess.Popen(  # noqa: S603 - our own worker, fixed args
        command, env=environment, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def purge_broker() -> None:
    import redis

    redis.Redis.from_url(BROKER).flushdb()  # a previous run's unrendered tasks


def report(run: Run, seconds: float) -> None:
    record = run.record

    def line(kind: str, ordered: list[float], errors: int) -> str:
        p50, p95, top = (value * 1000 for value in (rank(ordered, 0.5), rank(ordered, 0.95), ordered[-1]))
        return f"{kind:<36} {len(ordered):>6} {p50:>8.0f} {p95:>8.0f} {top:>8.0f} {errors:>6}"

    print(f"\n{'kind of request':<36} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>6}")
    every = []
    for kind in sorted(record.latencies):
        ordered = sorted(record.latencies[kind])
        every.extend(ordered)
        print(line(kind, ordered, len(record.errors[kind])))
    print(line("all requests", sorted(every), sum(len(e) for e in record.errors.values())))
    print(f"\nitems per second over {seconds:.0f} s, sustained:")
    for stage in ("registered", "tested", "issued", "in the applicant's hands"):
        print(f"  {stage:<26} {record.stages[stage]:>6} items  {record.stages[stage] / seconds:6.2f} items/s")
    if record.end_to_end:
        ordered = sorted(record.end_to_end)
        print(
            f"registration → PDF downloaded, per application: p50 {rank(ordered, 0.5):.1f} s, "
            f"p95 {rank(ordered, 0.95):.1f} s ({len(ordered)} applications)"
        )
    for kind, errors in record.errors.items():
        for error in errors[:3]:
            print(f"error, {kind}: {error}")


def main(seconds: float, pdf_workers: int) -> None:
    print(f"before: {load()}")
    purge_broker()
    port = free_port()
    var_dir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    (var_dir / "staticfiles").mkdir()
    environment = server_environment(
        var_dir,
        CELERY_BROKER_URL=BROKER,
        MEDIA_ROOT=str(var_dir / "media"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    server = start_server(port, environment, WORKERS)
    worker = start_worker(
        {**environment, "DJANGO_SETTINGS_MODULE": "lims.settings"}, var_dir / "worker.log", pdf_workers
    )
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        wait_until_up(port, server)
        run = Run(port, seconds)
        people = {user for pipeline in PIPELINES for user in pipeline} | set(BROWSING_TECHNICIANS)
        people |= set(MANAGERS) | set(APPLICANTS)
        for user in sorted(people):
            run.sessions[user] = login(port, user)
            run.tokens[user] = token(port, user)
        numbers = lab_numbers()
        run.deadline = time.perf_counter() + seconds  # the clock starts when everyone is logged in
        run.started = time.perf_counter()
        threads = [
            threading.Thread(target=run.pipeline, args=(n, *people_)) for n, people_ in enumerate(PIPELINES)
        ]
        threads += [
            threading.Thread(target=run.browsing_technician, args=(n, user, numbers))
            for n, user in enumerate(BROWSING_TECHNICIANS)
        ]
        threads += [threading.Thread(target=run.manager, args=(n, user)) for n, user in enumerate(MANAGERS)]
        threads += [
            threading.Thread(target=run.applicant, args=(n, user)) for n, user in enumerate(APPLICANTS)
        ]
        print(
            f"{len(threads)} actors for {seconds:.0f} s on 127.0.0.1:{port}, {WORKERS} gunicorn workers, "
            f"{pdf_workers} Celery worker process(es) …"
        )
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - run.started
    finally:
        stop(server)
        stop(worker)
        signal.signal(signal.SIGTERM, previous)
        worker_log = (var_dir / "worker.log").read_text() if (var_dir / "worker.log").exists() else ""
        shutil.rmtree(var_dir, ignore_errors=True)
    report(run, elapsed)
    if "Traceback" in worker_log:
        print("worker log:\n" + worker_log[-3000:])
    print(f"after: {load()}")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 120, int(sys.argv[2]) if len(sys.argv) > 2 else 1)
