"""Settings shared by every environment; what differs between machines comes from the environment."""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_bool(name: str, default: bool) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The address people open the app at: links in e-mails sent outside a request (cron reminders) use it.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    # Ordered by the direction of imports: an app may import only those above it.
    "mentoring",
    "roadmap",
    "surveys",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "common.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.SessionIdleMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "reports.documents.middleware.RenderTooHeavyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "mentoring.organisations.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's default random_page_cost (4) prices an index probe for a disk that seeks; the app's data
    # is in memory, so the planner read all of a region's people to join 259 pairs with their mentors (23 ms
    # against 1.8 ms by the index). 1.1 is the usual value for data in RAM or on SSDs; a DBA who has set the
    # server's own can keep it with PG_RANDOM_PAGE_COST="".
    _page_cost = env("PG_RANDOM_PAGE_COST", "1.1")
    if _page_cost:
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c random_page_cost={float(_page_cost)}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first, so that a locked-out login never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Error pages are templates/400.html, 403.html, 404.html, 500.html; a refused CSRF token gets its own.
CSRF_FAILURE_VIEW = "common.errors.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures for one username from one address lock it for a quarter of an hour.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# How many reverse proxies stand in front of the app (nginx alone: 1). With 0 the client is REMOTE_ADDR and
# X-Forwarded-For is ignored, so nobody can pick the address a lockout falls on.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
AXES_CLIENT_IP_CALLABLE = "common.client_ip.client_ip"

# A session ends after a working day without a request (each request moves the end on, written at most every
# SESSION_TOUCH_SECONDS by common.middleware.SessionIdleMiddleware rather than on every request).
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_MINUTES", str(9 * 60))) * 60
SESSION_TOUCH_SECONDS = int(env("SESSION_TOUCH_SECONDS", "300"))
SESSION_SAVE_EVERY_REQUEST = env_bool("SESSION_SAVE_EVERY_REQUEST", False)

# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from the app's own static
# files — no inline script or style attribute anywhere (data: only for Bootstrap's icons in its CSS).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features the app never uses are switched off for every page (common.middleware).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Third-party assets come from npm packages (package.json), never copied into the repository.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    # The serif embedded in every PDF (reports): Tinos, metric-compatible with Times New Roman, with Cyrillic.
    ("vendor/tinos", BASE_DIR / "node_modules" / "@fontsource" / "tinos" / "files"),
]
# Uploaded and signed files hold personal data: Django never serves MEDIA_URL (see the README's deployment
# section). With MEDIA_ACCEL_REDIRECT set (e.g. "/protected-media/", an nginx `internal` location aliased to
# MEDIA_ROOT) the access-checked download views hand the file to nginx with X-Accel-Redirect.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_ACCEL_REDIRECT = env("MEDIA_ACCEL_REDIRECT", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# EMAIL_FILE_PATH (a folder): every message is written there as a file instead of being sent, unless
# EMAIL_BACKEND says otherwise.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", "")
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if EMAIL_FILE_PATH
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Наставник <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Django's renderer, with drop-downs written in Python (the per-option templates were most of a list page's
# filter bar; common/form_renderer.py).
FORM_RENDERER = "common.form_renderer.FormRenderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# PDF rendering runs in a child process with these limits; past them the user gets a message, not a hung
# worker (reports.documents.pdf).
PDF_RENDER_TIMEOUT = float(env("PDF_RENDER_TIMEOUT", "60"))
PDF_RENDER_BACKGROUND_TIMEOUT = float(env("PDF_RENDER_BACKGROUND_TIMEOUT", "600"))
PDF_RENDER_MEMORY_MB = int(env("PDF_RENDER_MEMORY_MB", "1024"))

# Reports: how a new organisation's register writes order numbers ({n} the number of the year, {year}).
REPORTS_ORDER_NUMBER_FORMAT = env("REPORTS_ORDER_NUMBER_FORMAT", "{n}-ОД")
# A working pair with no meeting for this many days shows «at risk» and its mentor gets a reminder.
MENTORING_AT_RISK_DAYS = int(env("MENTORING_AT_RISK_DAYS", "30"))
# How long the municipal and regional overviews keep their figures (seconds; 0: counted on every view).
OVERVIEW_CACHE_SECONDS = int(env("OVERVIEW_CACHE_SECONDS", "300"))

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
