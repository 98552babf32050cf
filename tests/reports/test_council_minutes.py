"""The minutes of the pedagogical council (issue 16): the service that saves them (votes never more than
those present, people only of the organisation), the page that fills them, and the PDF and Word copy."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from docx import Document as WordDocument

from common import dates
from mentoring.models import AuditEntry, Role
from reports.council import services
from reports.council.models import CouncilMinutes, MinutesItem
from reports.council.services import AgendaItem
from reports.documents import registry
from reports.documents.docx import docx_text
from roadmap import services as roadmap_services
from roadmap.models import Event
from tests.conftest import make_person
from tests.reports.pdftools import has_text, pdftotext

pytestmark = pytest.mark.django_db


def make_council(organisation, people, attended, *, kind=Event.Kind.COUNCIL):
    when = timezone.make_aware(datetime.datetime.combine(dates.today(), datetime.time(15, 0)))
    when -= datetime.timedelta(days=3)
    event = roadmap_services.event_create(
        organisation=organisation,
        actor=None,
        data={
            "kind": kind,
            "title": "Педагогический совет: запуск программы наставничества",
            "starts_at": when,
            "place": "Кабинет 214",
        },
        invited=people,
    )
    roadmap_services.attendance_set(event=event, actor=None, invited=people, attended=attended)
    return event


@pytest.fixture
def staff(organisation, personas):
    chair = make_person(
        organisation,
        roles=[Role.DIRECTOR],
        last_name="Ткаченко",
        first_name="Анна",
        patronymic="Борисовна",
        position="Директор",
    )
    secretary = make_person(
        organisation,
        last_name="Яковлева",
        first_name="Мария",
        patronymic="Игоревна",
        position="Учитель истории",
    )
    speaker = make_person(
        organisation,
        last_name="Кузнецова",
        first_name="Ольга",
        patronymic="Петровна",
        position="Заместитель директора по УВР",
    )
    absent = make_person(organisation, last_name="Борисов", first_name="Павел", patronymic="Юрьевич")
    return {"chair": chair, "secretary": secretary, "speaker": speaker, "absent": absent}


@pytest.fixture
def council(organisation, staff):
    people = list(staff.values())
    return make_council(organisation, people, [staff["chair"], staff["secretary"], staff["speaker"]])


ITEMS = [
    AgendaItem(
        title="О внедрении целевой модели наставничества",
        heard="о положении о системе наставничества и дорожной карте на учебный год",
        decided="Утвердить положение о системе наставничества",
        votes_for=2,
        votes_against=0,
        votes_abstained=1,
    ),
    AgendaItem(
        title="О закреплении наставнических пар",
        heard="о результатах анкетирования и предложенных парах",
        spoke="Яковлева М. И. предложила провести нетворкинг в сентябре",
        decided="Закрепить наставнические пары по списку куратора",
        votes_for=3,
    ),
]


def save(council, staff, *, items=ITEMS, **overrides):
    kwargs = {
        "event": council,
        "actor": None,
        "number": "3",
        "held_on": None,
        "chair": staff["chair"],
        "secretary": staff["secretary"],
        "items": [
            AgendaItem(**{**item.__dict__, "speaker": staff["speaker"] if index == 0 else None})
            for index, item in enumerate(items)
        ],
    }
    kwargs.update(overrides)
    return services.council_minutes_save(**kwargs)


class TestService:
    def test_saves_the_minutes_with_the_event_date_and_numbered_items(self, council, staff):
        minutes = save(council, staff)
        assert minutes.held_on == timezone.localtime(council.starts_at).date()
        assert [(item.order, item.title) for item in minutes.items.all()] == [
            (1, "О внедрении целевой модели наставничества"),
            (2, "О закреплении наставнических пар"),
        ]
        assert AuditEntry.objects.filter(action="council_minutes.created", target_id=minutes.pk).exists()
        # Saving again replaces the agenda, keeps one minutes per council.
        save(council, staff, items=ITEMS[:1], number="4")
        assert CouncilMinutes.objects.get().number == "4"
        assert MinutesItem.objects.count() == 1
        assert AuditEntry.objects.filter(action="council_minutes.updated").exists()

    def test_votes_above_those_present_are_refused_in_russian(self, council, staff):
        too_many = AgendaItem(
            title="Вопрос", heard="Доклад", decided="Решение", votes_for=3, votes_abstained=1
        )
        with pytest.raises(ValidationError) as error:
            save(council, staff, items=[too_many])
        text = " ".join(error.value.messages)
        assert "Пункт 1" in text and "присутствовало по листу регистрации 3" in text
        assert "больше, чем присутствующих" in text
        assert not CouncilMinutes.objects.exists()

    def test_votes_up_to_those_present_are_accepted(self, council, staff):
        exactly = AgendaItem(title="Вопрос", heard="Доклад", decided="Решение", votes_for=2, votes_against=1)
        assert save(council, staff, items=[exactly]).items.get().votes_total == 3

    def test_a_person_of_another_organisation_is_refused(self, council, staff, foreign_organisation):
        stranger = make_person(foreign_organisation, last_name="Чужаков")
        for field in ("chair", "secretary"):
            with pytest.raises(ValidationError, match="только людей своей организации"):
                save(council, staff, **{field: stranger})
        forged = AgendaItem(title="Вопрос", heard="Доклад", decided="Решение", speaker=stranger)
        with pytest.raises(ValidationError, match="только людей своей организации"):
            services.council_minutes_save(
                event=council,
                actor=None,
                number="1",
                held_on=None,
                chair=staff["chair"],
                secretary=staff["secretary"],
                items=[forged],
            )
        assert not CouncilMinutes.objects.exists()

    def test_the_chair_and_the_secretary_are_among_those_present(self, council, staff, organisation):
        with pytest.raises(ValidationError, match="Председатель — Борисов П.Ю.: в листе"):
            save(council, staff, chair=staff["absent"])
        newcomer = make_person(organisation, last_name="Новикова", first_name="Ирина")
        with pytest.raises(ValidationError, match="Секретарь — Новикова И.И.: в листе"):
            save(council, staff, secretary=newcomer)
        assert not CouncilMinutes.objects.exists()

    def test_other_mistakes_are_refused(self, council, staff, organisation):
        with pytest.raises(ValidationError, match="разные люди"):
            save(council, staff, secretary=staff["chair"])
        with pytest.raises(ValidationError, match="хотя бы один вопрос"):
            save(council, staff, items=[])
        with pytest.raises(ValidationError, match="номер протокола"):
            save(council, staff, number="  ")
        meeting = make_council(
            organisation, [staff["chair"]], [staff["chair"]], kind=Event.Kind.FINAL_MEETING
        )
        with pytest.raises(ValidationError, match="только для педагогического совета"):
            save(meeting, staff)
        assert not CouncilMinutes.objects.exists()


def page(organisation, event):
    return f"/o/{organisation.slug}/events/{event.pk}/minutes/"


def post_data(staff, *, items, number="5", **extra):
    data = {
        "number": number,
        "held_on": "2025-11-12",
        "chair": staff["chair"].pk,
        "secretary": staff["secretary"].pk,
        "attendance_list": "by_name",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "30",
    }
    for index, item in enumerate(items):
        for name, value in item.items():
            data[f"items-{index}-{name}"] = value
    data.update(extra)
    return data


ROW = {
    "title": "О внедрении наставничества",
    "heard": "Доклад заместителя директора",
    "decided": "Внедрить целевую модель наставничества",
    "votes_for": "3",
    "votes_against": "0",
    "votes_abstained": "0",
}
BLANK = dict.fromkeys(ROW, "")


class TestPage:
    def test_curator_fills_the_minutes_and_blank_rows_are_skipped(
        self, as_user, organisation, council, staff
    ):
        client = as_user("curator")
        form = client.get(page(organisation, council)).content.decode()
        assert 'name="items-0-title"' in form and 'data-testid="add-item"' in form
        main = form.split("<main", 1)[-1].split("</main>", 1)[0]
        assert "<script" not in main and " style=" not in main and " onclick" not in main
        response = client.post(page(organisation, council), post_data(staff, items=[ROW, BLANK]))
        assert response.status_code == 302
        minutes = CouncilMinutes.objects.get(event=council)
        assert minutes.number == "5" and minutes.held_on == datetime.date(2025, 11, 12)
        assert minutes.attendance_list == "by_name"
        assert [item.decided for item in minutes.items.all()] == ["Внедрить целевую модель наставничества"]
        # The filled minutes come back into the form, with the PDF and Word buttons.
        again = client.get(page(organisation, council)).content.decode()
        assert "Внедрить целевую модель наставничества" in again and 'data-testid="minutes-pdf"' in again

    def test_add_row_keeps_what_was_typed_and_removes_ticked_rows(
        self, as_user, organisation, council, staff
    ):
        client = as_user("director")
        second = {**ROW, "title": "Второй вопрос"}
        data = post_data(staff, items=[ROW, second], add_item="1", **{"items-1-DELETE": "on"})
        response = client.post(page(organisation, council), data)
        assert response.status_code == 200
        text = response.content.decode()
        assert "О внедрении наставничества" in text and "Второй вопрос" not in text
        assert 'name="items-1-title"' in text and 'name="items-2-title"' not in text
        assert "Обязательное поле" not in text
        assert not CouncilMinutes.objects.exists()
        # Saving with the second row ticked for removal keeps only the first.
        client.post(
            page(organisation, council), post_data(staff, items=[ROW, second], **{"items-1-DELETE": "on"})
        )
        assert list(MinutesItem.objects.values_list("title", flat=True)) == ["О внедрении наставничества"]

    def test_too_many_votes_are_shown_and_nothing_is_saved(self, as_user, organisation, council, staff):
        response = as_user("curator").post(
            page(organisation, council), post_data(staff, items=[{**ROW, "votes_for": "7"}])
        )
        assert response.status_code == 200
        assert "голосов не может быть больше, чем присутствующих" in response.content.decode()
        assert not CouncilMinutes.objects.exists()

    def test_a_forged_person_is_refused(self, as_user, organisation, council, staff, foreign_organisation):
        stranger = make_person(foreign_organisation, last_name="Чужаков")
        response = as_user("curator").post(
            page(organisation, council),
            post_data(staff, items=[{**ROW, "speaker": str(stranger.pk)}], chair=stranger.pk),
        )
        assert response.status_code == 200
        assert "Выберите корректный вариант" in response.content.decode()
        assert not CouncilMinutes.objects.exists()

    def test_read_only_roles_see_and_may_not_save(self, as_user, organisation, council, staff):
        save(council, staff)
        client = as_user("psychologist")
        text = client.get(page(organisation, council)).content.decode()
        assert 'data-testid="minutes-read"' in text and "Утвердить положение" in text
        assert 'name="items-0-title"' not in text
        assert client.post(page(organisation, council), post_data(staff, items=[ROW])).status_code == 403
        assert CouncilMinutes.objects.get().number == "3"
        assert as_user("teacher").get(page(organisation, council)).status_code == 403
        assert as_user("outsider").get(page(organisation, council)).status_code == 404

    def test_an_event_that_is_not_a_council_has_no_minutes_page(self, as_user, organisation, staff):
        meeting = make_council(organisation, [staff["chair"]], [], kind=Event.Kind.FINAL_MEETING)
        assert as_user("curator").get(page(organisation, meeting)).status_code == 404

    def test_event_page_and_documents_hub_lead_to_the_minutes(self, as_user, organisation, council, staff):
        client = as_user("curator")
        event_page = client.get(f"/o/{organisation.slug}/events/{council.pk}/").content.decode()
        assert page(organisation, council) in event_page
        assert "/documents/council-minutes/" not in event_page  # not filled yet
        hub = client.get(f"/o/{organisation.slug}/documents/").content.decode()
        assert page(organisation, council) in hub and "протокол не заполнен" in hub
        save(council, staff)
        event_page = client.get(f"/o/{organisation.slug}/events/{council.pk}/").content.decode()
        assert f"/documents/council-minutes/{council.pk}/pdf/" in event_page
        assert f"/documents/council-minutes/{council.pk}/docx/" in event_page
        hub = client.get(f"/o/{organisation.slug}/documents/").content.decode()
        assert f'data-testid="council-minutes-pdf-{council.pk}"' in hub and "протокол № 3" in hub

    def test_the_document_of_a_council_without_minutes_is_not_found(self, as_user, organisation, council):
        client = as_user("curator")
        assert (
            client.get(f"/o/{organisation.slug}/documents/council-minutes/{council.pk}/docx/").status_code
            == 404
        )


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.real_pdf
def test_pdf_has_the_heading_names_and_decisions(as_user, organisation, council, staff):
    save(council, staff, attendance_list=CouncilMinutes.AttendanceList.BY_NAME)
    response = as_user("curator").get(f"/o/{organisation.slug}/documents/council-minutes/{council.pk}/pdf/")
    assert response.status_code == 200
    data = _body(response)
    text = pdftotext(data)
    assert has_text(text, "ПРОТОКОЛ № 3") and has_text(text, "ПОВЕСТКА ДНЯ:")
    assert has_text(text, "Председатель: Ткаченко А.Б., директор")
    assert has_text(text, "Секретарь: Яковлева М.И.")
    # Present by name, in surname order; the absent named too.
    assert has_text(text, "Присутствовали: 3 человека: Кузнецова О.П., Ткаченко А.Б., Яковлева М.И.")
    assert has_text(text, "Отсутствовали: 1 человек: Борисов П.Ю.")
    assert "П.Ю.." not in text
    assert has_text(text, "1. СЛУШАЛИ: Кузнецову О.П., заместителя директора по УВР, — о положении")
    assert has_text(text, "ВЫСТУПИЛИ: Яковлева М. И. предложила")
    assert has_text(text, "ПОСТАНОВИЛИ: Утвердить положение о системе наставничества.")
    assert has_text(text, "Голосовали: за — 2, против — 0, воздержались — 1.")
    assert has_text(text, "А.Б. Ткаченко") and has_text(text, "М.И. Яковлева")
    assert has_text(text, timezone.localtime(council.starts_at).strftime("%d.%m.%Y"))


@pytest.mark.real_pdf
def test_pdf_lists_the_present_in_an_appendix(organisation, council, staff):
    save(council, staff, attendance_list=CouncilMinutes.AttendanceList.APPENDIX)
    kind = registry.get("council-minutes")
    text = pdftotext(kind.render_pdf(organisation, {"event": council.pk}))
    assert has_text(text, "Присутствовали: 3 человека (список прилагается).")
    assert has_text(text, "Список присутствовавших на заседании педагогического совета")
    assert (
        text.index("Кузнецова Ольга Петровна")
        < text.index("Ткаченко Анна Борисовна")
        < text.index("Яковлева Мария Игоревна")
    )


def test_word_copy_has_the_names_and_the_decision(as_user, organisation, council, staff):
    save(council, staff)
    response = as_user("curator").get(f"/o/{organisation.slug}/documents/council-minutes/{council.pk}/docx/")
    assert response.status_code == 200
    data = _body(response)
    WordDocument(io.BytesIO(data))  # opens
    text = " ".join(docx_text(data).split())
    assert "ПРОТОКОЛ № 3" in text and "ПОВЕСТКА ДНЯ:" in text
    assert "Председатель: Ткаченко А.Б., директор" in text
    assert "ПОСТАНОВИЛИ: Закрепить наставнические пары по списку куратора." in text
    assert "Голосовали: за — 3, против — 0, воздержались — 0." in text
    assert "А.Б. Ткаченко" in text and "М.И. Яковлева" in text
    assert "Кузнецова Ольга Петровна" in text  # the appendix list


def numbered(council, staff, number, held_on, **people):
    """Minutes of one short question with the given number and date."""
    return services.council_minutes_save(
        event=council,
        actor=None,
        number=number,
        held_on=held_on,
        chair=people.get("chair", staff["chair"]),
        secretary=people.get("secretary", staff["secretary"]),
        items=[AgendaItem(title="О наставничестве", heard="Доклад", decided="Одобрить", votes_for=2)],
    )


class TestNumberInYear:
    """A school numbers its council minutes 1, 2, 3… each calendar year: a number is taken once a year."""

    @pytest.fixture
    def other(self, organisation, staff):
        """Two more councils where the chair and the secretary were present."""
        people = [staff["chair"], staff["secretary"]]
        return [make_council(organisation, people, people) for _ in range(2)]

    def test_a_number_taken_in_the_year_is_refused_in_russian(self, council, other, staff):
        numbered(council, staff, "3", datetime.date(2026, 3, 2))
        with pytest.raises(ValidationError) as error:
            numbered(other[0], staff, " 3 ", datetime.date(2026, 11, 20))
        assert error.value.message_dict["number"] == [
            "Протокол № 3 за 2026 год уже есть. Следующий свободный номер — 4."
        ]
        assert CouncilMinutes.objects.count() == 1

    def test_the_same_number_is_free_in_another_year_or_organisation(
        self, council, other, staff, foreign_organisation
    ):
        numbered(council, staff, "3", datetime.date(2025, 12, 25))
        minutes = numbered(other[0], staff, "3", datetime.date(2026, 1, 15))
        assert (minutes.number, minutes.year) == ("3", 2026)
        assert CouncilMinutes.objects.get(event=council).year == 2025
        # Saving the minutes again keeps their own number; moving them into the other's year does not.
        numbered(other[0], staff, "3", datetime.date(2026, 2, 1))
        with pytest.raises(ValidationError, match="Протокол № 3 за 2025 год уже есть"):
            numbered(other[0], staff, "3", datetime.date(2025, 9, 1))
        assert CouncilMinutes.objects.get(event=other[0]).held_on == datetime.date(2026, 2, 1)
        chair, secretary = (
            make_person(foreign_organisation, last_name=name) for name in ("Антонова", "Белова")
        )
        foreign = make_council(foreign_organisation, [chair, secretary], [chair, secretary])
        numbered(foreign, staff, "3", datetime.date(2026, 1, 15), chair=chair, secretary=secretary)
        assert CouncilMinutes.objects.filter(number="3", year=2026).count() == 2

    def test_the_database_keeps_the_rule_too(self, council, other, staff, organisation):
        numbered(council, staff, "1", datetime.date(2026, 4, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            CouncilMinutes.objects.create(
                organisation=organisation, event=other[0], number="1", held_on=datetime.date(2026, 5, 1)
            )

    def test_the_form_says_the_number_is_taken_and_saves_nothing(
        self, as_user, organisation, council, other, staff
    ):
        numbered(council, staff, "3", datetime.date(2025, 10, 1))
        response = as_user("curator").post(
            page(organisation, other[0]),
            post_data(staff, items=[{**ROW, "votes_for": "2"}], number="3", held_on="2025-11-12"),
        )
        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors["number"] == ["Протокол № 3 за 2025 год уже есть. Следующий свободный номер — 4."]
        assert "Протокол № 3 за 2025 год уже есть" in response.content.decode()
        assert not CouncilMinutes.objects.filter(event=other[0]).exists()

    def test_the_create_form_offers_the_next_free_number_of_the_year(
        self, as_user, organisation, council, other, staff
    ):
        client = as_user("curator")
        assert client.get(page(organisation, other[0])).context["form"].initial["number"] == "1"
        year = timezone.localtime(other[0].starts_at).year
        numbered(council, staff, "2", datetime.date(year, 1, 10))
        numbered(other[1], staff, "7", datetime.date(year - 1, 12, 20))  # last year's do not count
        response = client.get(page(organisation, other[0]))
        assert response.context["form"].initial["number"] == "3"
        assert 'name="number" value="3"' in response.content.decode()
        # Filled minutes keep their own number in the form.
        assert client.get(page(organisation, council)).context["form"].initial["number"] == "2"
