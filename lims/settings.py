"""One settings module, driven by environment variables.

Embedded defaults (no variable set) run on a bare machine: SQLite, Celery tasks executed eagerly in
process, e-mail printed to the console, DEBUG on. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis); see README "Configuration".
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SYNAMA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", True)
_DEV_SECRET = "django-insecure-synama-embedded-development-key-not-for-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "lims.core",
    "lims.accounts",
    "lims.intake",
    "lims.assay",
    "lims.market",
    "lims.rawgoods",
    "lims.gems",
    "lims.hallmarks",
    "lims.conclusions",
    "lims.api",
    "lims.notifications",
    "lims.control",
    "instruments",
    "lims.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "lims.urls"
WSGI_APPLICATION = "lims.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lims.notifications.context_processors.failed_deliveries",
            ],
        },
    },
]

# --- Database: SQLite embedded, PostgreSQL via DATABASE_URL -------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'synama.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Writers wait for each other instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The dashboard's covering indexes (`Index(include=...)`) are for PostgreSQL; SQLite builds them without the
# included columns, which is all the embedded database needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages: Kazakh, Russian, English ----------------------------------------------------------------
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "ru")
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
# Kazakh number and date formats (Django has none): decimal comma, as on Kazakh documents.
FORMAT_MODULE_PATH = ["lims.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Almaty")

STATIC_URL = "static/"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # plotly.js as shipped inside the pinned plotly package: charts need no CDN and no second copy.
    (
        "vendor/plotly",
        Path(importlib.util.find_spec("plotly").submodule_search_locations[0]) / "package_data",
    ),
]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Celery: Redis in production, eager in process when no broker is configured --------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# Without a broker, slow tasks (PDFs) run in a thread of the web process so no request waits on them.
EAGER_TASKS_IN_THREAD = env_bool("EAGER_TASKS_IN_THREAD", True)
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# `make beat` / `celery -A lims beat`: the deadline scan (R1) every 30 minutes.
CELERY_BEAT_SCHEDULE = {
    "scan-deadlines": {"task": "lims.core.tasks.scan_deadlines", "schedule": crontab(minute="*/30")},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Cache: in process by default; Redis via CACHE_URL (shared by workers, e.g. for rate limits) ----------
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# --- E-mail: console by default -------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "synama@localhost")
# A failed send is retried this many times (exponential back-off), then the delivery is marked failed.
NOTIFICATION_MAX_RETRIES = int(os.environ.get("NOTIFICATION_MAX_RETRIES", "3"))

# --- API ------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so unauthenticated API calls get 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Synama API",
    "DESCRIPTION": "Applications, items and results of an accredited assay and expertise laboratory.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "ApplicantKindEnum": "lims.intake.models.ApplicantKind",
        "MetalEnum": "lims.core.choices.Metal",
        "CoinOrBarEnum": "lims.assay.models.CoinOrBar",
        "ResultStatusEnum": "lims.assay.models.ResultStatus",
        "ItemStatusEnum": "lims.intake.models.ItemStatus",
        "StoneStatusEnum": "lims.gems.models.StoneStatus",
        "EvidenceKindEnum": "lims.gems.models.EvidenceKind",
        "MarkPresenceEnum": "lims.hallmarks.models.MarkPresence",
        "HallmarkingMethodEnum": "lims.hallmarks.models.HallmarkingMethod",
        "MethodEnum": "lims.assay.models.Method",
        "ControlDocumentKindEnum": "lims.control.models.DocumentKind",
        "QuantityUnitEnum": "lims.control.models.QuantityUnit",
        "GoodsCategoryEnum": "lims.control.models.GoodsCategory",
        "ExemptionGroundEnum": "lims.control.models.ExemptionGround",
        "ItemCategoryEnum": "lims.intake.models.ItemCategory",
        "ContentUnitEnum": "lims.rawgoods.models.ContentUnit",
    },
}

# --- Production hardening (active when DEBUG is off) --------------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "celery.app.trace")},
}

# --- Synama ----------------------------------------------------------------------------------------------
# R1: the conclusion is due within this many working days of the application (Law art.12 p.3).
CONCLUSION_DUE_WORKING_DAYS = 5
# Base address printed on documents (QR codes, links in e-mails).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Public verification of hallmarked articles: lookups per client IP (page and API together).
HALLMARK_VERIFY_RATE = os.environ.get("HALLMARK_VERIFY_RATE", "30/m")
# Public verification of conclusions (QR token, or number and code): lookups per client address.
CONCLUSION_VERIFY_RATE = os.environ.get("CONCLUSION_VERIFY_RATE", "30/m")
# Failed logins (web and API token) allowed per username and per client address (lims.accounts.throttling).
LOGIN_FAILURES_PER_USER = os.environ.get("LOGIN_FAILURES_PER_USER", "10/15m")
LOGIN_FAILURES_PER_IP = os.environ.get("LOGIN_FAILURES_PER_IP", "50/15m")
# Behind a reverse proxy, the request header holding the client IP (e.g. HTTP_X_REAL_IP); else REMOTE_ADDR.
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None
# State control (Decree No. 356; rules R5-R12): the authorized body named on acts and KP certificates;
# empty → the Ministry of Industry and Construction, in the document's language.
AUTHORIZED_BODY_NAME = os.environ.get("AUTHORIZED_BODY_NAME", "")
# Member states of the EAEU (ISO 3166-1): trade with them is outside import/export control.
EAEU_MEMBERS = os.environ.get("EAEU_MEMBERS", "AM,BY,KG,KZ,RU").split(",")
# Validity of a Kimberley Process certificate Kazakhstan issues on export, in calendar days; the period is
# set by each KP participant (UNVERIFIED for Kazakhstan, reference/gems-and-kimberley.md §3).
KP_CERTIFICATE_VALIDITY_DAYS = int(os.environ.get("KP_CERTIFICATE_VALIDITY_DAYS", "60"))
# Instruments (ISO/IEC 17025 §6.4): calibrations valid for fewer days than this show as expiring soon.
INSTRUMENT_EXPIRY_WARNING_DAYS = int(os.environ.get("INSTRUMENT_EXPIRY_WARNING_DAYS", "30"))
# Largest instrument result file accepted (bytes); a larger one is refused before it is read.
# Uploads of stone evidence (photos, spectra, radiographs) and of name-mark impressions.
GEM_EVIDENCE_MAX_BYTES = int(os.environ.get("GEM_EVIDENCE_MAX_BYTES", str(50 * 1024 * 1024)))
MARK_IMAGE_MAX_BYTES = int(os.environ.get("MARK_IMAGE_MAX_BYTES", str(10 * 1024 * 1024)))
INSTRUMENT_FILE_MAX_BYTES = int(os.environ.get("INSTRUMENT_FILE_MAX_BYTES", str(20 * 1024 * 1024)))
# Lines of an instrument file recorded per transaction (the import's progress moves after each).
INSTRUMENT_IMPORT_CHUNK = int(os.environ.get("INSTRUMENT_IMPORT_CHUNK", "50"))
