"""The technician's lists at a million items, served as in production, beside the floor of the same server.

gunicorn (2 sync workers, the machine's 2 cores, bound to 127.0.0.1 only) serves the product against
`synama_bench` (1,000,103 items, `bench/generate.py`) with DEBUG off and the bench settings
(`bench/settings.py`: the product's settings plus `bench/floor_urls.py`, which adds two floor views). 16
concurrent clients (Python threads, http.client, a new connection per request as a sync worker closes it),
each logged in as the demo technician `tech.alm` through the login page, request one page for a bounded
time; the latencies give p50/p95/p99 and the throughput. Target: list p95 ≤ 150 ms.

Pages (the laboratory is ALM, the technician's own; the scope is the product's selectors):
- the item list a technician finds items with: the batch worksheet `/assay/worksheet/`, open items of the
  laboratory by category and status (its default filter is "registered"), 25 to a page with entry forms,
  and the same page searched by a lab number;
- the application list `/applications/` filtered by status and purpose, and searched by applicant name.
Floors, on the same server and middleware: `/bench/floor/` (answers "ok", no session, no database) and
`/bench/floor/auth/` (reads the session and the user, then answers "ok").

    .venv/bin/python bench/bench_list.py [seconds per page, default 15] [think time, default 0]

With no think time (the default) the 16 clients measure capacity: each sends its next request the moment
the last one returns. With a think time (e.g. 1: each client pauses 0.5-1.5 s between requests, like 16
technicians at work) they measure the latency people see at that rate.

gunicorn is stopped at the end, also on error or Ctrl-C. The logins add sessions to synama_bench's
django_session, removed again by logging out; no other row is written. Never in tests.
"""

import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Row, load, print_table, ratio  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "postgres://postgres@127.0.0.1:5432/synama_bench"
HOST = "127.0.0.1"
CLIENTS = 16
WORKERS = 2
USERNAME, PASSWORD = "tech.alm", "synama-demo-2026"  # the demo's technician (seed_demo)
TARGET_P95 = 0.150  # s


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def request(port: int, method: str, path: str, headers: dict | None = None, body: str | None = None):
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def cookies_of(headers) -> dict:
    jar = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return {key: morsel.value for key, morsel in jar.items()}


def csrf_token(html: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()


def login(port: int) -> str:
    """Log in through the login page as a browser would; returns the Cookie header of the session."""
    status, headers, html = request(port, "GET", "/login/")
    csrf = cookies_of(headers)["csrftoken"]
    form = urllib.parse.urlencode(
        {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(html)}
    )
    status, headers, _ = request(
        port,
        "POST",
        "/login/",
        {"Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"},
        form,
    )
    session = cookies_of(headers).get("sessionid")
    if status != 302 or not session:
        raise SystemExit(f"login as {USERNAME} failed: {status}")
    return f"csrftoken={csrf}; sessionid={session}"


def logout(port: int, cookie: str) -> None:
    status, _, html = request(port, "GET", "/applications/", {"Cookie": cookie})
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf_token(html)})
    request(
        port,
        "POST",
        "/logout/",
        {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        form,
    )


def search_values() -> tuple[str, str]:
    """A lab number of one of ALM's open jewelry items and a producer's name, from the data set."""
    import psycopg

    with psycopg.connect(DATABASE) as connection:
        (lab_number,) = connection.execute(
            "SELECT i.lab_number FROM intake_item i JOIN intake_application a ON a.id = i.application_id "
            "WHERE i.organization_id = 1 AND a.status IN ('received', 'in_testing') "
            "AND i.category = 'jewelry' "
            "ORDER BY i.id DESC LIMIT 1 OFFSET 500"
        ).fetchone()
    return lab_number, "Producer 0042"


def load_test(port: int, path: str, cookies: list[str], seconds: float, think: float = 0.0) -> dict:
    """CLIENTS threads request `path` for `seconds`, back to back or, with `think`, pausing a random
    0.5-1.5 × `think` seconds between requests as people do; latencies of the completed requests."""
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    errors = [0] * CLIENTS
    deadline = time.perf_counter() + seconds
    barrier = threading.Barrier(CLIENTS)

    def client(index: int) -> None:
        headers = {"Cookie": cookies[index]}
        pauses = random.Random(index)  # noqa: S311 - pauses, not secrets
        barrier.wait()
        if think:
            time.sleep(pauses.uniform(0, think))  # spread the first requests
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            status, _, _ = request(port, "GET", path, headers)
            if status == 200:
                latencies[index].append(time.perf_counter() - started)
            else:
                errors[index] += 1
            if think:
                time.sleep(pauses.uniform(0.5 * think, 1.5 * think))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latency for per_client in latencies for latency in per_client)
    if not ordered:
        raise SystemExit(f"{path}: no request succeeded ({sum(errors)} errors)")

    def rank(p: float) -> float:  # nearest rank
        return ordered[min(len(ordered) - 1, max(0, int(round(p * len(ordered) + 0.5)) - 1))]

    return {
        "n": len(ordered),
        "errors": sum(errors),
        "p50": rank(0.50),
        "p95": rank(0.95),
        "p99": rank(0.99),
        "max": ordered[-1],
        "rps": len(ordered) / elapsed,
    }


