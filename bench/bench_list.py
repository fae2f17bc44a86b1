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

import random
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Row, load, print_table, ratio  # noqa: E402
from _http import (  # noqa: E402
    DATABASE,
    free_port,
    login,
    logout,
    rank,
    request,
    server_environment,
    start_server,
    stop,
    wait_until_up,
)

CLIENTS = 16
WORKERS = 2
USERNAME = "tech.alm"  # the demo's technician (seed_demo)
TARGET_P95 = 0.150  # s


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

    return {
        "n": len(ordered),
        "errors": sum(errors),
        "p50": rank(ordered, 0.50),
        "p95": rank(ordered, 0.95),
        "p99": rank(ordered, 0.99),
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
        ("item list (API): jewelry, registered", "/api/v1/items/?category=jewelry&status=registered", 0),
        ("item search (API): lab number", f"/api/v1/items/?lab_number={lab_number}", 0),
        ("application list: in testing, domestic", "/applications/?status=in_testing&purpose=domestic", 0),
        (f"application search: «{producer}»", f"/applications/?q={urllib.parse.quote_plus(producer)}", 0),
    ]
    port = free_port()
    var_dir = Path(tempfile.mkdtemp(prefix="bench-list-"))
    (var_dir / "staticfiles").mkdir()
    # Nothing is written; an empty staticfiles/ keeps whitenoise quiet.
    server = start_server(port, server_environment(var_dir), WORKERS)
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = {}
    try:
        wait_until_up(port, server)
        cookies = [login(port, USERNAME) for _ in range(CLIENTS)]
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
        stop(server)
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
