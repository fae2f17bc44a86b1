"""`check --deploy`: what production needs beyond Django's own security checks."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def shared_cache_for_rate_limits(app_configs, **kwargs):
    """Failed-login and public-verification budgets are counted in the default cache: with the in-process
    cache each worker counts on its own, so an attacker gets the budget once per worker."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "Rate limits are counted per worker process.",
                hint="Set CACHE_URL to a Redis shared by every worker (e.g. redis://127.0.0.1:6379/1).",
                id="synama.W001",
            )
        ]
    return []
