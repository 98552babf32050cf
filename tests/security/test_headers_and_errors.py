"""Security headers, sessions, the error pages and the deployment check for MEDIA."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.checks import Error
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.views import defaults

from common.checks import check_cache_is_shared_and_writable, check_media_not_public
from tests.conftest import PASSWORD


def _csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (item.strip() for item in header.split(";")) if part}


def test_strict_csp_and_permissions_policy_on_every_page(client, personas):
    client.force_login(personas["curator"].user)
    for url in (reverse("login"), reverse("mentoring:dashboard", args=["school-1"])):
        response = client.get(url)
        assert response.status_code == 200
        policy = _csp(response)
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]
        assert policy["script-src"] == "script-src 'self'"
        assert policy["style-src"] == "style-src 'self'"
        assert policy["object-src"] == "object-src 'none'"
        assert policy["frame-ancestors"] == "frame-ancestors 'none'"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_no_inline_script_or_style_in_served_templates():
    """Every template a browser gets (PDF templates excepted: WeasyPrint reads them) carries no inline script,
    style attribute, <style> block or inline event handler, so the CSP needs no 'unsafe-inline'."""
    import re
    from pathlib import Path

    forbidden = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|hx-on", re.IGNORECASE)
    offenders = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if "pdf" in template.relative_to(settings.BASE_DIR / "templates").parts:
            continue
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if forbidden.search(line):
                offenders.append(f"{template.relative_to(settings.BASE_DIR)}:{number}")
    assert not offenders, offenders


def test_no_template_links_a_stored_file_directly():
    """Stored files are fetched only through the access-checked download views, never by their storage URL."""
    import re
    from pathlib import Path

    direct = re.compile(r"\.(file|pdf|evidence_file)\.url\b")
    offenders = [
        str(template.relative_to(settings.BASE_DIR))
        for template in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if direct.search(template.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders


def test_session_ends_after_a_working_day_of_inactivity(client, personas, django_assert_num_queries):
    from common.middleware import SESSION_TOUCHED

    assert settings.SESSION_COOKIE_AGE == 9 * 60 * 60
    client.force_login(personas["curator"].user)
    url = reverse("mentoring:dashboard", args=["school-1"])
    # Just logged in: the session is fresh, a page writes nothing more.
    response = client.get(url)
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    # Six minutes later the next page slides the end on: the cookie is sent again with a working day's age.
    session = client.session
    session[SESSION_TOUCHED] = session[SESSION_TOUCHED] - 6 * 60
    session.save()
    response = client.get(url)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 9 * 60 * 60
    assert client.session[SESSION_TOUCHED] > session[SESSION_TOUCHED]


def test_an_idle_session_has_expired(client, personas):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(personas["curator"].user)
    Session.objects.update(expire_date=timezone.now() - __import__("datetime").timedelta(seconds=1))
    response = client.get(reverse("mentoring:dashboard", args=["school-1"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- error pages ------------------------------------------------------------------------------------------


def _assert_russian_error_page(response, status: int, heading: str):
    assert response.status_code == status
    text = response.content.decode()
    assert heading in text
    assert 'data-testid="error-page"' in text
    assert "На главную" in text
    assert 'href="/"' in text
    assert '<html lang="ru">' in text


def test_404_in_russian_in_the_layout(client, personas):
    client.force_login(personas["curator"].user)
    response = client.get("/no-such-page/")
    _assert_russian_error_page(response, 404, "Страница не найдена")
    # The logged-in user keeps the site's navigation on the error page.
    assert 'data-testid="user-menu"' in response.content.decode()


def test_403_in_russian(client, personas):
    client.force_login(personas["teacher"].user)
    response = client.get(reverse("mentoring:audit", args=["school-1"]))
    _assert_russian_error_page(response, 403, "Доступ запрещён")


def test_400_in_russian(db):
    request = RequestFactory().get("/")
    response = defaults.bad_request(request, Exception("bad"))
    _assert_russian_error_page(response, 400, "Неверный запрос")


def test_500_renders_without_the_database():
    """No `db` fixture: pytest-django refuses every query, so the page must need none."""
    request = RequestFactory().get("/")
    response = defaults.server_error(request)
    _assert_russian_error_page(response, 500, "На сервере произошла ошибка")


def test_csrf_failure_in_russian(db, personas):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "curator", "password": PASSWORD})
    _assert_russian_error_page(response, 403, "Страница устарела")
    assert "_auth_user_id" not in client.session


# --- deployment check ---------------------------------------------------------------------------------------


def test_media_deploy_check_passes_as_configured():
    assert check_media_not_public() == []


def test_media_deploy_check_fails_when_media_is_inside_static(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, MEDIA_ROOT=tmp_path / "media"):
        errors = check_media_not_public()
    assert [error.id for error in errors] == ["nastavnik.E001"]
    assert all(isinstance(error, Error) for error in errors)


def test_media_deploy_check_fails_when_media_is_under_static_url():
    with override_settings(MEDIA_URL="static/media/"):
        assert [error.id for error in check_media_not_public()] == ["nastavnik.E002"]


@pytest.mark.urls("tests.security.public_media_urls")
def test_media_deploy_check_fails_when_the_urlconf_serves_media():
    assert [error.id for error in check_media_not_public()] == ["nastavnik.E003"]


def test_the_cache_check_passes_with_a_writable_file_cache(tmp_path):
    file_cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": tmp_path / "c",
    }
    with override_settings(CACHES={"default": file_cache}, OVERVIEW_CACHE_SECONDS=300):
        assert check_cache_is_shared_and_writable() == []


def test_the_cache_check_fails_when_the_cache_folder_cannot_be_made(tmp_path):
    (tmp_path / "a-file").write_text("")
    file_cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": tmp_path / "a-file" / "cache",
    }
    with override_settings(CACHES={"default": file_cache}):
        assert [error.id for error in check_cache_is_shared_and_writable()] == ["nastavnik.E004"]


def test_the_cache_check_warns_of_a_cache_kept_in_each_worker():
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    with override_settings(CACHES={"default": local}, OVERVIEW_CACHE_SECONDS=300):
        assert [message.id for message in check_cache_is_shared_and_writable()] == ["nastavnik.W001"]
    with override_settings(CACHES={"default": local}, OVERVIEW_CACHE_SECONDS=0):
        assert check_cache_is_shared_and_writable() == []


def test_media_is_not_served_by_django(client, personas, tmp_path):
    from django.core.files.storage import default_storage

    name = default_storage.save("consents/secret.txt", __import__("io").BytesIO(b"personal"))
    client.force_login(personas["admin"].user)
    assert client.get(f"/{settings.MEDIA_URL}{name}").status_code == 404
    default_storage.delete(name)
