"""HTTP plumbing shared by the benchmarks that talk to a real server (`bench_list.py`, `load.py`): a
gunicorn of the product on a free port of 127.0.0.1 (never another interface), requests with the standard
library's http.client (a new connection each, as gunicorn's sync workers close them), logging in through
the login page as a browser would, and percentiles by nearest rank."""

import http.client
import os
import re
import socket
import subprocess
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "postgres://postgres@127.0.0.1:5432/synama_bench"
HOST = "127.0.0.1"
PASSWORD = "synama-demo-2026"  # noqa: S105 - the demo people's (seed_demo), also in synama_bench


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def request(port: int, method: str, path: str, headers: dict | None = None, body: str | bytes | None = None):
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
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


def login(port: int, username: str, password: str = PASSWORD) -> str:
    """Log in through the login page; returns the Cookie header of the session (with its CSRF cookie)."""
    status, headers, html = request(port, "GET", "/login/")
    csrf = cookies_of(headers)["csrftoken"]
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(html)}
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
        raise SystemExit(f"login as {username} failed: {status}")
    return f"csrftoken={csrf}; sessionid={session}"


def post_form(port: int, path: str, cookie: str, fields: dict | None = None):
    """POST a form as the page does: the CSRF token from the session's cookie, in the form and the header."""
    csrf = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **(fields or {})})
    headers = {
        "Cookie": cookie,
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://{HOST}:{port}/",
        "X-CSRFToken": csrf,
    }
    return request(port, "POST", path, headers, form)


def logout(port: int, cookie: str) -> None:
    post_form(port, "/logout/", cookie)


def rank(ordered: list[float], p: float) -> float:
    """The p-th percentile of sorted values, by nearest rank."""
    return ordered[min(len(ordered) - 1, max(0, int(round(p * len(ordered) + 0.5)) - 1))]


def server_environment(var_dir: Path, **extra: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": DATABASE,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-not-for-production-use"),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback; no proxy in front
        "SYNAMA_VAR_DIR": str(var_dir),
        **extra,
    }


def start_server(port: int, environment: dict, workers: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "lims.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
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


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # gunicorn's master and celery's main process stop their workers
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
