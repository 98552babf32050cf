"""The e-mail settings read from the environment: EMAIL_FILE_PATH, and production's SITE_URL."""

import os
import subprocess

from tests.conftest import run_python

PROBE = (
    "import django; django.setup(); from django.conf import settings; from django.core.mail import send_mail;"
    "print(settings.EMAIL_BACKEND); send_mail('Проверка', 'Текст', None, ['a@example.com'])"
)


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "SITE_URL"))}
    environment.update(env)
    return run_python(code, environment)


def test_email_file_path_writes_every_message_to_that_folder(tmp_path):
    result = _run(PROBE, DJANGO_SETTINGS_MODULE="config.settings.dev", EMAIL_FILE_PATH=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "filebased" in result.stdout
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    assert "a@example.com" in files[0].read_text()


def test_without_email_file_path_dev_prints_to_the_console():
    result = _run(PROBE, DJANGO_SETTINGS_MODULE="config.settings.dev")
    assert result.returncode == 0, result.stderr
    assert "console" in result.stdout


PRODUCTION = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"


def test_production_refuses_to_start_without_site_url():
    result = _run(
        PRODUCTION, DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="x" * 60, SITE_URL=""
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SITE_URL" in result.stderr


def test_production_starts_with_site_url():
    result = _run(
        PRODUCTION,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 60,
        SITE_URL="https://mentor.example.ru/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://mentor.example.ru"
