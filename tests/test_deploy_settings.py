"""Production settings: `check --deploy` is clean when configured, and refuses what is missing."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7#kd9!" * 10,
    "ALLOWED_HOSTS": "synama.example.kz",
    "CACHE_URL": "redis://127.0.0.1:6379/1",  # only named: the checks do not connect
    "DJANGO_SETTINGS_MODULE": "lims.settings",
}


def manage(*args, without=(), **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", *without)}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_when_configured_for_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_asks_for_a_shared_cache_for_the_rate_limits():
    production = {key: value for key, value in PRODUCTION.items() if key != "CACHE_URL"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", without=("CACHE_URL",), **production)
    assert result.returncode != 0 and "synama.W001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", without=("SECRET_KEY",), DEBUG="0")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
