"""Integra settings: one module, configured by environment variables.

Every variable is read through a small typed helper that fails loudly on a bad value.
"""

from __future__ import annotations

import gc
import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from integra.core import mailurl

# Start-up (issue 26: every start ≤ 1 s): loading Django, the apps, the models and every URL allocates about a
# million objects that live as long as the process, and with Python's default threshold (a young-generation
# collection every 700 allocations) the cycle collector walked them 290 times: 0.1 s, 15 % of the CPU time of
# every command and app process. Every 50,000 allocations it costs 0.04 s; a request's collections stay a few
# per cent of its CPU time either way (0.3 ms of 15 ms, measured over bench/load.py's screens).
gc.set_threshold(50_000, 10, 10)

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("INTEGRA_VAR_DIR", PROJECT_DIR / "var"))


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("INTEGRA_DEBUG", False)
_DEV_SECRET = "integra-dev-only-secret-key-never-use-in-production-0123456789abcdef"
SECRET_KEY = env_str("INTEGRA_SECRET_KEY", _DEV_SECRET)
if SECRET_KEY == _DEV_SECRET and env_bool("INTEGRA_PRODUCTION", False):
    raise ImproperlyConfigured("INTEGRA_SECRET_KEY must be set in production")
ALLOWED_HOSTS = env_list("INTEGRA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("INTEGRA_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "integra.core.views.csrf_failure"  # „the form has expired”, in Polish

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # the widget templates, for FORM_RENDERER below
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "integra.core",
    "integra.institutions",
    "integra.accounts",
    "integra.jobs",
    "integra.people",
    "integra.projects",
    "integra.recruitment",
    "integra.casework",
    "integra.support",
    "integra.outcomes",
    "integra.finance",
    "integra.reports",
    "integra.planning",
    "integra.privacy",
    "integra.outreach",
    "integra.today",
    "integra.api",
    "integra.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "integra.core.nostore.NoStoreMiddleware",  # Cache-Control: no-store on everything but static files
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "integra.core.sessions.SessionRefreshMiddleware",  # the idle expiry, written only when it moves > 1 minute
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "integra.core.nulchars.RefuseNulCharactersMiddleware",  # a NUL in a query: 400, never PostgreSQL's 500
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "integra.institutions.middleware.ActiveMembershipMiddleware",
    "integra.accounts.twofactor.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "integra.urls"
WSGI_APPLICATION = "integra.wsgi.application"
ASGI_APPLICATION = "integra.asgi.application"

# Every form field is drawn by one template, integra/templates/forms/field.html: label, required mark,
# errors and help text, each linked to the field (WCAG 1.3.1, 3.3.1, 3.3.2).
FORM_RENDERER = "integra.core.forms.IntegraFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "integra.core.context_processors.integra",
            ],
        },
    },
]

# Database: embedded SQLite under var/ unless DATABASE_URL names another.
DEFAULT_SQLITE = VAR_DIR / "integra.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("INTEGRA_DB_CONN_MAX_AGE", 0))}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DEFAULT_SQLITE)}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["TEST"] = (
        {"NAME": os.environ.get("INTEGRA_TEST_SQLITE", "")} if os.environ.get("INTEGRA_TEST_SQLITE") else {}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT spends seconds compiling a regional report query that then runs in two (bench/RESULTS.md).
    # Parallel workers only for a query worth ten times the default setup cost: a screen's page of 25 (the project
    # page's people in Polish order: 0.1 ms through the index) was planned with two workers that cost more than the
    # query (its estimate of the project's people among the centre's is 20 times too low); regional reports still
    # get their workers.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off -c parallel_setup_cost=10000")
