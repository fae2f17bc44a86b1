"""The public verification of hallmarked articles is rate-limited per client IP (django-ratelimit), one
budget shared by the page and the API: `HALLMARK_VERIFY_RATE` lookups per client, e.g. "30/m".

The client IP is REMOTE_ADDR unless `RATELIMIT_IP_META_KEY` names the header a reverse proxy sets; counters
live in the default cache, so several worker processes share them only with a shared cache (`CACHE_URL`).
"""

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from rest_framework.throttling import BaseThrottle

GROUP = "hallmarks.verify"


def _rate(group, request) -> str:
    # Read at each request, so the limit follows the settings (and override_settings in tests).
    return settings.HALLMARK_VERIFY_RATE


def verify_limited(request) -> bool:
    """Count one lookup by this client; True once it is over the limit."""
    return is_ratelimited(request, group=GROUP, key="ip", rate=_rate, increment=True)


class VerifyThrottle(BaseThrottle):
    """The same budget for the API's public lookup; DRF answers 429 when it is spent."""

    def allow_request(self, request, view) -> bool:
        return not verify_limited(request._request)
