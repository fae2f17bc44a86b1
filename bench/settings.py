"""Settings of the gunicorn that bench/bench_list.py starts: the product's own settings, production-like
(DEBUG off, set by the environment before this import), with the bench URLconf that adds the floor views.
Bench-only; never deployed.

Static names are served unhashed: production's manifest storage needs `collectstatic`, not run in this
checkout, and the pages timed here only name a handful of static files.
"""

from lims.settings import *  # noqa: F403
from lims.settings import STORAGES

ROOT_URLCONF = "bench.floor_urls"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
