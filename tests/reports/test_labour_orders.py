"""The orders and documents of ст. 351.8 ТК РФ, the legal basis per programme, the editable wordings, and
rewarding the best mentors."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.models import LabourAgreement, MentoringConsent, Pair, ProgrammeSettings, Role
from mentoring.organisations.declension import person_name
from mentoring.programme import labour
from reports.models import MentorNomination, Order, OrderWording
from reports.orders import services
from reports.orders import texts as order_texts
from roadmap import services as roadmap_services
from tests.conftest import make_person
from tests.reports.pdftools import has_text, page_texts, pdf_text

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 9, 5)


def draft(organisation, personas, kind, **kwargs):
    return services.order_create(
        organisation=organisation, actor=personas["curator"].user, kind=kind, today=DAY, **kwargs
    )


def settings_for(organisation, audience):
    return labour.programme_settings_update(
        organisation=organisation, actor=None, audience=audience, payment_kind="none"
    )


class TestPairsOrderRestsOnTheConsentAndTheAgreement:
    def test_no_consent_refuses_the_order(self, organisation, personas, pair_factory):
        ready = pair_factory()
        bare = pair_factory(labour_papers=False)
        with pytest.raises(ValidationError) as error:
            draft(organisation, personas, Order.Kind.PAIRS, pair_ids=[ready.pk, bare.pk])
        message = str(error.value)
        assert "ст. 351.8 ТК РФ" in message
        assert f"{bare.mentor.short_name} — нет согласия на наставничество" in message
        assert ready.mentor.short_name not in message
        assert not Order.objects.exists()

    def test_no_agreement_refuses_the_order(self, organisation, personas, pair_factory):
        pair = pair_factory(labour_papers=False)
        MentoringConsent.objects.create(organisation=organisation, person=pair.mentor, signed_on=DAY)
        with pytest.raises(ValidationError, match="нет дополнительного соглашения"):
            draft(organisation, personas, Order.Kind.PAIRS, pair_ids=[pair.pk])

    def test_signing_is_refused_when_the_papers_are_gone(self, organisation, personas, pair_factory):
        pair = pair_factory()
        order = draft(organisation, personas, Order.Kind.PAIRS, pair_ids=[pair.pk])
        LabourAgreement.objects.filter(pair=pair).delete()
        with pytest.raises(ValidationError, match="нет дополнительного соглашения"):
            services.order_sign(
                organisation=organisation, order_id=order.pk, actor=personas["director"].user, signed_on=DAY
            )
        order.refresh_from_db()
        pair.refresh_from_db()
        assert order.is_draft and pair.status == Pair.Status.PROPOSED

    def test_the_order_names_each_staff_mentor_s_consent_and_agreement(
        self, organisation, personas, pair_factory
    ):
        pair = pair_factory()
        agreement = LabourAgreement.objects.get(pair=pair)
        order = draft(organisation, personas, Order.Kind.PAIRS, pair_ids=[pair.pk])
        assert "статьёй 351.8 Трудового кодекса Российской Федерации" in order.body
        assert (
            f"{pair.mentor.short_name} — согласие от 25.08.2025, дополнительное соглашение от 28.08.2025 "
            f"№ {agreement.number}"
        ) in order.body
        services.order_sign(
            organisation=organisation, order_id=order.pk, actor=personas["director"].user, signed_on=DAY
        )
        pair.refresh_from_db()
        assert pair.status == Pair.Status.APPROVED

    def test_pairs_of_students_need_no_papers_and_the_article_is_not_cited(
        self, organisation, personas, pair_factory
    ):
        students = pair_factory(form_code="student-student", labour_papers=False)
        order = draft(organisation, personas, Order.Kind.PAIRS, pair_ids=[students.pk])
        assert "351.8" not in order.body

    def test_the_view_shows_the_refusal_in_russian(self, as_user, organisation, pair_factory):
        pair = pair_factory(labour_papers=False)
        response = as_user("curator").post(
            f"/o/{organisation.slug}/orders/new/", {"kind": "pairs", "pairs": [pair.pk]}
        )
        assert response.status_code == 200
        assert "нет согласия на наставничество" in response.content.decode()
        assert not Order.objects.exists()

    @pytest.mark.real_pdf
    def test_the_appendix_names_the_basis(self, organisation, personas, pair_factory):
        pair = pair_factory()
        students = pair_factory(form_code="student-student", labour_papers=False)
        order = draft(organisation, personas, Order.Kind.PAIRS, pair_ids=[pair.pk, students.pk])
        text = " ".join(pdf_text(services.order_pdf_bytes(order)).replace("-\n", "").split())
        assert "ст. 351.8 ТК РФ" in text and "не применяется" in text
        assert f"№ {LabourAgreement.objects.get(pair=pair).number}" in text


class TestLegalBasis:
    @pytest.mark.parametrize(
        "audience,present,absent",
        [
            ("students", ["Р-145"], ["АЗ-1128/08/657"]),
            ("teachers", ["АЗ-1128/08/657"], ["Р-145"]),
            ("both", ["Р-145", "АЗ-1128/08/657"], []),
        ],
    )
    def test_preamble_per_programme_choice(self, organisation, personas, audience, present, absent):
        settings_for(organisation, audience)
        order = draft(organisation, personas, Order.Kind.INTRODUCE_MODEL)
        preamble = order.body.split("ПРИКАЗЫВАЮ:")[0]
        for text in present:
            assert text in preamble
        for text in absent:
            assert text not in preamble
        assert "№ 1264-р" in preamble
        assert ("351.8" in preamble) is (audience != "students")

    def test_the_concept_only_since_it_was_adopted(self, organisation):
        current = ProgrammeSettings(organisation=organisation, audience="students")
        before = order_texts.legal_basis(current, today=datetime.date(2025, 5, 20), labour_applies=False)
        after = order_texts.legal_basis(current, today=datetime.date(2025, 5, 21), labour_applies=False)
        assert "1264-р" not in before and "1264-р" in after
        assert before.startswith("В соответствии с распоряжением")
        assert order_texts.legal_basis(current, today=DAY, labour_applies=True).startswith(
            "В соответствии со статьёй 351.8"
        )

    def test_the_regulation_names_who_it_is_for(self, organisation, personas):
        settings_for(organisation, "teachers")
        order = draft(organisation, personas, Order.Kind.REGULATION)
        assert "Положение о системе наставничества педагогических работников " in order.body


class TestEditableWording:
    def test_own_wording_is_used_and_reset(self, organisation, personas):
        services.order_wording_save(
            organisation=organisation,
            actor=personas["curator"].user,
            kind="introduce_model",
            text="{{ basis }}\nПРИКАЗЫВАЮ:\nВнедрить наставничество в {{ organisation }} с {{ today }}.\n"
            "Контроль за исполнением настоящего приказа оставляю за собой.",
        )
        own = draft(organisation, personas, Order.Kind.INTRODUCE_MODEL)
        assert f"1. Внедрить наставничество в {organisation.short_name} с 05.09.2025." in own.body
        assert "2. Контроль" in own.body
        services.order_wording_reset(organisation=organisation, actor=None, kind="introduce_model")
        assert not OrderWording.objects.exists()
        standard = draft(organisation, personas, Order.Kind.INTRODUCE_MODEL)
        assert "Назначить куратором внедрения" in standard.body

    def test_cancelled_orders_go_before_the_control_point(self, organisation, personas):
        old = draft(organisation, personas, Order.Kind.INTRODUCE_MODEL)
        services.order_sign(
            organisation=organisation, order_id=old.pk, actor=personas["director"].user, signed_on=DAY
        )
        new = draft(organisation, personas, Order.Kind.INTRODUCE_MODEL, cancel_ids=[old.pk])
        points = new.body.split("ПРИКАЗЫВАЮ:")[1].strip().splitlines()
        assert points[-2].startswith("5. Признать утратившим силу") and points[-1].startswith("6. Контроль")

    @pytest.mark.parametrize(
        "text,message",
        [
            ("", "пустым"),
            ("Внедрить.", "ПРИКАЗЫВАЮ"),
            ("ПРИКАЗЫВАЮ:\n{% if %}", "ошибка"),
            ("ПРИКАЗЫВАЮ:\n{{ organisation|nofilter }}", "ошибка"),
        ],
    )
    def test_bad_wording_is_refused(self, organisation, text, message):
        with pytest.raises(ValidationError, match=message):
            services.order_wording_save(organisation=organisation, actor=None, kind="pairs", text=text)
        assert not OrderWording.objects.exists()

    def test_unknown_kind(self, organisation):
        with pytest.raises(ValidationError):
            services.order_wording_save(
                organisation=organisation, actor=None, kind="free", text="ПРИКАЗЫВАЮ:"
            )

    def test_edit_page_preview_save_and_reset(self, as_user, organisation):
        client = as_user("director")
        url = f"/o/{organisation.slug}/orders/wording/roadmap/"
        page = client.get(url).content.decode()
        assert "Стандартный текст." in page and "{{ year }}" in page
        text = "Преамбула {{ organisation }},\nПРИКАЗЫВАЮ:\nУтвердить на {{ year }}.\nКонтроль оставляю."
        preview = client.post(url, {"text": text, "action": "preview"})
        assert "1. Утвердить на" in preview.content.decode() and not OrderWording.objects.exists()
        assert client.post(url, {"text": text, "action": "save"}).status_code == 302
        assert OrderWording.objects.get().text.startswith("Преамбула")
        assert "Вернуть стандартный текст" in client.get(url).content.decode()
        assert client.post(url, {"action": "reset"}).status_code == 302
        assert not OrderWording.objects.exists()

    def test_edit_page_bad_input(self, as_user, organisation):
        client = as_user("curator")
        url = f"/o/{organisation.slug}/orders/wording/pairs/"
        for text in ["", "без глагола", "ПРИКАЗЫВАЮ:\n{% for %}", "ПРИКАЗЫВАЮ:\n" + "я" * 20001]:
            response = client.post(url, {"text": text, "action": "save"})
            assert response.status_code == 200
        assert not OrderWording.objects.exists()


class TestEndingEarlyDraftsTheOrder:
    def test_the_order_is_drafted_and_signed(self, organisation, personas, pair_factory, monkeypatch):
        pair = pair_factory(status=Pair.Status.ACTIVE, start_date=datetime.date(2025, 9, 1))
        monkeypatch.setattr(labour.dates, "today", lambda organisation=None: datetime.date(2026, 1, 12))
        termination = labour.pair_end_early(
            organisation=organisation,
            pair=pair,
            actor=personas["curator"].user,
            initiator="mentor",
            notice_date=datetime.date(2025, 12, 30),
            end_date=datetime.date(2026, 1, 14),
        )
        order = Order.objects.get(kind=Order.Kind.END_PAIR)
        assert order.termination == termination and order.is_draft
        assert "уведомления наставника" in order.body and "от 30.12.2025" in order.body
        assert "Прекратить досрочно с 14.01.2026" in order.body
        assert "статьёй 351.8" in order.body
        assert f"№ {LabourAgreement.objects.get(pair=pair).number}" in order.body
        services.order_sign(
            organisation=organisation,
            order_id=order.pk,
            actor=personas["director"].user,
            signed_on=datetime.date(2026, 1, 12),
        )

    def test_the_kind_cannot_be_made_by_hand(self, organisation, personas):
        with pytest.raises(ValidationError, match="по записи о прекращении"):
            draft(organisation, personas, Order.Kind.END_PAIR)


@pytest.fixture
def final_event(organisation, personas):
    return roadmap_services.event_create(
        organisation=organisation,
        actor=None,
        data={
            "kind": "final_meeting",
            "title": "Итоговая встреча наставнических пар",
            "starts_at": timezone.now(),
            "place": "Актовый зал",
        },
        invited=[personas["teacher"]],
    )


class TestRewarding:
    def test_nominations_make_the_order_and_the_letters(
        self, organisation, personas, pair_factory, final_event
    ):
        first = pair_factory(status=Pair.Status.ACTIVE).mentor
        second = pair_factory(status=Pair.Status.COMPLETED).mentor
        for mentor, reason in (
            (first, "Высокие результаты молодого специалиста"),
            (second, "Открытые уроки"),
        ):
            services.nomination_create(
                organisation=organisation, actor=None, event=final_event, mentor=mentor, reason=reason
            )
        order = draft(organisation, personas, Order.Kind.REWARD, event_id=final_event.pk)
        assert order.title == "О поощрении наставников"
        assert (
            f"{person_name(first, 'datv')}, учителю математики — высокие результаты молодого специалиста"
            in order.body
        )
        assert "«Итоговая встреча наставнических пар»" in order.body

    @pytest.mark.real_pdf
    def test_letters_one_page_each(self, as_user, organisation, pair_factory, final_event):
        mentors = [pair_factory(status=Pair.Status.ACTIVE).mentor for _ in range(2)]
        for mentor in mentors:
            MentorNomination.objects.create(
                organisation=organisation, event=final_event, mentor=mentor, reason="Лучший наставник года"
            )
        response = as_user("curator").get(
            f"/o/{organisation.slug}/documents/thanks-letters/{final_event.pk}/pdf/"
        )
        assert response.status_code == 200
        pages = page_texts(b"".join(response.streaming_content) if response.streaming else response.content)
        assert len(pages) == 2
        for page, mentor in zip(pages, sorted(mentors, key=lambda person: person.last_name), strict=True):
            assert "Благодарственное письмо" in page and mentor.last_name in page
            assert "лучший наставник года" in page

    def test_reward_order_needs_nominations(self, organisation, personas, final_event):
        with pytest.raises(ValidationError, match="выдвинуты"):
            draft(organisation, personas, Order.Kind.REWARD, event_id=final_event.pk)
        with pytest.raises(ValidationError):
            draft(organisation, personas, Order.Kind.REWARD)

    def test_bad_nominations(self, organisation, personas, pair_factory, final_event):
        mentor = pair_factory(status=Pair.Status.ACTIVE).mentor
        stranger = make_person(organisation, roles=[Role.TEACHER])
        with pytest.raises(ValidationError, match="за что"):
            services.nomination_create(
                organisation=organisation, actor=None, event=final_event, mentor=mentor, reason="  "
            )
        with pytest.raises(ValidationError, match="Тестова[0-9]+ А.И. не была наставником"):
            services.nomination_create(
                organisation=organisation, actor=None, event=final_event, mentor=stranger, reason="Да"
            )
        council = roadmap_services.event_create(
            organisation=organisation,
            actor=None,
            data={"kind": "council", "title": "Педсовет", "starts_at": timezone.now()},
            invited=[],
        )
        with pytest.raises(ValidationError, match="итогового мероприятия"):
            services.nomination_create(
                organisation=organisation, actor=None, event=council, mentor=mentor, reason="Да"
            )
        services.nomination_create(
            organisation=organisation, actor=None, event=final_event, mentor=mentor, reason="Да"
        )
        with pytest.raises(ValidationError, match="уже выдвинута к поощрению"):
            services.nomination_create(
                organisation=organisation, actor=None, event=final_event, mentor=mentor, reason="Ещё"
            )
        assert MentorNomination.objects.count() == 1

    def test_nominations_page(self, as_user, organisation, pair_factory, final_event):
        mentor = pair_factory(status=Pair.Status.ACTIVE).mentor
        client = as_user("curator")
        url = f"/o/{organisation.slug}/events/{final_event.pk}/nominations/"
        assert client.post(url, {"mentor": mentor.pk, "reason": ""}).status_code == 200
        assert client.post(url, {"mentor": 999999, "reason": "Да"}).status_code == 200
        assert not MentorNomination.objects.exists()
        assert client.post(url, {"mentor": mentor.pk, "reason": "Наставник года"}).status_code == 302
        page = client.get(url).content.decode()
        assert "Наставник года" in page and "Подготовить приказ о поощрении" in page
        event_page = client.get(f"/o/{organisation.slug}/events/{final_event.pk}/").content.decode()
        assert "Наставники к поощрению" in event_page and "Благодарственные письма (PDF)" in event_page
        nomination = MentorNomination.objects.get()
        assert client.post(f"/o/{organisation.slug}/nominations/{nomination.pk}/delete/").status_code == 302
        assert not MentorNomination.objects.exists()


class TestLabourDocuments:
    @pytest.mark.real_pdf
    def test_consent_form_and_agreement(self, as_user, organisation, pair_factory):
        pair = pair_factory(goal="Освоить методику подготовки к ОГЭ", start_date=datetime.date(2025, 9, 1))
        client = as_user("curator")
        consent = client.get(f"/o/{organisation.slug}/documents/mentoring-consent/{pair.pk}/pdf/")
        assert consent.status_code == 200
        text = pdf_text(b"".join(consent.streaming_content) if consent.streaming else consent.content)
        assert "СОГЛАСИЕ" in text and "351.8" in text and has_text(text, pair.mentor.full_name)
        agreement = client.get(f"/o/{organisation.slug}/documents/labour-agreement/{pair.pk}/pdf/")
        assert agreement.status_code == 200
        text = pdf_text(b"".join(agreement.streaming_content) if agreement.streaming else agreement.content)
        number = LabourAgreement.objects.get(pair=pair).number
        assert has_text(text, f"ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № {number}")
        assert has_text(text, "10 % ставки") and has_text(text, "рабочих дня")
        assert has_text(text, "Освоить методику подготовки к ОГЭ")

    def test_not_for_a_pair_of_students(self, as_user, organisation, pair_factory):
        pair = pair_factory(form_code="student-student", labour_papers=False)
        response = as_user("curator").get(
            f"/o/{organisation.slug}/documents/mentoring-consent/{pair.pk}/pdf/"
        )
        assert response.status_code == 404

    def test_the_mentor_gets_their_own_consent_form(self, as_user, organisation, personas, pair_factory):
        pair = pair_factory(mentor=personas["teacher"])
        response = as_user("teacher").get(
            f"/o/{organisation.slug}/documents/mentoring-consent/{pair.pk}/pdf/"
        )
        assert response.status_code == 200


class TestRegulationAndProgramme:
    @pytest.mark.real_pdf
    @pytest.mark.parametrize(
        "key,heading", [("regulation", "ПОЛОЖЕНИЕ"), ("programme", "ПРОГРАММА НАСТАВНИЧЕСТВА")]
    )
    def test_filled_from_the_organisation(self, as_user, organisation, personas, pair_factory, key, heading):
        pair_factory()
        settings_for(organisation, "teachers")
        order = draft(organisation, personas, Order.Kind.REGULATION)
        services.order_sign(
            organisation=organisation, order_id=order.pk, actor=personas["director"].user, signed_on=DAY
        )
        response = as_user("curator").get(f"/o/{organisation.slug}/documents/{key}/pdf/")
        assert response.status_code == 200
        data = b"".join(response.streaming_content) if response.streaming else response.content
        text = " ".join(pdf_text(data).replace("-\n", "").split())
        assert heading in text and "УТВЕРЖДЕНО" in text
        assert "«учитель – учитель»" in text and "АЗ-1128/08/657" in text and "Р-145" not in text
        assert personas["curator"].last_name in text
        if key == "regulation":
            assert f"№ {order.number}" in text and "351.8" in text

    def test_not_for_a_teacher(self, as_user, organisation):
        assert as_user("teacher").get(f"/o/{organisation.slug}/documents/regulation/pdf/").status_code == 403


def test_order_pages_link_the_pair_and_the_letters(
    as_user, organisation, personas, pair_factory, final_event
):
    pair = pair_factory(status=Pair.Status.ACTIVE, start_date=datetime.date(2025, 9, 1))
    client = as_user("curator")
    order = draft(organisation, personas, Order.Kind.PAIRS, pair_ids=[pair_factory().pk])
    assert "ст. 351.8 ТК РФ:" in client.get(f"/o/{organisation.slug}/orders/{order.pk}/").content.decode()
    termination = labour.pair_end_early(
        organisation=organisation,
        pair=pair,
        actor=None,
        initiator="organisation",
        notice_date=datetime.date(2025, 12, 30),
        end_date=datetime.date(2026, 1, 14),
    )
    ended = Order.objects.get(termination=termination)
    page = client.get(f"/o/{organisation.slug}/orders/{ended.pk}/").content.decode()
    assert f"/pairs/{pair.pk}/" in page and "уведомление 30.12.2025" in page
    MentorNomination.objects.create(
        organisation=organisation, event=final_event, mentor=pair.mentor, reason="Да"
    )
    reward = draft(organisation, personas, Order.Kind.REWARD, event_id=final_event.pk)
    page = client.get(f"/o/{organisation.slug}/orders/{reward.pk}/").content.decode()
    assert "Благодарственные письма (PDF)" in page
