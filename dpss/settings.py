"""Settings for the DPSS portal.

One module, read from the environment (django-environ). With no environment
at all it runs in the *embedded* mode that `make run` uses: SQLite under
`var/`, a filesystem Celery broker, emails printed to the console.
`DPSS_PRODUCTION=true` switches on the production protections.
"""

import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
# .env first, before any variable is read; the real environment wins over it.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
env = environ.Env()

# Where the SQLite database, broker folder, static files, media and mail go. Importing these
# settings creates no folder: dpss.folders.make_folders does, when a process starts (dpss/ui/apps.py).
VAR_DIR = Path(env.str("DPSS_VAR_DIR", default=str(BASE_DIR / "var")))

PRODUCTION = env.bool("DPSS_PRODUCTION", default=False)
# The fast test settings (MD5 hasher, in-memory cache and mail): only when DPSS_TESTING=true, which
# tests/testing_env.py sets for every pytest run (loaded by pyproject.toml's addopts).
TESTING = env.bool("DPSS_TESTING", default=False)

# Only the embedded mode may fall back to a development key.
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dpss-embedded-mode-key-not-for-production-use-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Third-party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "auditlog",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "django_celery_beat",
    "django_htmx",
    "formtools",
    "rules.apps.AutodiscoverRulesConfig",
    # Core (dpss/)
    "dpss.accounts",
    "dpss.notifications",
    "dpss.audit",
    "dpss.ui",
    # Service apps
    "recipients",
    "practitioners",
    "pafinder",
    "queries",
    "newsletter",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "dpss.accounts.middleware.AbsoluteSessionLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dpss.audit.middleware.AuditlogMiddleware",
    "dpss.audit.registry.RecordAccessMiddleware",
    "dpss.accounts.middleware.RequireMFAMiddleware",
    "dpss.ui.middleware.NoStoreForSignedInMiddleware",
    "dpss.ui.middleware.MethodNotAllowedPageMiddleware",
    "dpss.ui.busy.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "dpss.urls"
WSGI_APPLICATION = "dpss.wsgi.application"

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
                "dpss.ui.context_processors.service",
                "dpss.notifications.context_processors.outbox",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'dpss.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web server, the worker and beat use the file at once.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    # A file, not Django's in-memory default, so pytest's --reuse-db keeps it between runs
    # (pytest-xdist workers add _gw0, _gw1... to the name).
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-dpss.sqlite3")}
    # The covering indexes (Index(include=...)) are for PostgreSQL; SQLite builds them without the extra
    # columns and says so (models.W040) at every start, which buries real warnings. PostgreSQL still checks it.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # Time limits (docs/quality.md#db-timeouts): a web request waits at most 5 s for a lock and 20 s for one
    # statement, then gets the "try again" page (dpss/ui/busy.py), so one long lock cannot hold every web
    # thread. Celery's worker and beat (dpss/celery.py) and manage.py commands other than runserver (migrate,
    # the imports) take the longer "worker" limits. Seconds; 0 means no limit. SQLite has no such settings: its
    # "timeout" above is how long a write waits for the file.
    DB_TIME_LIMITS = {
        "web": (env.int("DB_LOCK_TIMEOUT", default=5), env.int("DB_STATEMENT_TIMEOUT", default=20)),
        "worker": (env.int("DB_WORKER_LOCK_TIMEOUT", default=60), env.int("DB_WORKER_STATEMENT_TIMEOUT", default=600)),
    }
    _url_options = DATABASES["default"].setdefault("OPTIONS", {}).get("options", "")
    DB_CONNECTION_OPTIONS = {
        kind: f"{_url_options} -c lock_timeout={lock}s -c statement_timeout={statement}s".strip()
        for kind, (lock, statement) in DB_TIME_LIMITS.items()
    }
    _command = sys.argv[1] if Path(sys.argv[0]).name == "manage.py" and len(sys.argv) > 1 else "runserver"
    DATABASES["default"]["OPTIONS"]["options"] = DB_CONNECTION_OPTIONS["web" if _command == "runserver" else "worker"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions: in the database, so a Redis outage cannot break sign-in.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "dpss_cache",
        # Rate-limit counters live here: keep room for many, so none is culled early.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 30 * 60  # idle limit: every request renews it
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_LIMIT = timedelta(hours=12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_ADAPTER = "dpss.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "ui:home"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_INPUT_RENDER_VALUE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Tell people when their password, email or 2-step verification changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "10/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "3/10m/key",
    "change_password": "5/m/user",
}
ACCOUNT_FORMS = {
    "login": "dpss.accounts.forms.SignInForm",
    "reset_password": "dpss.accounts.forms.PasswordResetForm",
    "signup": "dpss.accounts.forms.PersonalAssistantSignupForm",
}
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="DPSS portal")
MFA_RECOVERY_CODE_COUNT = 10
INVITATION_VALID_FOR = timedelta(days=14)

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files (built by `npm run build` into static/build) -------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static" / "build"]
# Outside production, serve straight from static/build (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Forms ------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security ---------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# How many proxies in front of the portal append to X-Forwarded-For: 0 with none (`make run`), 1 behind
# docker-compose.yml's nginx. Rate limits, the audit log and signatures take the client's address from
# it (dpss/client_address.py, docs/gotchas.md#gotcha-client-address).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ValueError("TRUSTED_PROXY_COUNT must be 0 or more.")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "manifest-src": [SELF],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    DEBUG = False

