"""The programme documents (roadmap, individual plan, registration sheet, diagnostics comparison) and the
orders on the roadmap, the plans and the final event: the text of each PDF is read back and checked for the
names, dates and numbers of the data."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from common import dates
from mentoring.models import AuditEntry, Pair, Plan, Role
from reports.models import Order, OrderCounter
from reports.orders import services
from reports.templatetags.reports_pdf import initials_first
from roadmap import services as roadmap_services
from roadmap.models import Activity, Event, Roadmap
from surveys import services as survey_services
from tests.conftest import make_person
from tests.reports.conftest import PLAN_ITEMS, make_plan
from tests.reports.pdftools import CYRILLIC, fonts, has_text, page_texts, pdf_text, squashed
from tests.surveys.conftest import TODAY as SURVEY_DAY
from tests.surveys.conftest import build, opened

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 9, 5)


def url(organisation, tail):
    return f"/o/{organisation.slug}/documents/{tail}"


def is_landscape(data: bytes) -> list[bool]:
    return [
        float(page.mediabox.width) > float(page.mediabox.height) for page in PdfReader(io.BytesIO(data)).pages
    ]


def flat(text: str) -> str:
    """The text with every run of white space as one space (table cells wrap their words), and the words
    hyphenated at the end of a line of a narrow cell («знаком- ство») joined again."""
    return re.sub(r"(?<=[а-яё])- (?=[а-яё])", "", " ".join(text.split()))


@pytest.fixture
def roadmap(personas, organisation):
    return roadmap_services.roadmap_create_from_template(
        organisation=organisation,
        actor=personas["curator"].user,
        template_slug="school-support-plan",
        academic_year="2025/2026",
    )


@pytest.fixture
def foreign_roadmap(foreign_organisation):
    return roadmap_services.roadmap_create_from_template(
        organisation=foreign_organisation,
        actor=None,
        template_slug="kindergarten-plan",
        academic_year="2025/2026",
    )


def approve(roadmap, personas, day=DAY):
    return roadmap_services.roadmap_approve(
        roadmap=roadmap,
        actor=personas["director"].user,
        approved_on=day,
        approver_position="Директор",
        approver_name="А.Б. Ткаченко",
    )


# --- The roadmap -----------------------------------------------------------------------------------------


class TestRoadmapDocument:
    @pytest.mark.real_pdf
    def test_draft_has_a_blank_approval_and_every_activity(self, as_user, organisation, roadmap, personas):
        response = as_user("curator").get(url(organisation, f"roadmap/{roadmap.pk}/pdf/"))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        data = response.content
        text = flat(pdf_text(data))
        assert "УТВЕРЖДАЮ" in text and has_text(text, "«___» ____________ 20___ г.")
        assert has_text(text, initials_first(personas["director"]))
        assert CYRILLIC.search(text)
        for stage in roadmap.stages.all():
            assert has_text(text, flat(stage.title)[:40]), stage.title
        activities = list(Activity.objects.filter(stage__roadmap=roadmap))
        assert len(activities) > 10
        for activity in activities:
            assert has_text(text, flat(activity.title)[:30]), activity.title
        # Six columns do not fit a portrait page; every page repeats the header of the table.
        assert all(is_landscape(data))
        pages = page_texts(data)
        assert len(pages) > 1
        assert all("Сроки" in page and "№ п/п" in page for page in pages)
        assert all(fonts(data).values()) and any("Tinos" in name for name in fonts(data))

    @pytest.mark.real_pdf
    def test_approved_roadmap_names_the_approver_and_the_order(
        self, as_user, organisation, roadmap, personas
    ):
        approve(roadmap, personas)
        order = services.order_create(
            organisation=organisation, actor=None, kind=Order.Kind.ROADMAP, roadmap_id=roadmap.pk
        )
        services.order_sign(
            organisation=organisation, order_id=order.pk, actor=personas["director"].user, signed_on=DAY
        )
        text = flat(
            pdf_text(as_user("director").get(url(organisation, f"roadmap/{roadmap.pk}/pdf/")).content)
        )
        assert "УТВЕРЖДАЮ" in text and "А.Б. Ткаченко" in text
        assert "«05» сентября 2025 г." in text
        assert "Приказ от 05.09.2025 № 1-ОД" in text

    @pytest.mark.real_pdf
    def test_marks_show_what_is_done(self, as_user, organisation, roadmap, personas):
        activity = Activity.objects.filter(stage__roadmap=roadmap).order_by("stage__order", "order").first()
        roadmap_services.activity_set_status(
            activity=activity,
            actor=None,
            status=Activity.Status.DONE,
            completed_on=datetime.date(2025, 10, 1),
        )
        client = as_user("curator")
        plain = flat(pdf_text(client.get(url(organisation, f"roadmap/{roadmap.pk}/pdf/")).content))
        marked = flat(pdf_text(client.get(url(organisation, f"roadmap/{roadmap.pk}/pdf/?marks=1")).content))
        assert "Отметка о выполнении" not in plain
        assert "Отметка о выполнении" in marked and "выполнено 01.10.2025" in marked

    @pytest.mark.real_pdf
    def test_columns_of_the_source_document(self, as_user, organisation, roadmap):
        Roadmap.objects.filter(pk=roadmap.pk).update(
            column_layout=[["title", "Содержание работы"], ["deadline", "Срок"], ["skip", "Примечание"]]
        )
        data = as_user("curator").get(url(organisation, f"roadmap/{roadmap.pk}/pdf/")).content
        text = flat(pdf_text(data))
        assert "Содержание работы" in text and "Примечание" not in text and "Ответственный" not in text
        assert not any(is_landscape(data))  # three columns fit a portrait page

    def test_teacher_and_other_organisations_get_nothing(
        self, as_user, organisation, roadmap, foreign_roadmap
    ):
        assert as_user("teacher").get(url(organisation, f"roadmap/{roadmap.pk}/pdf/")).status_code == 403
        assert (
            as_user("curator").get(url(organisation, f"roadmap/{foreign_roadmap.pk}/pdf/")).status_code == 404
        )

    def test_roadmap_page_has_the_buttons(self, as_user, organisation, roadmap):
        page = as_user("curator").get(f"/o/{organisation.slug}/roadmap/{roadmap.pk}/").content.decode()
        assert f"/documents/roadmap/{roadmap.pk}/pdf/" in page
        assert f"/orders/new/?kind=roadmap&amp;roadmap={roadmap.pk}" in page


# --- The individual plan ---------------------------------------------------------------------------------


class TestPlanDocument:
    @pytest.mark.real_pdf
    def test_plan_with_its_items_progress_and_signatures(self, as_user, organisation, plan_of_named_pair):
        pair = plan_of_named_pair.pair
        response = as_user("curator").get(url(organisation, f"pair-plan/{pair.pk}/pdf/"))
        assert response.status_code == 200
        text = flat(pdf_text(response.content))
        assert "ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА" in text
        assert "Петрова Елена Ивановна" in text and "Смирнов Дмитрий Олегович" in text
        assert "учитель – учитель" in text and "Освоить методику подготовки к ОГЭ" in text
        assert "с 15.09.2025 по 31.05.2026" in text
        for title, day, result, _done in PLAN_ITEMS:
            assert title in text and result in text and f"{day:02d}.09.2025" in text
        assert text.count("выполнено") >= 2 and "Выполнено 2 из 4 пунктов плана — 50 %" in text
        for position in ("Наставник", "Наставляемый", "Куратор"):
            assert position in text
        assert "Е.И. Петрова" in text and "Д.О. Смирнов" in text
        assert "УТВЕРЖДАЮ" not in text  # not approved yet

    @pytest.mark.real_pdf
    def test_approved_plan_has_the_directors_approval(
        self, as_user, organisation, personas, plan_of_named_pair
    ):
        order = services.order_create(
            organisation=organisation, actor=None, kind=Order.Kind.PLANS, plan_ids=[plan_of_named_pair.pk]
        )
        services.order_sign(organisation=organisation, order_id=order.pk, actor=personas["director"].user)
        pair = plan_of_named_pair.pair
        text = flat(pdf_text(as_user("curator").get(url(organisation, f"pair-plan/{pair.pk}/pdf/")).content))
        assert "УТВЕРЖДАЮ" in text and initials_first(personas["director"]) in text
        assert "Приказ от" in text and "№ 1-ОД" in text

    def test_teacher_gets_the_plan_of_their_own_pair_only(
        self, as_user, organisation, personas, pair_factory
    ):
        own = pair_factory(mentees=[personas["teacher"]], status=Pair.Status.ACTIVE)
        other = pair_factory(status=Pair.Status.ACTIVE)
        make_plan(own)
        make_plan(other)
        client = as_user("teacher")
        assert client.get(url(organisation, f"pair-plan/{own.pk}/pdf/")).status_code == 200
        assert client.get(url(organisation, f"pair-plan/{other.pk}/pdf/")).status_code == 404
        page = client.get(f"/o/{organisation.slug}/pairs/{own.pk}/").content.decode()
        assert f"/documents/pair-plan/{own.pk}/pdf/" in page

    def test_pair_without_a_plan_and_foreign_pairs_are_404(
        self, as_user, organisation, neighbour_organisation, pair_factory
    ):
        without = pair_factory(status=Pair.Status.ACTIVE)
        foreign = pair_factory(organisation=neighbour_organisation, status=Pair.Status.ACTIVE)
        make_plan(foreign)
        client = as_user("curator")
        assert client.get(url(organisation, f"pair-plan/{without.pk}/pdf/")).status_code == 404
        assert client.get(url(organisation, f"pair-plan/{foreign.pk}/pdf/")).status_code == 404
        page = client.get(f"/o/{organisation.slug}/pairs/{without.pk}/").content.decode()
        assert "pair-plan" not in page and f"/documents/pair-agreement/{without.pk}/pdf/" in page


# --- The registration sheet ------------------------------------------------------------------------------


def make_event(organisation, people, *, days: int, attended=()):
    when = timezone.make_aware(datetime.datetime.combine(dates.today(), datetime.time(15, 0)))
    when += datetime.timedelta(days=days)
    event = roadmap_services.event_create(
        organisation=organisation,
        actor=None,
        data={
            "kind": Event.Kind.FINAL_MEETING,
            "title": "Итоговая встреча наставнических пар",
            "starts_at": when,
            "ends_at": when + datetime.timedelta(hours=2),
            "place": "Актовый зал",
        },
        invited=people,
    )
    if attended:
        roadmap_services.attendance_set(event=event, actor=None, invited=people, attended=attended)
    return event


class TestRegistrationSheet:
    @pytest.mark.real_pdf
    def test_past_event_marks_who_came(self, as_user, organisation):
        people = [
            make_person(organisation, roles=[Role.TEACHER], last_name="Орлова", position="Учитель химии"),
            make_person(organisation, roles=[Role.TEACHER], last_name="Зайцев", position="Учитель истории"),
        ]
        event = make_event(organisation, people, days=-3, attended=people[:1])
        response = as_user("curator").get(url(organisation, f"event-registration/{event.pk}/pdf/"))
        assert response.status_code == 200
        text = flat(pdf_text(response.content))
        assert "ЛИСТ РЕГИСТРАЦИИ" in text
        assert has_text(text, "Итоговая встреча наставнических пар") and has_text(text, "Актовый зал")
        start = timezone.localtime(event.starts_at)
        assert f"{start:%H:%M}" in text and str(start.year) in text
        for person in people:
            assert has_text(text, person.full_name) and has_text(text, person.position)
        assert has_text(text, "Отметка о явке") and squashed(text).count("присутств.") == 1
        assert has_text(text, "Приглашено: 2; присутствовало: 1.")
        assert "Подпись" in text and "Ответственный" in text

    @pytest.mark.real_pdf
    def test_future_event_has_no_marks(self, as_user, organisation, personas):
        event = make_event(organisation, [personas["teacher"]], days=10)
        text = flat(
            pdf_text(as_user("curator").get(url(organisation, f"event-registration/{event.pk}/pdf/")).content)
        )
        assert personas["teacher"].full_name in text and "Отметка о явке" not in text

    def test_event_page_button_and_scoping(self, as_user, organisation, foreign_organisation, personas):
        event = make_event(organisation, [personas["teacher"]], days=10)
        foreign = make_event(foreign_organisation, [], days=10)
        client = as_user("curator")
        page = client.get(f"/o/{organisation.slug}/events/{event.pk}/").content.decode()
        assert f"/documents/event-registration/{event.pk}/pdf/" in page
        assert f"/orders/new/?kind=final_event&amp;event={event.pk}" in page
        assert client.get(url(organisation, f"event-registration/{foreign.pk}/pdf/")).status_code == 404
        assert (
            as_user("teacher").get(url(organisation, f"event-registration/{event.pk}/pdf/")).status_code
            == 403
        )


# --- The comparison of the entry and final diagnostics ---------------------------------------------------

QUESTIONS = [
    {"code": "Q01", "type": "scale", "text": "Уверенность в профессии", "scale": [1, 10, "", ""]},
    {
        "code": "Q02",
        "type": "matrix",
        "text": "Компетенции",
        "scale": [1, 5, "", ""],
        "statements": ["Проектирование урока", "Работа с родителями"],
    },
]


@pytest.fixture
def final_wave(organisation, named_pair):
    mentor = named_pair.mentor
    mentee = named_pair.pair_mentees.get().mentee
    entry = opened(organisation, QUESTIONS, title="Входная диагностика")
    for person, raw in {
        mentor: {"Q01": "6", "Q02": ["3", "2"]},
        mentee: {"Q01": "3", "Q02": ["2", "2"]},
    }.items():
        survey_services.response_submit(
            invitation=entry.invitations.get(person=person), raw=raw, actor=None, today=SURVEY_DAY
        )
    survey_services.questionnaire_close(questionnaire=entry, actor=None)
    final = survey_services.questionnaire_final_wave_create(questionnaire=entry, actor=None)
    survey_services.questionnaire_open(questionnaire=final, actor=None, today=SURVEY_DAY)
    for person, raw in {
        mentor: {"Q01": "8", "Q02": ["4", "2"]},
        mentee: {"Q01": "7", "Q02": ["4", "3"]},
    }.items():
        survey_services.response_submit(
            invitation=final.invitations.get(person=person), raw=raw, actor=None, today=SURVEY_DAY
        )
    return final


class TestComparisonDocument:
    @pytest.mark.real_pdf
    def test_table_with_groups_deltas_and_chart(self, as_user, organisation, final_wave):
        response = as_user("psychologist").get(url(organisation, f"survey-comparison/{final_wave.pk}/pdf/"))
        assert response.status_code == 200
        data = response.content
        assert all(is_landscape(data))
        text = flat(pdf_text(data))
        assert "СРАВНИТЕЛЬНАЯ ТАБЛИЦА" in text and "по учёту изменений" in text
        assert "Входная диагностика" in text
        for label in ("Все", "Наставники", "Наставляемые", "Форма «учитель – учитель»"):
            assert label in text
        # Q01: all 4,50 → 7,50 (+3,00); mentors 6 → 8 (+2,00); mentees 3 → 7 (+4,00).
        assert "4,50 7,50 +3,00" in text
        assert "6,00 8,00 +2,00" in text and "3,00 7,00 +4,00" in text
        # The changes by pair, and the chart drawn from the same numbers (its legend is text in the PDF).
        assert "Петрова Е.И. — Смирнов Д.О." in text
        assert "Итоговая" in text and "Проектирование урока" in text
        assert "Q02.2" in text and "−" not in text.split("Q02.2")[0][-5:]

    def test_only_a_final_wave_of_the_organisation(
        self, as_user, organisation, foreign_organisation, final_wave
    ):
        client = as_user("curator")
        assert (
            client.get(url(organisation, f"survey-comparison/{final_wave.previous_wave_id}/pdf/")).status_code
            == 404
        )
        foreign = build(foreign_organisation, QUESTIONS)
        assert client.get(url(organisation, f"survey-comparison/{foreign.pk}/pdf/")).status_code == 404
        assert (
            as_user("teacher").get(url(organisation, f"survey-comparison/{final_wave.pk}/pdf/")).status_code
            == 403
        )
        page = as_user("curator").get(f"/o/{organisation.slug}/surveys/{final_wave.pk}/comparison/")
        page = page.content.decode()
        assert f"/documents/survey-comparison/{final_wave.pk}/pdf/" in page


# --- The order on the roadmap ----------------------------------------------------------------------------


class TestRoadmapOrder:
    @pytest.mark.real_pdf
    def test_signing_approves_a_draft_roadmap_and_freezes_it_as_the_appendix(
        self, organisation, personas, roadmap
    ):
        order = services.order_create(
            organisation=organisation, actor=None, kind=Order.Kind.ROADMAP, roadmap_id=roadmap.pk
        )
        assert "2025/2026 учебный год (приложение к настоящему приказу)" in order.body
        order = services.order_sign(
            organisation=organisation, order_id=order.pk, actor=personas["director"].user, signed_on=DAY
        )
        roadmap.refresh_from_db()
        assert roadmap.status == Roadmap.Status.APPROVED and roadmap.approved_on == DAY
        assert roadmap.approver_name == order.signer_name and roadmap.approved_by == personas["director"].user
        assert AuditEntry.objects.filter(action="roadmap.approved", target_id=roadmap.pk).count() == 1
        data = order.pdf.read()
        pages = page_texts(data)
        assert "ПРИКАЗ" in pages[0].split()
        assert is_landscape(data)[0] is False and all(is_landscape(data)[1:])
        appendix = flat(" ".join(pages[1:]))
        assert "Приложение к приказу Школа № 1 от 05.09.2025 № 1-ОД" in appendix
        first = Activity.objects.filter(stage__roadmap=roadmap).order_by("stage__order", "order").first()
        assert flat(first.title)[:30] in appendix
        # Later edits of the roadmap never reach the signed file.
        Activity.objects.filter(pk=first.pk).update(title="Совсем другое мероприятие")
        order.refresh_from_db()
        assert "Совсем другое" not in pdf_text(order.pdf.read())

    def test_approved_roadmap_is_only_linked(self, organisation, personas, roadmap):
        approve(roadmap, personas, day=datetime.date(2025, 9, 1))
        order = services.order_create(
            organisation=organisation, actor=None, kind=Order.Kind.ROADMAP, roadmap_id=roadmap.pk
        )
        services.order_sign(
            organisation=organisation, order_id=order.pk, actor=personas["director"].user, signed_on=DAY
        )
        roadmap.refresh_from_db()
        assert roadmap.approved_on == datetime.date(2025, 9, 1) and roadmap.approver_name == "А.Б. Ткаченко"

    def test_roadmap_archived_before_signing_is_refused_and_nothing_changes(
        self, organisation, personas, roadmap
    ):
        order = services.order_create(
            organisation=organisation, actor=None, kind=Order.Kind.ROADMAP, roadmap_id=roadmap.pk
        )
        roadmap_services.roadmap_archive(roadmap=roadmap, actor=None)
        with pytest.raises(ValidationError):
            services.order_sign(organisation=organisation, order_id=order.pk, actor=personas["director"].user)
        order.refresh_from_db()
        assert order.is_draft and not order.number and not OrderCounter.objects.filter(last_sequence__gt=0)

    def test_foreign_or_misplaced_roadmap_is_refused(self, organisation, roadmap, foreign_roadmap):
        with pytest.raises(ValidationError):
            services.order_create(
                organisation=organisation, actor=None, kind=Order.Kind.ROADMAP, roadmap_id=foreign_roadmap.pk
            )
        with pytest.raises(ValidationError):
            services.order_create(
                organisation=organisation, actor=None, kind=Order.Kind.REGULATION, roadmap_id=roadmap.pk
            )
        assert not Order.objects.exists()


# --- The order on the individual plans -------------------------------------------------------------------


@pytest.fixture
def two_plans(organisation, pair_factory):
    pairs = [pair_factory(status=Pair.Status.ACTIVE) for _ in range(2)]
    return [make_plan(pair, items=PLAN_ITEMS) for pair in pairs]


class TestPlansOrder:
    @pytest.mark.real_pdf
    def test_signing_approves_every_plan_and_lists_them(self, organisation, personas, two_plans):
        order = services.order_create(
            organisation=organisation,
            actor=None,
            kind=Order.Kind.PLANS,
            plan_ids=[plan.pk for plan in two_plans],
        )
        assert "всего: 2" in order.body
        order = services.order_sign(
            organisation=organisation, order_id=order.pk, actor=personas["director"].user, signed_on=DAY
        )
        for plan in two_plans:
            plan.refresh_from_db()
            assert plan.approved_at is not None and plan.approved_by == personas["director"].user
        assert AuditEntry.objects.filter(action="plan.approved").count() == 2
        assert AuditEntry.objects.get(action="order.signed").changes["plans"] == 2
        text = flat(pdf_text(order.pdf.read()))
        assert "Перечень утверждаемых индивидуальных планов" in text
        for plan in two_plans:
            assert plan.pair.mentor.full_name in text
            assert plan.pair.pair_mentees.get().mentee.full_name in text

    def test_a_plan_is_approved_once(self, organisation, personas, two_plans):
        first, second = (
            services.order_create(
                organisation=organisation,
                actor=None,
                kind=Order.Kind.PLANS,
                plan_ids=[plan.pk for plan in plans],
            )
            for plans in (two_plans, two_plans[:1])
        )
        services.order_sign(organisation=organisation, order_id=first.pk, actor=personas["director"].user)
        with pytest.raises(ValidationError, match="уже утверждены"):
            services.order_sign(
                organisation=organisation, order_id=second.pk, actor=personas["director"].user
            )
        second.refresh_from_db()
        assert second.is_draft and not second.number
        assert OrderCounter.objects.get().last_sequence == 1  # the refused signing used no number
        assert AuditEntry.objects.filter(action="plan.approved").count() == 2
        # An approved plan cannot be put into a new order at all.
        with pytest.raises(ValidationError):
            services.order_create(
                organisation=organisation, actor=None, kind=Order.Kind.PLANS, plan_ids=[two_plans[0].pk]
            )

    def test_all_or_nothing(self, organisation, personas, two_plans):
        order = services.order_create(
            organisation=organisation,
            actor=None,
            kind=Order.Kind.PLANS,
            plan_ids=[plan.pk for plan in two_plans],
        )
        two_plans[1].items.all().delete()  # an empty plan cannot be approved
        with pytest.raises(ValidationError):
            services.order_sign(organisation=organisation, order_id=order.pk, actor=personas["director"].user)
        assert not Plan.objects.filter(approved_at__isnull=False).exists()
        order.refresh_from_db()
        assert order.is_draft and not order.pdf

    def test_pair_stopped_before_signing_is_refused(self, organisation, personas, two_plans):
        order = services.order_create(
            organisation=organisation, actor=None, kind=Order.Kind.PLANS, plan_ids=[two_plans[0].pk]
        )
        Pair.objects.filter(pk=two_plans[0].pair_id).update(status=Pair.Status.TERMINATED)
        with pytest.raises(ValidationError, match="больше не работает"):
            services.order_sign(organisation=organisation, order_id=order.pk, actor=personas["director"].user)

    def test_only_plans_of_the_organisation_and_only_in_a_plans_order(
        self, organisation, neighbour_organisation, personas, two_plans, pair_factory
    ):
        foreign = make_plan(pair_factory(organisation=neighbour_organisation, status=Pair.Status.ACTIVE))
        for kind, ids in (
            (Order.Kind.PLANS, [foreign.pk]),
            (Order.Kind.PLANS, []),
            (Order.Kind.FREE, [two_plans[0].pk]),
        ):
            with pytest.raises(ValidationError):
                services.order_create(
                    organisation=organisation, actor=None, kind=kind, title="Т", plan_ids=ids
                )
        assert not Order.objects.exists()


# --- The order on the final event ------------------------------------------------------------------------


class TestFinalEventOrder:
    @pytest.mark.real_pdf
    def test_wording_from_the_event(self, organisation, personas, roadmap):
        activity = Activity.objects.filter(stage__roadmap=roadmap).first()
        responsible = make_person(
            organisation,
            roles=[Role.TEACHER],
            last_name="Кустова",
            first_name="Наталья",
            patronymic="Фёдоровна",
            position="Заместитель директора по УВР",
        )
        activity.responsible_people.add(responsible)
        event = make_event(organisation, [personas["teacher"]], days=30)
        Event.objects.filter(pk=event.pk).update(activity=activity)
        order = services.order_create(
            organisation=organisation, actor=None, kind=Order.Kind.FINAL_EVENT, event_id=event.pk
        )
        start = timezone.localtime(event.starts_at)
        assert f"Провести {start:%d.%m.%Y} в 15:00 (Актовый зал)" in order.body
        assert "«Итоговая встреча наставнических пар»" in order.body
        assert "Кустову Наталью Фёдоровну, заместителя директора по УВР" in order.body
        assert order.event == event
        order = services.order_sign(
            organisation=organisation, order_id=order.pk, actor=personas["director"].user
        )
        text = flat(pdf_text(order.pdf.read()))
        assert f"{start:%d.%m.%Y} в 15:00" in text and "Кустову Наталью Фёдоровну" in text

    def test_event_of_another_organisation_is_refused(self, organisation, foreign_organisation):
        foreign = make_event(foreign_organisation, [], days=30)
        with pytest.raises(ValidationError):
            services.order_create(
                organisation=organisation, actor=None, kind=Order.Kind.FINAL_EVENT, event_id=foreign.pk
            )


# --- The order form --------------------------------------------------------------------------------------


class TestOrderForm:
    def test_from_the_roadmap_page(self, as_user, organisation, roadmap):
        client = as_user("curator")
        page = client.get(
            f"/o/{organisation.slug}/orders/new/?kind=roadmap&roadmap={roadmap.pk}"
        ).content.decode()
        assert f'<option value="{roadmap.pk}" selected>' in page
        response = client.post(
            f"/o/{organisation.slug}/orders/new/", {"kind": "roadmap", "roadmap": roadmap.pk, "event": ""}
        )
        order = Order.objects.get()
        assert response.status_code == 302 and order.roadmap == roadmap
        detail = client.get(f"/o/{organisation.slug}/orders/{order.pk}/").content.decode()
        assert f"/roadmap/{roadmap.pk}/" in detail and 'data-testid="order-roadmap"' in detail

    def test_other_kinds_ignore_a_chosen_roadmap(self, as_user, organisation, roadmap):
        as_user("curator").post(
            f"/o/{organisation.slug}/orders/new/", {"kind": "regulation", "roadmap": roadmap.pk}
        )
        assert Order.objects.get().roadmap is None

    @pytest.mark.parametrize("bad", ["", "999999", "abc"])
    def test_plans_order_needs_real_plans(self, as_user, organisation, bad):
        response = as_user("curator").post(
            f"/o/{organisation.slug}/orders/new/", {"kind": "plans", "plans": bad}
        )
        assert response.status_code == 200 and not Order.objects.exists()
        assert "индивидуальн" in response.content.decode()

    def test_plans_order_by_the_form_and_its_edit(self, as_user, organisation, two_plans):
        client = as_user("curator")
        client.post(
            f"/o/{organisation.slug}/orders/new/", {"kind": "plans", "plans": [plan.pk for plan in two_plans]}
        )
        order = Order.objects.get()
        assert set(order.plans.all()) == set(two_plans)
        response = client.post(
            f"/o/{organisation.slug}/orders/{order.pk}/edit/",
            {"title": order.title, "body": order.body, "plans": [two_plans[0].pk]},
        )
        assert response.status_code == 302
        assert list(order.plans.all()) == [two_plans[0]]
        bad = client.post(
            f"/o/{organisation.slug}/orders/{order.pk}/edit/", {"title": order.title, "body": order.body}
        )
        assert bad.status_code == 200 and list(order.plans.all()) == [two_plans[0]]
