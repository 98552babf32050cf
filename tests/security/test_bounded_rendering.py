"""Nothing a user types takes the PDF renderer down: free text is bounded by the forms, a long unbroken word
wraps, and rendering runs in a child process under a time and memory limit that ends with a message."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import override_settings

from mentoring.models import Person
from reports.documents import pdf
from roadmap import services as roadmap_services
from roadmap.forms import ActivityForm
from roadmap.models import Activity
from tests.reports.pdftools import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]


@pytest.fixture
def roadmap(personas, organisation):
    return roadmap_services.roadmap_create_from_template(
        organisation=organisation,
        actor=personas["curator"].user,
        template_slug="school-support-plan",
        academic_year="2025/2026",
    )


def test_a_100000_character_title_is_refused_by_the_form(roadmap):
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    limit = Activity._meta.get_field("title").max_length
    assert limit and limit <= 1000
    form = ActivityForm(
        data={"title": "Ы" * 100_000, "stage": activity.stage_id},
        instance=activity,
        people=Person.objects.none(),
    )
    assert not form.is_valid()
    assert "title" in form.errors
    assert "не более" in " ".join(form.errors["title"]) or "символ" in " ".join(form.errors["title"])


@pytest.mark.benchmark
def test_a_5000_character_word_still_renders_the_roadmap_in_seconds(as_user, organisation, roadmap):
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    activity.title = "Ж" * 5_000
    activity.save(update_fields=["title"])
    client = as_user("curator")
    started = time.perf_counter()
    response = client.get(f"/o/{organisation.slug}/documents/roadmap/{roadmap.pk}/pdf/")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    print(f"roadmap PDF with a 5,000-letter word: {elapsed:.1f} s")
    assert elapsed < 20
    assert "ЖЖЖЖЖЖЖЖЖЖ" in pdf_text(response.content)


# In a fresh interpreter: a forked child may reuse the heap its parent already freed, which the address-space
# limit does not count, so inside a long-lived test worker the limit would be met late or not at all.
MEMORY_LIMIT_PROBE = """
import django
django.setup()
from django.test import override_settings
from reports.documents import pdf
try:
    with override_settings(PDF_RENDER_MEMORY_MB=10):
        pdf.html_to_pdf("<p>" + "Слово " * 20_000 + "</p>")
except pdf.RenderTooHeavy as error:
    print("REFUSED:", error.messages[0])
else:
    print("RENDERED")
"""


def test_rendering_past_the_memory_limit_ends_with_a_message():
    # 10 MB of address space on top of the interpreter is far too little for any layout.
    result = subprocess.run(  # noqa: S603 — our own interpreter and a fixed script
        [sys.executable, "-c", MEMORY_LIMIT_PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    assert "REFUSED:" in result.stdout and "слишком сложный" in result.stdout


def test_rendering_past_the_time_limit_ends_with_a_message():
    started = time.perf_counter()
    with override_settings(PDF_RENDER_TIMEOUT=0.5), pytest.raises(pdf.RenderTooHeavy):
        pdf.html_to_pdf("<table>" + "<tr><td>ячейка</td><td>текст</td></tr>" * 20_000 + "</table>")
    assert time.perf_counter() - started < 5


def test_a_document_within_the_limits_renders_in_the_child():
    data = pdf.html_to_pdf("<p>Приказ</p>")
    assert data.startswith(b"%PDF") and "Приказ" in pdf_text(data)


def test_a_too_heavy_pdf_ends_with_a_russian_message(as_user, organisation, roadmap):
    client = as_user("curator")
    with override_settings(PDF_RENDER_TIMEOUT=0.01):
        response = client.get(f"/o/{organisation.slug}/documents/roadmap/{roadmap.pk}/pdf/", follow=True)
    assert response.status_code == 200
    assert "Документ слишком сложный для вывода в PDF" in response.content.decode()


def test_a_too_heavy_pdf_outside_a_form_view_gets_a_page_not_a_500(rf, personas):
    from reports.documents.middleware import RenderTooHeavyMiddleware

    request = rf.get("/")
    request.user = personas["curator"].user
    response = RenderTooHeavyMiddleware(lambda r: HttpResponse()).process_exception(
        request, pdf.RenderTooHeavy()
    )
    assert response.status_code == 422
    assert "Документ слишком сложный для PDF" in response.content.decode()
