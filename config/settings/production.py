"""Production: every secret from the environment, HTTPS only. Run behind a proxy that terminates TLS."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = False
# Links in e-mails are built from SITE_URL: production does not guess it.
if not os.environ.get("SITE_URL", "").strip():
    raise ImproperlyConfigured("Set the SITE_URL environment variable (e.g. https://nastavnik.example).")
# Persistent database connections (a new connection per request doubled a light page's time), checked
# before reuse so a connection the database dropped is replaced instead of failing the request.
DATABASES["default"]["CONN_MAX_AGE"] = int(env("CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# One cache for all the workers of the host: the overviews' figures «Пересчитать» counted in one worker are
# what the next request reads in another (a per-process cache would show it the older ones).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("CACHE_DIR", str(BASE_DIR / "cache")),  # noqa: F405
    }
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
