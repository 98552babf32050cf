from django.conf import settings


def test_russian_and_moscow_time():
    assert settings.LANGUAGE_CODE == "ru"
    assert settings.TIME_ZONE == "Europe/Moscow"


def test_no_asset_from_a_cdn():
    from pathlib import Path

    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "cdn." not in text and "unpkg" not in text and "jsdelivr" not in text, template