def service_time(port: int, path: str, cookie: str, seconds: float = 3.0) -> float:
    """Median latency of one client alone (no queueing): what one request costs the server."""
    latencies = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(latencies) < 5:
        started = time.perf_counter()
        request(port, "GET", path, {"Cookie": cookie})
        latencies.append(time.perf_counter() - started)
    return statistics.median(latencies)


def fmt(stats: dict) -> str:
    return f"p50 {stats['p50'] * 1000:.0f} / p95 {stats['p95'] * 1000:.0f} ms, {stats['rps']:.0f}/s"


def start_server(port: int, var_dir: Path) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": DATABASE,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-not-for-production-use"),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback; no proxy in front
        "SYNAMA_VAR_DIR": str(var_dir),  # nothing is written; an empty staticfiles/ keeps whitenoise quiet
    }
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "lims.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(WORKERS),
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
        "--backlog",
        "256",
        "--timeout",
        "120",
    ]
    return subprocess.Popen(command, env=environment, cwd=ROOT)  # noqa: S603 - our own gunicorn, fixed args


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            if request(port, "GET", "/bench/floor/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("gunicorn did not answer within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()  # the master stops its workers
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main(seconds: float, think: float) -> None:
    print(f"before: {load()}")
    lab_number, producer = search_values()
    pages = [
        ("floor: bare view", "/bench/floor/", None),
        ("floor: logged-in view (session + user)", "/bench/floor/auth/", None),
        (
            "item list: worksheet, jewelry, registered",
            "/assay/worksheet/?category=jewelry&status=registered",
            1,
        ),
        ("item search: worksheet by lab number", f"/assay/worksheet/?lab_number={lab_number}", 1),
        ("application list: in testing, domestic", "/applications/?status=in_testing&purpose=domestic", 0),
        (f"application search: «{producer}»", f"/applications/?q={urllib.parse.quote_plus(producer)}", 0),
    ]
    port = free_port()
    var_dir = Path(tempfile.mkdtemp(prefix="bench-list-"))
    (var_dir / "staticfiles").mkdir()
    server = start_server(port, var_dir)
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = {}
    try:
        wait_until_up(port, server)
        cookies = [login(port) for _ in range(CLIENTS)]
        for label, path, _ in pages:
            for cookie in cookies[:4]:  # warm each worker's imports, templates and connection
                status, _, body = request(port, "GET", path, {"Cookie": cookie})
                if status != 200:
                    raise SystemExit(f"{path}: {status}")
            alone = service_time(port, path, cookies[0])
            results[label] = stats = load_test(port, path, cookies, seconds, think)
            stats["alone"] = alone
            print(
                f"{label:<44} 1 client: {alone * 1000:5.1f} ms | {CLIENTS} clients: {stats['n']:5} requests, "
                f"{fmt(stats)}, p99 {stats['p99'] * 1000:.0f} ms, max {stats['max'] * 1000:.0f} ms, "
                f"errors {stats['errors']} ({len(body) / 1024:.0f} kB)"
            )
        for cookie in cookies:
            logout(port, cookie)
    finally:
        stop_server(server)
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(var_dir, ignore_errors=True)
    bare, logged_in = results[pages[0][0]], results[pages[1][0]]
    rows = []
    for label, _, _ in pages[2:]:
        stats = results[label]
        rows.append(
            Row(
                label,
                fmt(stats),
                f"logged-in floor {fmt(logged_in)}",
                ratio(stats["p95"], logged_in["p95"]),
                f"p95 ≤ {TARGET_P95 * 1000:.0f} ms",
                stats["p95"] <= TARGET_P95,
            )
        )
    note = (
        f"{CLIENTS} clients"
        f"{f', pausing about {think:g} s between requests' if think else ' with no think time'}, "
        f"{WORKERS} gunicorn sync workers, {seconds:.0f} s a page; "
        f"the ratio is of p95s; bare floor {fmt(bare)}."
    )
    if not think:
        note += (
            f"\nWith {CLIENTS} clients and no think time a page's p50 is about {CLIENTS} / throughput "
            f"(Little's law): p95 ≤ {TARGET_P95 * 1000:.0f} ms needs about "
            f"{CLIENTS / TARGET_P95:.0f} pages/s from {WORKERS} cores, i.e. ≤ "
            f"{WORKERS * TARGET_P95 / CLIENTS * 1000:.0f} ms of a core per page "
            f"(PostgreSQL and the clients included)"
        )
    print_table(
        rows,
        note=note,
        measure="p50 / p95, throughput",
    )
    print(f"after: {load()}")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 15, float(sys.argv[2]) if len(sys.argv) > 2 else 0.0)
