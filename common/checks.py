"""Deployment checks (`manage.py check --deploy`): uploaded files hold personal data, so MEDIA must never be
reachable without the app's access check; and the overviews' figures must be kept where every worker reads
them."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.checks import Warning as CheckWarning
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.static import serve


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _serves_static_files(resolver: URLResolver) -> list[str]:
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            found += _serves_static_files(pattern)
        elif isinstance(pattern, URLPattern) and pattern.callback is serve:
            found.append(str(pattern.pattern))
    return found


@register(Tags.security, deploy=True)
def check_media_not_public(app_configs: object = None, **kwargs: object) -> list[Error]:
    errors = []
    media_root = Path(settings.MEDIA_ROOT)
    static_folders = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    for item in settings.STATICFILES_DIRS:
        folder = item[1] if isinstance(item, tuple | list) else item
        static_folders.append(Path(str(folder)))
    for folder in static_folders:
        if _inside(media_root, folder) or _inside(folder, media_root):
            errors.append(
                Error(
                    f"MEDIA_ROOT ({media_root}) overlaps a static folder ({folder}): uploaded files with "
                    "personal data would be published with the static files.",
                    hint="Keep MEDIA_ROOT outside STATIC_ROOT and STATICFILES_DIRS.",
                    id="nastavnik.E001",
                )
            )
    static_url, media_url = settings.STATIC_URL or "", settings.MEDIA_URL or ""
    if media_url and static_url and media_url.strip("/").startswith(static_url.strip("/")):
        errors.append(
            Error(
                f"MEDIA_URL ({media_url}) lies under STATIC_URL ({static_url}).",
                hint="Serve uploads only through the app's download views.",
                id="nastavnik.E002",
            )
        )
    public = _serves_static_files(get_resolver())
    if public:
        errors.append(
            Error(
                f"The URLconf serves files without an access check: {', '.join(public)}.",
                hint="Remove django.views.static.serve (static()) from the URLconf; downloads go through the "
                "access-checked views, and nginx serves MEDIA_ROOT only as an internal location.",
                id="nastavnik.E003",
            )
        )
    return errors


@register(Tags.caches, deploy=True)
def check_cache_is_shared_and_writable(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """The overviews keep their figures in the default cache: a per-process cache would let one worker show
    what «Пересчитать» replaced in another, and a file cache the app cannot write fails those pages."""
    cache = settings.CACHES["default"]
    backend = cache["BACKEND"]
    if settings.OVERVIEW_CACHE_SECONDS > 0 and backend.endswith(".LocMemCache"):
        return [
            CheckWarning(
                "The default cache is kept in each process: gunicorn's workers would each show their own "
                "counting of the municipal and regional overviews.",
                hint="Use the production settings' file cache (CACHE_DIR) or another cache every worker "
                "shares, or set OVERVIEW_CACHE_SECONDS=0.",
                id="nastavnik.W001",
            )
        ]
    if backend.endswith(".FileBasedCache"):
        folder = Path(cache["LOCATION"])
        existing = next(path for path in (folder, *folder.parents) if path.exists())
        if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
            return [
                Error(
                    f"The cache folder {folder} cannot be made or written ({existing} is in the way).",
                    hint="Set CACHE_DIR to a folder the app's user may write.",
                    id="nastavnik.E004",
                )
            ]
    return []
