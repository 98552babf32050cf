"""The coordinator's pages: registry with progress and indicators, the municipal mentor base and its .xlsx
export, the bank of practices (published by the curator, browsed by the coordinator)."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.models import Competency, MentorProfile, Organisation
from reports.models import Practice
from reports.municipal import services as practice_services
from roadmap.models import Activity, Roadmap, Stage
from tests.conftest import make_person

from .test_indicators import YEAR, _organisations


@pytest.mark.django_db
class TestLanding:
    def test_municipality_link_lands_on_the_registry(self, as_user, municipality):
        response = as_user("coordinator").get(reverse("mentoring:municipality", args=[municipality.slug]))
        assert response["Location"] == reverse("reports:municipality", args=[municipality.slug])

    def test_registry_shows_every_organisations_progress(
        self, as_user, municipality, organisation, neighbour_organisation, municipal_centre, personas
    ):
        roadmap = Roadmap.objects.create(organisation=organisation, academic_year=YEAR.label, title="ДК")
        stage = Stage.objects.create(roadmap=roadmap, title="Р")
        Activity.objects.create(stage=stage, title="1", status="done", completed_on=datetime.date(2025, 1, 1))
        Activity.objects.create(stage=stage, title="2")
        response = as_user("coordinator").get(
            reverse("reports:municipality", args=[municipality.slug]) + f"?year={YEAR.first_year}"
        )
        html = response.content.decode()
        assert organisation.short_name in html and neighbour_organisation.short_name in html
        assert personas["neighbour"].short_name in html  # the curators
        assert "Чужая школа" not in html
        assert "50 % · 1 из 2" in html
        rows = {row.slug: row for row in response.context["organisations"]}
        assert set(rows) == {organisation.slug, neighbour_organisation.slug}  # not the centre itself
        assert "нет дорожной карты на год" in html

    @pytest.mark.parametrize("count", [3, 12])
    def test_registry_query_count_is_pinned(
        self, client, municipality, personas, count, django_assert_num_queries
    ):
        _organisations(municipality, count)
        client.force_login(personas["coordinator"].user)
        url = reverse("reports:municipality", args=[municipality.slug]) + f"?year={YEAR.first_year}"
        # Session and user, the municipality, the registry with its leaders (3), the indicators (11: the
        # year's pairs and their mentees in one query since issue 15), the landing check for the report's
        # home organisation; since the overview (issue 14) also the signed orders, the pairs, the
        # questionnaires (2) and the overdue activities: 5 more, still flat.
        with django_assert_num_queries(25):
            response = client.get(url)
        assert len(response.context["organisations"]) == count + 2  # and the two fixture organisations


@pytest.fixture
def mentors(organisation, neighbour_organisation, foreign_organisation):
    competency = Competency.objects.create(name="Проектирование урока")
    first = MentorProfile.objects.create(
        organisation=organisation,
        person=make_person(organisation, last_name="Орлова", position="Учитель математики"),
        trained=True,
        training_date=datetime.date(2025, 3, 1),
        status=MentorProfile.Status.ACTIVE,
    )
    first.competencies.add(competency)
    MentorProfile.objects.create(
        organisation=neighbour_organisation,
        person=make_person(
            neighbour_organisation, last_name='=HYPERLINK("http://x")', position="Воспитатель"
        ),
    )
    MentorProfile.objects.create(
        organisation=organisation,
        person=make_person(organisation, last_name="Архивная"),
        status=MentorProfile.Status.ARCHIVED,
    )
    MentorProfile.objects.create(
        organisation=foreign_organisation, person=make_person(foreign_organisation, last_name="Чужой")
    )
    return competency


@pytest.mark.django_db
class TestMentorBase:
    def test_all_organisations_mentors_but_no_foreign_or_archived(
        self, as_user, municipality, personas, mentors
    ):
        response = as_user("coordinator").get(reverse("reports:municipal_mentors", args=[municipality.slug]))
        html = response.content.decode()
        assert "Орлова" in html and "Проектирование урока" in html and "Воспитатель" in html
        assert "Архивная" not in html and "Чужой" not in html

    def test_search_and_filters(self, as_user, municipality, organisation, personas, mentors):
        client = as_user("coordinator")
        url = reverse("reports:municipal_mentors", args=[municipality.slug])
        assert [p.person.last_name for p in client.get(url + "?q=орлова").context["page"]] == ["Орлова"]
        assert [p.person.last_name for p in client.get(url + "?trained=yes").context["page"]] == ["Орлова"]
        assert [
            p.person.last_name for p in client.get(url + f"?competency={mentors.pk}").context["page"]
        ] == ["Орлова"]
        by_org = client.get(url + f"?organisation={organisation.pk}&status=archived").context["page"]
        assert [p.person.last_name for p in by_org] == ["Архивная"]
        # A forged organisation id is just not a choice: the filter is ignored, nothing foreign appears.
        forged = client.get(url + "?organisation=99999").content.decode()
        assert "Чужой" not in forged and "Орлова" in forged

    def test_export_opens_with_russian_headers_and_escaped_formulas(
        self, as_user, municipality, personas, mentors
    ):
        response = as_user("coordinator").get(
            reverse("reports:municipal_mentors_export", args=[municipality.slug])
        )
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        rows = list(book.active.iter_rows(values_only=True))
        assert rows[1][:3] == ("Организация", "Фамилия", "Имя")
        names = [row[1] for row in rows[2:]]
        assert "Орлова" in names and "Чужой" not in names
        # Stored as the same text, as a string cell, never as a formula.
        evil = next(cell for cell in book.active["B"] if cell.value == '=HYPERLINK("http://x")')
        assert evil.data_type == "s" and evil.quotePrefix
        orlova = next(row for row in rows[2:] if row[1] == "Орлова")
        assert orlova[10] == "да" and orlova[8] == "Проектирование урока"
        assert orlova[11].date() == datetime.date(2025, 3, 1)  # a real date cell «01.03.2025»
        cell = next(row for row in book.active.iter_rows(min_row=3) if row[1].value == "Орлова")[11]
        assert cell.is_date and cell.number_format == "DD.MM.YYYY"
        assert book.active.freeze_panes == "A3" and all(cell.font.b for cell in book.active[2])
        assert book.active.page_setup.orientation == "landscape" and book.active.print_title_rows == "$2:$2"
        assert "attachment" in response["Content-Disposition"]

    @pytest.mark.parametrize("count", [10, 40])
    def test_query_count_pinned(
        self, client, municipality, organisation, personas, count, django_assert_num_queries
    ):
        for number in range(count):
            profile = MentorProfile.objects.create(
                organisation=organisation,
                person=make_person(organisation, last_name=f"Наставник{number:02d}"),
            )
            profile.competencies.add(Competency.objects.get_or_create(name=f"К{number % 3}")[0])
        client.force_login(personas["coordinator"].user)
        with django_assert_num_queries(11):
            client.get(reverse("reports:municipal_mentors", args=[municipality.slug]))


def _upload(name="praktika.pdf", content=b"%PDF-1.4 test"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.django_db
class TestPracticeBank:
    def data(self, **overrides):
        return {
            "kind": Practice.Kind.CASE,
            "title": "Кейс молодого учителя",
            "summary": "Как пара за полгода вышла на совместный проект.",
            "authors": "Петрова Е.И.",
            "url": "",
            "academic_year": "2025/2026",
            **overrides,
        }

    def test_curator_adds_publishes_and_coordinator_finds_it(
        self, as_user, organisation, municipality, personas
    ):
        client = as_user("curator")
        response = client.post(
            reverse("reports:practice_create", args=[organisation.slug]), {**self.data(), "file": _upload()}
        )
        assert response.status_code == 302
        practice = Practice.objects.get()
        assert not practice.is_published
        bank = reverse("reports:municipal_practices", args=[municipality.slug])
        assert "Кейс молодого учителя" not in as_user("coordinator").get(bank).content.decode()
        client = as_user("curator")
        client.post(
            reverse("reports:practice_publish", args=[organisation.slug, practice.pk]), {"published": "1"}
        )
        client.post(
            reverse("reports:practice_publish", args=[organisation.slug, practice.pk]), {"published": "1"}
        )
        assert organisation.audit_entries.filter(action="practice.published").count() == 1  # a double click
        coordinator = as_user("coordinator")
        html = coordinator.get(bank + "?kind=case&q=кейс").content.decode()
        assert "Кейс молодого учителя" in html and organisation.short_name in html
        assert "Кейс молодого учителя" not in coordinator.get(bank + "?kind=programme").content.decode()
        file = coordinator.get(reverse("reports:practice_file", args=[organisation.slug, practice.pk]))
        assert b"".join(file.streaming_content) == b"%PDF-1.4 test"

    @pytest.mark.parametrize(
        "overrides,upload,message",
        [
            ({"title": "  "}, True, "Обязательное поле"),
            ({}, False, "Приложите файл или укажите ссылку"),
            ({"academic_year": "2025/2027"}, True, "Выберите корректный вариант"),
            ({"url": "javascript:alert(1)"}, False, "Введите правильный URL"),
            ({"kind": "forged"}, True, "Выберите корректный вариант"),
        ],
    )
    def test_bad_input_changes_nothing(self, as_user, organisation, personas, overrides, upload, message):
        payload = self.data(**overrides)
        if upload:
            payload["file"] = _upload()
        response = as_user("curator").post(
            reverse("reports:practice_create", args=[organisation.slug]), payload
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Practice.objects.exists()

    def test_bad_file_is_refused(self, organisation, personas):
        with pytest.raises(Exception, match="не принимается"):
            practice_services.practice_save(
                organisation=organisation, actor=None, data=self.data(), upload=_upload("virus.exe")
            )
        assert not Practice.objects.exists()

    def test_coordinator_and_teacher_cannot_publish(self, as_user, organisation, personas):
        practice = practice_services.practice_save(
            organisation=organisation, actor=None, data=self.data(url="https://school.example/case")
        )
        for persona in ("coordinator", "teacher"):
            response = as_user(persona).post(
                reverse("reports:practice_publish", args=[organisation.slug, practice.pk]), {"published": "1"}
            )
            assert response.status_code == 403
        practice.refresh_from_db()
        assert not practice.is_published

    def test_unpublished_is_hidden_from_the_coordinator(self, as_user, organisation, personas):
        practice = practice_services.practice_save(
            organisation=organisation, actor=None, data=self.data(url="https://school.example/case")
        )
        client = as_user("coordinator")
        assert (
            client.get(reverse("reports:practices", args=[organisation.slug])).context["practices"].count()
            == 0
        )
        assert (
            client.get(reverse("reports:practice_file", args=[organisation.slug, practice.pk])).status_code
            == 404
        )

    def test_edit_removes_the_file_only_when_a_link_remains(self, as_user, organisation, personas):
        practice = practice_services.practice_save(
            organisation=organisation, actor=None, data=self.data(), upload=_upload()
        )
        url = reverse("reports:practice_edit", args=[organisation.slug, practice.pk])
        response = as_user("curator").post(url, {**self.data(), "remove_file": "on"})
        assert "Приложите файл или укажите ссылку" in response.content.decode()
        practice.refresh_from_db()
        assert practice.file
        as_user("curator").post(url, {**self.data(url="https://school.example/c"), "remove_file": "on"})
        practice.refresh_from_db()
        assert not practice.file and practice.url == "https://school.example/c"

    def test_bank_query_count_pinned(
        self, client, municipality, organisation, neighbour_organisation, personas, django_assert_num_queries
    ):
        for number in range(12):
            practice_services.practice_save(
                organisation=organisation if number % 2 else neighbour_organisation,
                actor=None,
                data=self.data(title=f"Практика {number}", url="https://x.example"),
            )
        Practice.objects.update(
            is_published=True, published_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
        )
        client.force_login(personas["coordinator"].user)
        with django_assert_num_queries(9):
            client.get(reverse("reports:municipal_practices", args=[municipality.slug]))


@pytest.mark.django_db
def test_other_municipality_coordinator_gets_404(client, municipality, personas):
    other = Organisation.objects.get(slug="foreign-school")
    coordinator = make_person(other, roles=["coordinator"], username="other-coordinator")
    client.force_login(coordinator.user)
    for name in ("reports:municipality", "reports:municipal_mentors", "reports:municipal_practices"):
        assert client.get(reverse(name, args=[municipality.slug])).status_code == 404
    assert client.get(reverse("reports:municipality", args=[other.municipality.slug])).status_code == 200
