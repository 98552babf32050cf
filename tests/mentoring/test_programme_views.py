"""The programme's pages through the client: lists with pinned query counts, forms with bad input, the
director's approval page, a teacher's own pair."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.models import AuditEntry, Consent, Meeting, MentorProfile, Pair, Partner, PlanItem
from mentoring.programme import services
from tests.conftest import make_person
from tests.mentoring.conftest import TODAY, add_mentee, add_mentor, approve, proposed_pair

pytestmark = pytest.mark.django_db


def url(name, organisation, *args):
    return reverse(f"mentoring:{name}", args=[organisation.slug, *args])


class TestListsQueryCounts:
    @pytest.mark.parametrize("count", [10, 60])
    def test_mentor_base(self, as_user, organisation, personas, count, django_assert_num_queries):
        for _ in range(count):
            add_mentor(organisation, competencies=["Работа с родителями", "Классное руководство"])
        client = as_user("curator")
        # session, user, organisation, roles, coordinator check, person, summary ×2, count, page, competencies
        # prefetch, competency filter options, municipalities, organisations
        with django_assert_num_queries(11):
            response = client.get(url("mentors", organisation))
        assert response.status_code == 200
        assert len(response.context["page"]) == min(count, 50)

    @pytest.mark.parametrize("count", [10, 60])
    def test_mentee_base(self, as_user, organisation, personas, count, django_assert_num_queries):
        for _ in range(count):
            add_mentee(organisation, requests=["Дисциплина на уроке"])
        client = as_user("curator")
        with django_assert_num_queries(11):
            assert client.get(url("mentees", organisation)).status_code == 200

    @pytest.mark.parametrize("count", [10, 60])
    def test_pairs(self, as_user, organisation, personas, count, django_assert_num_queries):
        for _ in range(count):
            pair = proposed_pair(organisation, add_mentor(organisation), [add_mentee(organisation)])
            services.plan_item_save(
                plan=services.plan_create(pair=pair, actor=None), actor=None, data={"title": "Пункт"}
            )
        client = as_user("curator")
        # session, user, organisation, roles, coordinator check, person, count, at risk, summary,
        # municipalities, organisations, page, mentees prefetch
        with django_assert_num_queries(10):
            assert client.get(url("pairs", organisation) + "?status=").status_code == 200

    def test_search_and_filters(self, as_user, organisation, personas):
        add_mentor(organisation, last_name="Кустова", competencies=["Работа с родителями"])
        add_mentor(organisation, last_name="Белова", consent=False)
        client = as_user("curator")
        names = lambda response: [p.person.last_name for p in response.context["page"]]  # noqa: E731
        assert names(client.get(url("mentors", organisation) + "?q=кустова")) == ["Кустова"]
        assert names(client.get(url("mentors", organisation) + "?consent=no")) == ["Белова"]
        response = client.get(url("mentors", organisation))
        assert response.context["summary"]["mentors"]["no_consent"] == 1
        assert "Нет согласия на обработку персональных данных у 1 наставника" in response.content.decode()


class TestBaseForms:
    def test_curator_adds_a_person_of_the_organisation_only(self, as_user, organisation, personas):
        client = as_user("curator")
        response = client.post(
            url("mentor_add", organisation),
            {"person": personas["outsider"].pk, "status": "potential", "capacity": 1},
        )
        assert response.status_code == 200 and "person" in response.context["form"].errors
        person = make_person(organisation)
        response = client.post(
            url("mentor_add", organisation), {"person": person.pk, "status": "potential", "capacity": 1}
        )
        assert response.status_code == 302
        assert MentorProfile.objects.filter(person=person, organisation=organisation).exists()

    @pytest.mark.parametrize(
        "data",
        [
            {"status": "potential", "capacity": 0},
            {"status": "potential", "capacity": 1, "training_date": "01.01.2999"},
            {"status": "ready", "capacity": 1},  # no consent
            {"status": "sleeping", "capacity": 1},
        ],
    )
    def test_bad_mentor_data_changes_nothing(self, as_user, organisation, personas, data):
        person = make_person(organisation)
        response = as_user("curator").post(url("mentor_add", organisation), {"person": person.pk, **data})
        assert response.status_code == 200
        assert not MentorProfile.objects.exists()

    def test_consent_form_rejects_future_date_and_bad_scan(self, as_user, organisation, personas):
        client = as_user("curator")
        person = make_person(organisation)
        future = (TODAY + datetime.timedelta(days=3)).isoformat()
        response = client.post(
            url("consent_add", organisation, person.pk), {"given_on": future, "text_version": "ред. 2024"}
        )
        assert response.status_code == 200 and "given_on" in response.context["form"].errors
        response = client.post(
            url("consent_add", organisation, person.pk),
            {
                "given_on": TODAY.isoformat(),
                "text_version": "ред. 2024",
                "file": SimpleUploadedFile("scan.pdf", b"GIF89a"),
            },
        )
        assert response.status_code == 200 and "file" in response.context["form"].errors
        assert not Consent.objects.exists()
        response = client.post(
            url("consent_add", organisation, person.pk),
            {
                "given_on": TODAY.isoformat(),
                "text_version": "ред. 2024",
                "file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 scan"),
            },
        )
        consent = Consent.objects.get(person=person)
        assert response.status_code == 302 and consent.file
        download = client.get(url("consent_file", organisation, consent.pk))
        assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 scan"
        assert as_user("director").get(url("consent_file", organisation, consent.pk)).status_code == 403

    def test_consent_message_declines_the_name(self, as_user, organisation, personas):
        from django.contrib.messages import get_messages

        person = make_person(organisation, last_name="Жуков", first_name="Андрей", patronymic="Петрович")
        response = as_user("curator").post(
            url("consent_add", organisation, person.pk),
            {"given_on": TODAY.isoformat(), "text_version": "ред. 2024"},
        )
        assert response.status_code == 302
        assert [str(m) for m in get_messages(response.wsgi_request)] == ["Согласие Жукова А. П. внесено."]

    def test_partner_crud_and_duplicate_name(self, as_user, organisation, personas):
        client = as_user("curator")
        data = {"name": "СахГУ", "agreement_number": "7-С", "agreement_date": "2025-02-01"}
        assert client.post(url("partner_create", organisation), data).status_code == 302
        response = client.post(url("partner_create", organisation), data)
        assert response.status_code == 200 and Partner.objects.count() == 1
        response = client.post(
            url("partner_create", organisation), {**data, "name": "Другой", "agreement_date": "31.02.2025"}
        )
        assert response.status_code == 200 and Partner.objects.count() == 1
        partner = Partner.objects.get()
        assert client.post(url("partner_delete", organisation, partner.pk)).status_code == 302
        assert (
            client.post(url("partner_delete", organisation, partner.pk)).status_code == 302
        )  # twice: harmless
        assert not Partner.objects.exists()


class TestMatchingAndApprovalPages:
    def test_curator_runs_matching_accepts_and_director_approves_all(self, as_user, organisation, personas):
        for _ in range(3):
            add_mentor(organisation, competencies=["Дисциплина на уроке"])
            add_mentee(organisation, requests=["Дисциплина на уроке"])
        curator = as_user("curator")
        assert curator.post(url("matching", organisation)).status_code == 302
        suggestions = curator.get(url("matching", organisation)).context["suggestions"]
        assert len(suggestions) == 3
        for suggestion in suggestions:
            response = curator.post(url("suggestion_accept", organisation, suggestion.pk), {"quick": "1"})
            assert response.status_code == 302
        # a double click on «Принять» creates nothing more
        curator.post(url("suggestion_accept", organisation, suggestions[0].pk), {"quick": "1"})
        assert Pair.objects.filter(status="proposed").count() == 3
        director = as_user("director")
        page = director.get(url("pairs_approval", organisation))
        ids = [pair.pk for pair in page.context["proposed"]]
        response = director.post(
            url("pairs_approval", organisation), {"pair": ids, "action": "approve"}, follow=True
        )
        assert "Утверждено пар и групп: 3" in response.content.decode()
        assert Pair.objects.filter(status="approved", approved_by=personas["director"].user).count() == 3
        response = director.post(
            url("pairs_approval", organisation), {"pair": ids, "action": "approve"}, follow=True
        )
        assert "уже рассмотрены" in response.content.decode()
        assert AuditEntry.objects.filter(action="pair.approved").count() == 3

    def test_reject_needs_a_reason_and_forged_ids_change_nothing(
        self, as_user, organisation, personas, pair_world, foreign_organisation
    ):
        director = as_user("director")
        pair = pair_world["pair"]
        director.post(url("pairs_approval", organisation), {"pair": [pair.pk], "action": "reject"})
        pair.refresh_from_db()
        assert pair.status == "proposed"
        foreign = proposed_pair(
            foreign_organisation, add_mentor(foreign_organisation), [add_mentee(foreign_organisation)]
        )
        director.post(
            url("pairs_approval", organisation), {"pair": [pair.pk, foreign.pk], "action": "approve"}
        )
        pair.refresh_from_db()
        foreign.refresh_from_db()
        assert pair.status == foreign.status == "proposed"

    def test_a_large_first_matching_is_approved_a_page_at_a_time(self, as_user, organisation, personas):
        for _ in range(55):
            proposed_pair(organisation, add_mentor(organisation), [add_mentee(organisation)])
        director = as_user("director")
        first = director.get(url("pairs_approval", organisation))
        text = first.content.decode()
        assert text.count('name="pair"') == 50 and "55 предложений" in text and "на странице 1–50" in text
        ids = [pair.pk for pair in first.context["proposed"]]
        director.post(url("pairs_approval", organisation), {"pair": ids, "action": "approve"})
        assert Pair.objects.filter(organisation=organisation, status="approved").count() == 50
        rest = director.get(url("pairs_approval", organisation)).content.decode()
        assert rest.count('name="pair"') == 5 and "5 предложений" in rest

    def test_support_note_with_bad_input(self, as_user, organisation, personas):
        mentee = add_mentee(organisation)
        profile = organisation.mentee_profiles.get(person=mentee)
        client = as_user("psychologist")
        client.post(url("support_note", organisation, profile.pk), {"date": TODAY.isoformat(), "note": ""})
        client.post(url("support_note", organisation, profile.pk), {"date": "2999-01-01", "note": "Беседа"})
        assert not mentee.support_notes.exists()
        client.post(
            url("support_note", organisation, profile.pk), {"date": TODAY.isoformat(), "note": "Беседа"}
        )
        assert mentee.support_notes.count() == 1


class TestTeachersOwnPair:
    def test_mentee_ticks_a_plan_item_and_adds_a_meeting(self, as_user, organisation, personas, pair_world):
        pair = approve(organisation, pair_world["pair"])
        plan = services.plan_create(pair=pair, actor=None)
        item = services.plan_item_save(plan=plan, actor=None, data={"title": "Открытый урок"})
        client = as_user("teacher")
        response = client.get(url("my_pairs", organisation))
        assert response.status_code == 200 and response.context["pair"].pk == pair.pk
        client.post(url("plan_item_done", organisation, pair.pk, item.pk), {"done": "on"})
        item.refresh_from_db()
        assert item.done and item.done_on == TODAY
        response = client.post(
            url("meeting_create", organisation, pair.pk),
            {"kind": "regular", "date": "2999-01-01", "topic": "Разбор урока"},
        )
        assert response.status_code == 200 and not Meeting.objects.exists()
        response = client.post(
            url("meeting_create", organisation, pair.pk),
            {
                "kind": "regular",
                "date": TODAY.isoformat(),
                "topic": "Разбор урока",
                "attendees": [pair_world["mentor"].pk, personas["teacher"].pk],
            },
        )
        assert response.status_code == 302 and Meeting.objects.get().attendees.count() == 2

    def test_bad_evidence_file_is_refused(self, as_user, organisation, personas, pair_world):
        pair = approve(organisation, pair_world["pair"])
        item = services.plan_item_save(
            plan=services.plan_create(pair=pair, actor=None), actor=None, data={"title": "Открытый урок"}
        )
        response = as_user("teacher").post(
            url("plan_item_done", organisation, pair.pk, item.pk),
            {"done": "on", "evidence_file": SimpleUploadedFile("virus.exe", b"MZ")},
        )
        assert response.status_code == 200
        assert not PlanItem.objects.get(pk=item.pk).done

    def test_director_sees_the_pair_but_cannot_tick(self, as_user, organisation, personas, pair_world):
        pair = approve(organisation, pair_world["pair"])
        item = services.plan_item_save(
            plan=services.plan_create(pair=pair, actor=None), actor=None, data={"title": "Открытый урок"}
        )
        client = as_user("director")
        assert client.get(url("pair", organisation, pair.pk)).status_code == 200
        assert (
            client.post(url("plan_item_done", organisation, pair.pk, item.pk), {"done": "on"}).status_code
            == 403
        )
        assert client.post(url("plan_approve", organisation, pair.pk)).status_code == 302
        assert client.post(url("plan_approve", organisation, pair.pk)).status_code == 302  # double submit
        pair.plan.refresh_from_db()
        assert pair.plan.approved_by == personas["director"].user

    def test_teacher_without_a_pair_sees_a_friendly_page(self, as_user, organisation, personas):
        response = as_user("psychologist").get(url("my_pairs", organisation))
        assert response.status_code == 200 and "не состоите" in response.content.decode()


class TestForAllButtons:
    def test_accept_all_double_click_through_the_client(self, as_user, organisation, personas):
        add_mentor(organisation)
        add_mentee(organisation)
        run = services.matching_run(organisation=organisation, actor=None)
        client = as_user("curator")
        page = client.get(url("matching", organisation))
        assert "Принять все" in page.content.decode()
        for _ in range(2):
            response = client.post(url("suggestions_accept_all", organisation, run.pk))
            assert response.status_code == 302
        assert Pair.objects.filter(organisation=organisation).count() == 1
        assert client.post(url("suggestions_accept_all", organisation, 999999)).status_code == 404

    def test_plans_for_all_double_click_through_the_client(self, as_user, organisation, personas):
        pair = proposed_pair(organisation, add_mentor(organisation), [add_mentee(organisation)])
        client = as_user("curator")
        assert "Создать планы для всех пар" in client.get(url("pairs", organisation)).content.decode()
        for _ in range(2):
            assert client.post(url("plans_create_all", organisation)).status_code == 302
        assert PlanItem.objects.filter(plan__pair=pair).exists()
        assert AuditEntry.objects.filter(action="plan.created").count() == 1
        assert as_user("director").post(url("plans_create_all", organisation)).status_code == 403
