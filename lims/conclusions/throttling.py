"""Public verification of conclusions is rate-limited per client address (django-ratelimit), one budget for
lookups by QR token and by number and code: `CONCLUSION_VERIFY_RATE`, e.g. "30/m". See
`lims.hallmarks.throttling` for how the client address and the shared cache are configured."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited

GROUP = "conclusions.verify"


def _rate(group, request) -> str:
    return settings.CONCLUSION_VERIFY_RATE


def verify_limited(request) -> bool:
    """Count one lookup by this client; True once it is over the limit."""
    return is_ratelimited(request, group=GROUP, key="ip", rate=_rate, increment=True)
