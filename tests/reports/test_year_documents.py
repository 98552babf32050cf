"""The documents of a year: the final report (built in the background), the analytical note, the
municipality's report; the indicators page and the dashboard panel."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from common.dates import AcademicYear
from mentoring.models import Meeting, MenteeProfile, Pair, Plan, PlanItem
from reports.documents import annual as annual_documents
from reports.documents import registry as documents
from reports.models import GeneratedDocument
from roadmap.models import Attendance, Event, Publication
from tests.conftest import make_person

from .pdftools import CYRILLIC, fonts, pdf_text

YEAR = AcademicYear(2024)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 15, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def year_data(organisation, personas, named_pair):
    """The named pair (Петрова → Смирнов) worked in 2024/2025 with a plan 9/10, two meetings, a business game
    and a publication."""
    Pair.objects.filter(pk=named_pair.pk).update(
        status=Pair.Status.ACTIVE, start_date=datetime.date(2024, 9, 10)
    )
    plan = Plan.objects.create(pair=named_pair)
    for number in range(10):
        PlanItem.objects.create(
            plan=plan,
            title=f"Пункт {number}",
            done=number < 9,
            done_on=datetime.date(2025, 1, 1) if number < 9 else None,
        )
    for kind, day in (
        (Meeting.Kind.ORGANISATIONAL, datetime.date(2024, 9, 12)),
        (Meeting.Kind.REGULAR, datetime.date(2024, 10, 3)),
    ):
        Meeting.objects.create(pair=named_pair, kind=kind, date=day, topic="Встреча")
    mentor, mentee = named_pair.mentor, named_pair.pair_mentees.get().mentee
    MenteeProfile.objects.create(
        organisation=organisation, person=mentee, status=MenteeProfile.Status.IN_PAIR
    )
    game = Event.objects.create(
        organisation=organisation,
        kind=Event.Kind.BUSINESS_GAME,
        title="Деловая игра «Наставник года»",
        starts_at=at(datetime.date(2025, 5, 20)),
        place="Актовый зал",
        description="Команды пар решали кейсы; лучшие наставники награждены грамотами.",
    )
    Attendance.objects.create(event=game, person=mentor, attended=True)
    Attendance.objects.create(event=game, person=mentee, attended=True)
    Publication.objects.create(
        organisation=organisation,
        title="Итоги года наставничества",
        url="https://school.example/news/1",
        published_on=datetime.date(2025, 6, 1),
    )
    return named_pair


@pytest.mark.django_db
class TestFinalReport:
    @pytest.mark.real_pdf
    def test_text_has_the_figures_of_the_data(self, organisation, year_data, personas):
        kind = documents.get("final-report")
        data = kind.render_pdf(organisation, {"year": 2024})
        text = pdf_text(data)
        for expected in (
            "ИТОГОВЫЙ ОТЧЁТ",
            "2024/2025",
            "Петрова Е.И.",
            "Смирнов Д.О.",
            "90 %",  # the plan
            "Деловая игра «Наставник года»",
            "2 из 2 приглашённых (100 %)",
            "Итоги года наставничества",
            "Материалы общих встреч",
            "Показатели эффективности",
            "Команды пар решали кейсы",
        ):
            assert expected in text, expected
        assert CYRILLIC.search(text)
        embedded = fonts(data)
        assert any("Tinos" in name for name in embedded) and all(embedded.values())

    @pytest.mark.real_pdf
    def test_built_in_the_background_with_progress(self, organisation, year_data, personas, as_user):
        client = as_user("curator")
        response = client.post(
            reverse("reports:document_build", args=[organisation.slug, "final-report"]), {"year": 2024}
        )
        document = GeneratedDocument.objects.get(kind="final-report")
        assert response["Location"] == reverse("reports:generated", args=[organisation.slug, document.pk])
        assert (document.status, document.progress, document.params) == ("done", 100, {"year": 2024})
        download = client.get(reverse("reports:generated_download", args=[organisation.slug, document.pk]))
        assert "Петрова" in pdf_text(b"".join(download.streaming_content))
        page = client.get(reverse("reports:year_documents", args=[organisation.slug]) + "?year=2024")
        assert (
            reverse("reports:generated_download", args=[organisation.slug, document.pk])
            in page.content.decode()
        )

    def test_bad_year_falls_back_to_the_current_one(self, organisation, personas, as_user):
        response = as_user("curator").post(
            reverse("reports:document_build", args=[organisation.slug, "final-report"]), {"year": "abc"}
        )
        assert response.status_code == 404
        assert not GeneratedDocument.objects.exists()

    def test_coordinator_reads_but_does_not_build(self, organisation, personas, as_user):
        client = as_user("coordinator")
        assert client.get(reverse("reports:year_documents", args=[organisation.slug])).status_code == 200
        response = client.post(reverse("reports:document_build", args=[organisation.slug, "final-report"]))
        assert response.status_code == 403


@pytest.mark.django_db
class TestAnalyticalNote:
    @pytest.mark.real_pdf
    def test_sentences_with_the_numbers_and_conclusions(self, organisation, year_data, personas, as_user):
        response = as_user("director").get(
            reverse("reports:document_pdf", args=[organisation.slug, "analytical-note"]) + "?year=2024"
        )
        assert response.status_code == 200
        text = " ".join(pdf_text(response.content).split())
        assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in text
        assert "2024/2025 учебном году" in text
        assert "не менее чем на 90 % выполнено 1 из 1 плана" in text  # «из 1 плана», not «из 1 планов»
        assert "Проведено 2 встречи" in text
        # Nobody answered a diagnostic: the target is not met, said so with the figures, and recommended.
        assert (
            "Не достигнут показатель «Участники, прошедшие диагностику»: 0 % (0 из 2) при нормативе 100 %"
            in text
        )
        assert "Довести диагностику до всех участников программы" in text
        assert "Рекомендации" in text

    def test_sections_from_the_figures(self, organisation, year_data):
        figures = annual_documents.year_figures(organisation, YEAR)
        sections = annual_documents.analytical_sections(figures)
        titles = [str(section["title"]) for section in sections]
        assert titles[-2:] == ["Выводы", "Рекомендации"]
        assert any(
            "публикации на информационных ресурсах организации — 1 ед." in str(p)
            for p in sections[-2]["paragraphs"]
        )


@pytest.mark.real_pdf
@pytest.mark.django_db
def test_municipality_report_has_every_organisation(
    organisation, neighbour_organisation, municipal_centre, personas, year_data, as_user
):
    response = as_user("coordinator").post(
        reverse("reports:municipal_report", args=[organisation.municipality.slug]), {"year": 2024}
    )
    document = GeneratedDocument.objects.get(kind="municipality-report")
    # Kept with the coordinator's own organisation, the municipal centre.
    assert document.organisation == municipal_centre
    assert response["Location"] == reverse("reports:generated", args=[municipal_centre.slug, document.pk])
    assert document.status == "done", document.error
    text = pdf_text(document.file.read())
    assert organisation.short_name in text and neighbour_organisation.short_name in text
    assert "Чужая школа" not in text and "2024/2025" in text


@pytest.mark.django_db
def test_municipality_report_is_not_offered_to_a_school(organisation, personas, as_user):
    page = as_user("curator").get(reverse("reports:documents", args=[organisation.slug]))
    keys = [kind.key for kind in page.context["background_kinds"]]
    assert "final-report" in keys and "municipality-report" not in keys


@pytest.mark.django_db
class TestPages:
    def test_indicator_page_explains_each_indicator(self, organisation, year_data, personas, as_user):
        response = as_user("curator").get(
            reverse("reports:indicators", args=[organisation.slug]) + "?year=2024"
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Как считается" in html and "Норматив — не менее 70 %" in html
        assert 'data-code="young_teachers"' in html
        assert response.context["data"].get("plans_90").value == 100.0

    def test_unknown_year_shows_the_current_one(self, organisation, personas, as_user):
        response = as_user("curator").get(reverse("reports:indicators", args=[organisation.slug]) + "?year=1")
        assert response.context["year"] == AcademicYear.current()

    def test_dashboard_panel_with_marks(self, organisation, personas, as_user):
        response = as_user("director").get(reverse("mentoring:dashboard", args=[organisation.slug]))
        html = response.content.decode()
        assert 'data-testid="indicators-panel"' in html and "data-met=" in html
        teacher = as_user("teacher").get(reverse("mentoring:dashboard", args=[organisation.slug]))
        assert "indicators" not in {panel["key"] for panel in teacher.context["panels"]}


@pytest.mark.django_db
def test_year_figures_query_count_is_bounded(
    organisation, personas, pair_factory, django_assert_max_num_queries
):
    for _ in range(8):
        pair_factory(
            status=Pair.Status.ACTIVE,
            start_date=datetime.date(2024, 9, 10),
            mentees=[make_person(organisation), make_person(organisation)],
        )
    with django_assert_max_num_queries(40):
        annual_documents.year_figures(organisation, YEAR)
