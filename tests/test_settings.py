import pytest
from django.conf import settings

from tests.conftest import run_python


def test_russian_and_moscow_time():
    assert settings.LANGUAGE_CODE == "ru"
    assert settings.TIME_ZONE == "Europe/Moscow"


def test_no_asset_from_a_cdn():
    from pathlib import Path

    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "cdn." not in text and "unpkg" not in text and "jsdelivr" not in text, template


def _database_options(**environment: str) -> str:
    import json
    import os

    code = (
        "import json, config.settings.base as s; print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))"
    )
    completed = run_python(
        code, {**os.environ, "DATABASE_URL": "postgres://nastavnik@db.example:5432/nastavnik", **environment}
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout).get("options", "")


def test_postgresql_prices_index_probes_for_data_in_memory():
    assert _database_options() == "-c random_page_cost=1.1"
    assert _database_options(PG_RANDOM_PAGE_COST="1.5") == "-c random_page_cost=1.5"
    # A DBA's own server setting is kept when the variable is empty.
    assert _database_options(PG_RANDOM_PAGE_COST="") == ""


@pytest.mark.django_db
def test_the_connection_uses_it():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_production_workers_share_one_cache(tmp_path):
    """What one gunicorn worker keeps (an overview «Пересчитать» counted) is what another one reads."""
    import os

    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 60,
        "SITE_URL": "https://mentor.example.ru/",
        "CACHE_DIR": str(tmp_path),
    }

    def worker(code: str) -> str:
        setup = "import django; django.setup(); from django.core.cache import cache; "
        completed = run_python(setup + code, environment)
        assert completed.returncode == 0, completed.stderr
        return completed.stdout.strip()

    worker("cache.set('overview:probe', 'посчитано', 60)")
    assert worker("print(cache.get('overview:probe'))") == "посчитано"