# --- Celery: Redis when REDIS_URL is set, else a filesystem broker ----------
REDIS_URL = env.str("REDIS_URL", default="")
# A request hands its work to the broker after its commit (on_commit) and must not wait on a broker that is down:
# 1 s to connect and no second try (kombu would wait 2 s before one). What is not handed over waits in its table
# for the relay or sweep (docs/quality.md#redis-outage). The worker's own connection retries by
# broker_connection_retry, not by these.
REDIS_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = {
    "socket_timeout": 3,
    "socket_connect_timeout": 1,
    "visibility_timeout": 3600,
    "max_retries": 0,
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = dict(REDIS_BROKER_TRANSPORT_OPTIONS)
else:
    BROKER_DIR = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "outbox-relay": {"task": "dpss.notifications.tasks.outbox_relay", "schedule": 15.0},
    "outbox-sweep": {"task": "dpss.notifications.tasks.outbox_sweep", "schedule": 60.0},
    "sessions-clear": {"task": "dpss.accounts.tasks.expired_sessions_clear", "schedule": 3600.0},
    "password-reset-sweep": {"task": "dpss.accounts.tasks.password_reset_sweep", "schedule": 60.0},
    "submissions-forget": {"task": "dpss.ui.tasks.submissions_forget", "schedule": 3600.0},
    "documents-sweep": {"task": "recipients.tasks.document_versions_sweep", "schedule": 60.0},
    # Financial check-ups: open the ones that are due, once a day (docs/domain.md#rule-13).
    "checkups-schedule": {"task": "recipients.tasks.checkups_schedule", "schedule": crontab(hour=6, minute=30)},
    # Also picks up imports and document renders whose worker died (their lease ran out, JOB_LEASE below).
    "imports-sweep": {"task": "recipients.tasks.import_runs_sweep", "schedule": 60.0},
    # Query clocks: warnings at 80% and breach alerts (and following calendar changes); quiet resolved
    # queries closed after 5 working days.
    "queries-sla-check": {"task": "queries.tasks.sla_check", "schedule": 300.0},
    "queries-close-quiet": {"task": "queries.tasks.queries_close_quiet", "schedule": crontab(minute=15)},
}