# PgBouncer in transaction mode: no server-side cursors (they need the same server connection throughout).
if env_bool("INTEGRA_PGBOUNCER", False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

# Reporting replica (integra.core.replica): reports, dashboards and exports read a streaming replica.
REPLICA_URL = os.environ.get("INTEGRA_REPLICA_URL", "")
INTEGRA_REPLICA_MAX_LAG_SECONDS = env_int("INTEGRA_REPLICA_MAX_LAG_SECONDS", 300)
if REPLICA_URL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("INTEGRA_REPLICA_URL needs DATABASE_URL to be PostgreSQL")
    replica = dj_database_url.parse(REPLICA_URL, conn_max_age=env_int("INTEGRA_DB_CONN_MAX_AGE", 0))
    if replica["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("INTEGRA_REPLICA_URL must be a PostgreSQL URL (postgres://...)")
    replica.setdefault("OPTIONS", {}).update(
        {
            # A report query the replica runs longer than this is cancelled, and the report runs on the primary.
            "options": f"-c jit=off -c statement_timeout={env_int('INTEGRA_REPLICA_STATEMENT_TIMEOUT', 30)}s",
            # A replica that is down must not hold a report for long: it falls back to the primary.
            "connect_timeout": env_int("INTEGRA_REPLICA_CONNECT_TIMEOUT", 2),
        }
    )
    replica["DISABLE_SERVER_SIDE_CURSORS"] = DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS", False)
    # Tests: the replica alias reads the primary's test database (the real-replica tests re-point it).
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = replica
    DATABASE_ROUTERS = ["integra.core.replica.ReportingRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "integra.accounts.backends.ModelBackend",  # Django's, the signed-in user read by SQL compiled once
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "today:start"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in throttling (django-axes), counted in the database (shared by every app server): an account is
# locked from the address it was guessed from, for a cool-off, so nobody can lock a whole office behind one
# address nor a named colleague for good; an administrator unlocks at once (integra.accounts.lockouts).
AXES_FAILURE_LIMIT = env_int("INTEGRA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("INTEGRA_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Axes' database handler, plus a browser the account has used judged by its own failures and a slowdown per
# account across every address (integra.accounts.lockouts); tries during a lockout neither count nor extend it.
AXES_HANDLER = "integra.accounts.lockouts.SignInHandler"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
INTEGRA_LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("INTEGRA_LOGIN_ACCOUNT_FAILURE_LIMIT", 10)
INTEGRA_LOGIN_ACCOUNT_DELAY_SECONDS = env_int("INTEGRA_LOGIN_ACCOUNT_DELAY_SECONDS", 60)
# The client's address: X-Forwarded-For only from the proxies listed here (integra.core.clientip).
INTEGRA_TRUSTED_PROXIES = env_list("INTEGRA_TRUSTED_PROXIES", [])
for _proxy in INTEGRA_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _exc:
        raise ImproperlyConfigured(f"INTEGRA_TRUSTED_PROXIES: {_proxy!r} is not an address or network") from _exc
AXES_CLIENT_IP_CALLABLE = "integra.core.clientip.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# Two-factor sign-in (django-otp TOTP + recovery codes): required for the roles in
# integra.core.roles.TWO_FACTOR_REQUIRED_ROLES and superusers; optional for everyone else.
INTEGRA_TWO_FACTOR_REQUIRED = env_bool("INTEGRA_TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "Integra"
OTP_TOTP_THROTTLE_FACTOR = 1

# Sessions expire after inactivity (seconds); the UI warns before. Not saved on every request: the expiry is
# written when it moves by more than a minute (integra.core.sessions.SessionRefreshMiddleware).
SESSION_COOKIE_AGE = env_int("INTEGRA_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_WARNING_SECONDS = env_int("INTEGRA_SESSION_WARNING_SECONDS", 120)

HTTPS = env_bool("INTEGRA_HTTPS", not DEBUG and env_bool("INTEGRA_PRODUCTION", False))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("INTEGRA_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("INTEGRA_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Warsaw"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the shared CSS/JS and vendored htmx/Pico
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Upload limits: a clear message instead of a server error.
INTEGRA_MAX_UPLOAD_BYTES = env_int("INTEGRA_MAX_UPLOAD_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = INTEGRA_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Access-log retention (days) and the list page size.
INTEGRA_ACCESS_LOG_RETENTION_DAYS = env_int("INTEGRA_ACCESS_LOG_RETENTION_DAYS", 365 * 2)
# Default retention of a project's personal data when Project.retention_until is empty: until 31 December
# of the project's last year plus this many years (EU funds: 5); `integra anonymise` applies it.
INTEGRA_RETENTION_YEARS = env_int("INTEGRA_RETENTION_YEARS", 5)
INTEGRA_PAGE_SIZE = env_int("INTEGRA_PAGE_SIZE", 25)
# The DPO's start page flags an account that opened more than this many participant pages in one day.
INTEGRA_UNUSUAL_ACCESS_PER_DAY = env_int("INTEGRA_UNUSUAL_ACCESS_PER_DAY", 50)
# ... and lists the consents given for a period that end within this many days.
INTEGRA_CONSENT_EXPIRY_WARNING_DAYS = env_int("INTEGRA_CONSENT_EXPIRY_WARNING_DAYS", 30)

# --- Jobs: background work (integra.jobs; docs/scaling.md "Workers") -------------------------------
# Django's task API through the django-tasks backport. Embedded default: the database-backed queue
# (django-tasks-db), so `make demo` needs no other service. With INTEGRA_REDIS_URL set: RQ on Redis
# (django-tasks-rq + django-rq). `integra worker` runs a worker for whichever is configured. The job row
# (integra.jobs.models.Job) is the source of truth either way; the queue only carries its id.
INTEGRA_REDIS_URL = env_str("INTEGRA_REDIS_URL", "")
if INTEGRA_REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": INTEGRA_REDIS_URL, "DEFAULT_TIMEOUT": env_int("INTEGRA_JOB_TIMEOUT_SECONDS", 3600)}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# --- Many app servers: nothing kept in one process's memory (docs/scaling.md "Many app servers") ---------
# Sessions and sign-in lockout counters (AXES_HANDLER) live in the database; the cache in a database table
# (created by migration core.0004) or, with INTEGRA_REDIS_URL, in Redis — shared by every server either way.
SESSION_ENGINE = "integra.core.sessions"  # Django's database sessions, read without the ORM


def redis_cache(url: str) -> dict[str, object]:
    """The cache on Redis: a call that gets no answer gives up after 2 s (integra.core.ratelimit then lets
    requests through and leaves Redis alone for a while)."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "integra",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
    }


if INTEGRA_REDIS_URL:
    CACHES = {"default": redis_cache(INTEGRA_REDIS_URL)}
else:
    # Django's database cache with an atomic `incr` (rate limits count every concurrent request).
    CACHES = {"default": {"BACKEND": "integra.core.cache.DatabaseCache", "LOCATION": "integra_cache"}}
# The participant page's timeline sections, rendered (integra.people.timeline): Redis when there is one, else
# each process's own memory — never the database cache, whose table a backup would carry. Their keys hold
# versions the database raises on every change, so an entry is never stale; the timeout bounds how long a
# person's data stays in the cache after it was last shown.
INTEGRA_TIMELINE_CACHE_SECONDS = env_int("INTEGRA_TIMELINE_CACHE_SECONDS", 600)
CACHES["timeline"] = (
    {**redis_cache(INTEGRA_REDIS_URL), "KEY_PREFIX": "integra-timeline"}
    if INTEGRA_REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "integra-timeline",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
)
CACHES["timeline"]["TIMEOUT"] = INTEGRA_TIMELINE_CACHE_SECONDS
# A running job renews its lease every INTEGRA_JOB_HEARTBEAT_SECONDS; a job whose lease has run out
# (its worker was killed) is marked failed by the next worker pass or screen that looks at it.
INTEGRA_JOB_HEARTBEAT_SECONDS = env_int("INTEGRA_JOB_HEARTBEAT_SECONDS", 2)
# On SQLite the heartbeat cannot write while a job's own transaction holds the file's write lock (a large
# import), so the lease there must outlast the longest such transaction; PostgreSQL renews it all along.
INTEGRA_JOB_LEASE_SECONDS = env_int(
    "INTEGRA_JOB_LEASE_SECONDS", 600 if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else 60
)
# Files of jobs (uploaded sheets, results): never served directly, only through the owner's download view.
INTEGRA_JOB_FILES_DIR = Path(os.environ.get("INTEGRA_JOB_FILES_DIR", VAR_DIR / "jobs"))
# Where job files live: "database:" (chunks in the shared database, so a worker on another host reads a sheet
# uploaded on any app server; PostgreSQL's default) or "file:" (the folder above, the embedded SQLite default).
INTEGRA_FILES_URL = os.environ.get(
    "INTEGRA_FILES_URL", "database:" if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" else "file:"
)
if INTEGRA_FILES_URL not in ("database:", "file:"):
    raise ImproperlyConfigured('INTEGRA_FILES_URL must be "database:" or "file:"')
# A job's uploaded sheet is deleted when the job ends (done, failed, or its worker lost); the periodic sweep
# (`jobs.sweep_files`, every INTEGRA_JOB_SWEEP_EVERY_SECONDS) fails jobs still waiting after this many hours and
# deletes job files no job names once they are this old.
INTEGRA_JOB_LEFTOVER_HOURS = env_int("INTEGRA_JOB_LEFTOVER_HOURS", 24)
INTEGRA_JOB_SWEEP_EVERY_SECONDS = env_int("INTEGRA_JOB_SWEEP_EVERY_SECONDS", 3600)
# Size thresholds above which a screen runs the work as a job instead of inside the request.
# A sheet import inside a request waits at most this long for another import into the same centre to finish
# (then it says so in Polish); an import run as a job waits as long as the other one takes.
INTEGRA_IMPORT_LOCK_WAIT_SECONDS = env_int("INTEGRA_IMPORT_LOCK_WAIT_SECONDS", 8)
INTEGRA_JOB_IMPORT_BYTES = env_int("INTEGRA_JOB_IMPORT_BYTES", 256 * 1024)  # participant-sheet import, file size
INTEGRA_JOB_EXPORT_ROWS = env_int("INTEGRA_JOB_EXPORT_ROWS", 5000)  # XLSX/CSV exports
INTEGRA_JOB_LETTERS = env_int("INTEGRA_JOB_LETTERS", 100)  # bulk letters of thanks
INTEGRA_JOB_WHATWORKS_PARTICIPATIONS = env_int(
    "INTEGRA_JOB_WHATWORKS_PARTICIPATIONS", 20000
)  # centre/region „what works”
INTEGRA_JOB_REGIONAL_PARTICIPATIONS = env_int("INTEGRA_JOB_REGIONAL_PARTICIPATIONS", 20000)  # regional report PDF/XLSX
# --- end of jobs -------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Requested paths and PESEL-shaped numbers never reach a log (integra.core.logfilters).
    "filters": {"redact": {"()": "integra.core.logfilters.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "loggers": {
        name: {"filters": ["redact"]} for name in ("django.request", "django.server", "django.security", "integra")
    },
    "root": {"handlers": ["console"], "level": os.environ.get("INTEGRA_LOG_LEVEL", "WARNING")},
}

# HTTP API v1 (integra.api, docs/api.md): service-account tokens or the staff session, JSON only.
INTEGRA_API_RATE = env_str("INTEGRA_API_RATE", "600/min")  # per token (DRF rate: N/sec|min|hour|day)
INTEGRA_API_MAX_BODY_BYTES = env_int("INTEGRA_API_MAX_BODY_KB", 1024) * 1024
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "integra.api.authentication.BearerTokenAuthentication",
        "integra.api.authentication.StaffSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["integra.api.parsers.JsonParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "integra.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Integra API",
    "DESCRIPTION": "Version 1 of the Integra HTTP API. How to get a token, errors and the versioning promise: docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "persistAuthorization": False},
    "COMPONENT_SPLIT_REQUEST": True,
    # A PATCH body is the update serializer as it is (its `version` required), not a copy with every field
    # made optional: the schema says what the server requires.
    "COMPONENT_SPLIT_PATCH": False,
    "ENUM_NAME_OVERRIDES": {
        "AnswerEnum": "integra.people.models.Answer",
        "ApplicationStatusEnum": "integra.recruitment.models.Application.Status",
        "ProjectKindEnum": "integra.projects.models.Project.Kind",
        "ActivityKindEnum": "integra.support.models.ActivityKind",
        "FollowUpKindEnum": "integra.outcomes.models.FollowUp.Kind",
        "ResultKindEnum": "integra.outcomes.models.ResultKind",
        # Two models have a `source` with choices: each gets its own stable name (no hash-suffixed name, no warning).
        "ApplicationSourceEnum": "integra.recruitment.models.Application.Source",
        "ExpenseSourceEnum": "integra.finance.models.FundingSource",
        # A contract's `status` (read) and `to_status` (its status change): one stable name for both.
        "ContractStatusEnum": "integra.casework.models.SocialContract.Status",
        "ProjectStatusEnum": "integra.projects.models.Project.Status",
        "ProgrammePeriodEnum": "integra.projects.models.ProgrammePeriod",
        # A consent's purpose and a message's purpose are two choice sets of one field name.
        "ConsentPurposeEnum": "integra.people.models.Consent.Purpose",
        "MessagePurposeEnum": "integra.outreach.models.Purpose",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "integra.api.schema.add_error_responses",
        "integra.api.schema.refuse_unknown_fields",
        "integra.api.schema.add_links",
    ],
}


# --- Messages to participants (integra.outreach): e-mail and SMS channels; a channel without them is off ---------
try:
    INTEGRA_EMAIL = mailurl.parse(os.environ.get("INTEGRA_EMAIL_URL", ""))
except mailurl.BadEmailUrl as exc:
    raise ImproperlyConfigured(str(exc)) from exc
INTEGRA_EMAIL_URL = os.environ.get("INTEGRA_EMAIL_URL", "")
INTEGRA_EMAIL_FROM = env_str("INTEGRA_EMAIL_FROM", "integra@localhost")
INTEGRA_SMSAPI_TOKEN = os.environ.get("INTEGRA_SMSAPI_TOKEN", "")
INTEGRA_SMSAPI_URL = env_str("INTEGRA_SMSAPI_URL", "https://api.smsapi.pl/")
INTEGRA_SMS_SENDER = os.environ.get("INTEGRA_SMS_SENDER", "")
# The address participants' links and the SMS gateway's callbacks reach this installation at.
INTEGRA_PUBLIC_URL = env_str("INTEGRA_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# The secret in the gateway's callback URLs (default: derived from INTEGRA_SECRET_KEY).
INTEGRA_SMS_CALLBACK_SECRET = os.environ.get("INTEGRA_SMS_CALLBACK_SECRET", "")
INTEGRA_OUTREACH_EVERY_SECONDS = env_int("INTEGRA_OUTREACH_EVERY_SECONDS", 300)
