"""Failed logins are rate-limited (django-ratelimit), on the web page and for API tokens alike, two budgets:

- per username, `LOGIN_FAILURES_PER_USER` (e.g. "10/15m"): guessing one person's password stops whatever
  the addresses;
- per client address, `LOGIN_FAILURES_PER_IP` (e.g. "50/15m"): trying many usernames from one place stops.

Only failures count, so a person who logs in right is never held up; while a budget is spent, even the right
password is refused (429) until the window passes. Counters live in the default cache: several worker
processes share them only with a shared cache (`CACHE_URL`, which `check --deploy` asks for). The client
address is REMOTE_ADDR unless `RATELIMIT_IP_META_KEY` names the header a reverse proxy sets.
"""

from django.conf import settings
from django_ratelimit.core import get_usage

GROUP = "accounts.login"


def _username(group, request) -> str:
    return (request.POST.get("username") or "").strip().casefold()


def _per_user(group, request) -> str:
    return settings.LOGIN_FAILURES_PER_USER


def _per_ip(group, request) -> str:
    return settings.LOGIN_FAILURES_PER_IP


BUDGETS = ((f"{GROUP}.user", _username, _per_user), (f"{GROUP}.ip", "ip", _per_ip))


def login_blocked(request) -> bool:
    """True once this username or this client has failed as many times as its budget allows."""
    for group, key, rate in BUDGETS:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:  # None: the cache failed, fail open
            return True
    return False


def login_failed(request) -> None:
    """Count one failed login against the username and the client."""
    for group, key, rate in BUDGETS:
        get_usage(request, group=group, key=key, rate=rate, increment=True)