# --- Notifications ----------------------------------------------------------
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_EMAIL_TEMPLATE_ID = env.str("NOTIFY_EMAIL_TEMPLATE_ID", default="")
# Links in messages are built on this address. Without SITE_URL it follows DPSS_BIND, the address `make run`
# serves on (scripts/serve.py), so moving the port moves the links with it.
SITE_URL = env.str("SITE_URL", default=f"http://{env.str('DPSS_BIND', default='127.0.0.1:8000')}").rstrip("/")
OUTBOX_MAX_ATTEMPTS = 5
# A message claimed by a worker that died mid-send is released after this and sent by the next sweep (every
# minute), so it goes within about two minutes. Sending is one call that gives up well before this:
# EMAIL_TIMEOUT for SMTP, 30 s for GOV.UK Notify's client (docs/quality.md#worker-crash).
OUTBOX_CLAIM_TIMEOUT = timedelta(seconds=75)
EMAIL_TIMEOUT = 20
# A running import or document render is stamped by its worker every JOB_LEASE / 4 (a heartbeat); one not
# stamped for JOB_LEASE belongs to a worker that died and is taken again by the next sweep (every minute), so it
# finishes within about two minutes of the crash (recipients/services/leases.py, docs/quality.md#worker-crash).
JOB_LEASE = timedelta(seconds=env.int("JOB_LEASE_SECONDS", default=45))
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Used by the file-based email backend (integration tests point a worker at a folder).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Direct Payments Support Service <dpss@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.str("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))
    EMAIL_TIMEOUT = 20

# --- Direct payments -------------------------------------------------------
# A surplus worth more than this many weeks of support prompts a supportive
# check-in from an adviser (4 weeks in one county, 8 common elsewhere).
SURPLUS_THRESHOLD_WEEKS = env.int("SURPLUS_THRESHOLD_WEEKS", default=8)
# Financial check-ups ask for receipts only for things that cost more than this, in pounds (docs/domain.md#rule-13).
CHECKUP_RECEIPTS_OVER = Decimal(env.str("CHECKUP_RECEIPTS_OVER", default="10"))
# The largest CSV file staff may upload to import (the command line has no limit).
IMPORT_MAX_UPLOAD_MB = env.int("IMPORT_MAX_UPLOAD_MB", default=25)

# --- Queries ----------------------------------------------------------------
# The working calendar the query clocks run on (queries/services/calendar.py), in local wall-clock time,
# less bank holidays and council closure days. Weekdays: 0 is Monday.
QUERY_TIME_ZONE = env.str("QUERY_TIME_ZONE", default="Europe/London")
QUERY_OPENS = env.str("QUERY_OPENS", default="09:00")
QUERY_CLOSES = env.str("QUERY_CLOSES", default="17:00")
QUERY_WORKING_WEEKDAYS = env.list("QUERY_WORKING_WEEKDAYS", cast=int, default=[0, 1, 2, 3, 4])
# Targets in working hours (queries/services/sla.py). "Contacted within 24 hours" is 8 working hours.
QUERY_FIRST_CONTACT_HOURS = env.int("QUERY_FIRST_CONTACT_HOURS", default=8)
QUERY_RESOLUTION_HOURS = {"urgent": 8, "high": 24, "normal": 80, "low": 160}
# A complaint is answered within 20 working days from when it was made a complaint.
QUERY_COMPLAINT_RESPONSE_HOURS = env.int("QUERY_COMPLAINT_RESPONSE_HOURS", default=160)
# The team lead is warned when this much of a clock's working time is used.
QUERY_SLA_WARNING_PERCENT = 80
# A resolved query with no reply from the person for this many working days is closed.
QUERY_AUTO_CLOSE_WORKING_DAYS = env.int("QUERY_AUTO_CLOSE_WORKING_DAYS", default=5)

# --- Audit ------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- The service (shown on every page and in messages) ---------------------
SERVICE = {
    "name": "Direct Payments Support Service",
    "short_name": "DPSS",
    "council": env.str("COUNCIL_NAME", default="Hampshire County Council"),
    "phone": env.str("SUPPORT_PHONE", default="01632 960 100"),
    "email": env.str("SUPPORT_EMAIL", default="dpss@example.org"),
    "hours": env.str("SUPPORT_HOURS", default="Monday to Friday, 9am to 5pm, except bank holidays"),
    "address": env.str("SUPPORT_ADDRESS", default="Direct Payments Support Service, The Castle, Winchester SO23 8UJ"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_without_traceback": {"()": "dpss.log_filters.ForbiddenWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django logs a refused request (403) here, with the PermissionDenied's traceback: one line is enough.
        "django.request": {"filters": ["forbidden_without_traceback"]},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # WhiteNoise looks a static file up when it is asked for, instead of listing every one each time a test
    # client builds the middleware (about 45 ms each: an eighth of the unit tests' time). Tests ask for none.
    WHITENOISE_AUTOREFRESH = True
CSRF_FAILURE_VIEW = "dpss.ui.views.csrf_failure"
