"""The one settings module. Everything configurable comes from the environment
through huiying.env; docs/configuration.md lists every variable (a test checks that)."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from huiying.env import env_bool, env_float, env_int, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent
ROOT_DIR = BASE_DIR.parent
DATA_DIR = env_path("HUIYING_DATA_DIR", ROOT_DIR / "data")
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    configured = env_str("HUIYING_SECRET_KEY")
    if configured:
        return configured
    # Embedded default: a random key kept in the data folder, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("HUIYING_DEBUG", False)
ALLOWED_HOSTS = env_list("HUIYING_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("HUIYING_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "huiying.audit",
    "huiying.org",
    "huiying.sources",
    "huiying.items",
    "huiying.alerts",
    "huiying.cases",
    "huiying.events",
    "huiying.complaints",
    "huiying.api",
    "huiying.watch",
    "huiying.reviews",
    "huiying.ledger",
    "huiying.reports",
    "huiying.web",
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

ROOT_URLCONF = "huiying.urls"
WSGI_APPLICATION = "huiying.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

# --- Database: SQLite in WAL mode under the data folder unless DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_path("HUIYING_SQLITE_PATH", DATA_DIR / "huiying.sqlite3"),
            "OPTIONS": {
                # IMMEDIATE: writers take the lock at BEGIN, so a reader never has to be
                # upgraded mid-transaction (the source of "database is locked" errors).
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=30000;"
                    "PRAGMA cache_size=-65536;"
                ),
            },
            # A file, not :memory:, so tests can start real worker subprocesses on it.
            "TEST": {"NAME": str(DATA_DIR / "test_huiying.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts: argon2 first (PASSWORD_HASHERS[0] hashes new passwords).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Language and time: Chinese first, English translation; always aware datetimes.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("HUIYING_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env_path("HUIYING_STATIC_ROOT", DATA_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES = ROOT_DIR / "node_modules"
STATICFILES_DIRS = [("vendor", NODE_MODULES)] if NODE_MODULES.exists() else []
MEDIA_ROOT = DATA_DIR / "media"

# --- Background work: django-tasks' database backend (SQLite or PostgreSQL).
TASKS = {"default": {"BACKEND": env_str("HUIYING_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Fetching (see huiying.core.fetch): limits every source is held to.
HUIYING_FETCH = {
    "connect_timeout": env_float("HUIYING_FETCH_CONNECT_TIMEOUT", 5.0),
    "read_timeout": env_float("HUIYING_FETCH_READ_TIMEOUT", 15.0),
    "total_timeout": env_float("HUIYING_FETCH_TOTAL_TIMEOUT", 60.0),
    "max_bytes": env_int("HUIYING_FETCH_MAX_BYTES", 5 * 1024 * 1024),
    "max_redirects": env_int("HUIYING_FETCH_MAX_REDIRECTS", 5),
    "host_delay": env_float("HUIYING_FETCH_HOST_DELAY", 1.0),
    # SSRF guard: addresses that resolve to private/loopback/link-local ranges are
    # refused unless listed here as CIDR ranges (the demo and tests allow loopback).
    "allow_networks": env_list("HUIYING_FETCH_ALLOW_NETWORKS", []),
    "user_agent": env_str("HUIYING_FETCH_USER_AGENT", "huiying/0.1 (+public-opinion monitor)"),
}
HUIYING_USER_DICTIONARY = env_path("HUIYING_USER_DICTIONARY", DATA_DIR / "user_dictionary.txt")
HUIYING_LISTEN = env_str("HUIYING_LISTEN", "127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("HUIYING_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every PDF step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
HUIYING_REFRESH_LEASE = env_int("HUIYING_REFRESH_LEASE", 600)
HUIYING_EVENTS_REPLAY_DAYS = env_int("HUIYING_EVENTS_REPLAY_DAYS", 14)
# Public base URL of the site: links in e-mailed alerts, reminders and reports become absolute.
HUIYING_SITE_URL = env_str("HUIYING_SITE_URL", "")
# Default time (office time zone) at which scheduled daily briefs go out on working days.
HUIYING_DAILY_BRIEF_AT = env_str("HUIYING_DAILY_BRIEF_AT", "08:30")
# How long one user's dashboard figures are kept (seconds); 0 counts them on every view.
HUIYING_DASHBOARD_CACHE_SECONDS = env_int("HUIYING_DASHBOARD_CACHE_SECONDS", 30)
WHITENOISE_USE_FINDERS = True
