"""Services of the programme: consent, bases, pair lifecycle, plans, meetings, support."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from mentoring.models import AuditEntry, Consent, MenteeProfile, MentorProfile, Pair, PlanTemplate
from mentoring.programme import services
from tests.conftest import make_person
from tests.mentoring.conftest import TODAY, add_mentee, add_mentor, approve, give_consent, proposed_pair

pytestmark = pytest.mark.django_db


class TestConsent:
    def test_without_consent_a_person_cannot_be_put_into_a_pair(self, organisation):
        mentor = add_mentor(organisation)
        mentee = add_mentee(organisation, consent=False)
        with pytest.raises(ValidationError, match="согласия"):
            proposed_pair(organisation, mentor, [mentee])
        assert not Pair.objects.exists()

    def test_approval_refused_when_consent_withdrawn_meanwhile(self, organisation, pair_world):
        consent = Consent.objects.get(person=pair_world["mentee"])
        Consent.objects.filter(pk=consent.pk).update(withdrawn_on=TODAY)  # behind the services' back
        with pytest.raises(ValidationError, match="согласия"):
            services.pairs_approve(organisation=organisation, pair_ids=[pair_world["pair"].pk], actor=None)
        pair_world["pair"].refresh_from_db()
        assert pair_world["pair"].status == Pair.Status.PROPOSED

    def test_withdrawal_takes_the_person_out_of_the_bases_and_pairs_and_is_logged(
        self, organisation, pair_world
    ):
        pair = approve(organisation, pair_world["pair"])
        consent = Consent.objects.get(person=pair_world["mentor"])
        services.consent_withdraw(
            organisation=organisation, consent=consent, withdrawn_on=TODAY, actor=None, reason="Увольнение"
        )
        pair.refresh_from_db()
        assert pair.status == Pair.Status.TERMINATED
        assert MentorProfile.objects.get(person=pair_world["mentor"]).status == MentorProfile.Status.ARCHIVED
        assert AuditEntry.objects.filter(action="consent.withdrawn").count() == 1
        with pytest.raises(ValidationError):
            services.consent_withdraw(
                organisation=organisation, consent=consent, withdrawn_on=TODAY, actor=None
            )

    def test_withdrawn_mentee_leaves_a_group_that_goes_on(self, organisation):
        mentor = add_mentor(organisation, capacity=2)
        first, second = add_mentee(organisation), add_mentee(organisation)
        pair = proposed_pair(organisation, mentor, [first, second])
        services.consent_withdraw(
            organisation=organisation,
            consent=Consent.objects.get(person=first),
            withdrawn_on=TODAY,
            actor=None,
        )
        pair.refresh_from_db()
        assert pair.status == Pair.Status.PROPOSED and list(pair.mentees.all()) == [second]
        assert MenteeProfile.objects.get(person=first).status == MenteeProfile.Status.FINISHED

    def test_one_valid_consent_at_a_time_and_no_future_date(self, organisation):
        person = make_person(organisation)
        give_consent(organisation, person)
        with pytest.raises(ValidationError):
            give_consent(organisation, person)
        other = make_person(organisation)
        with pytest.raises(ValidationError, match="будущем"):
            services.consent_give(
                organisation=organisation,
                person=other,
                given_on=TODAY + datetime.timedelta(days=1),
                text_version="ред. 2024",
                actor=None,
            )
        with pytest.raises(IntegrityError), transaction.atomic():
            Consent.objects.create(organisation=organisation, person=person, given_on=TODAY, text_version="x")

    @pytest.mark.parametrize(
        ("name", "content"),
        [("scan.pdf", b"not a pdf at all"), ("scan.exe", b"MZ..."), ("scan.png", b"%PDF-1.4")],
    )
    def test_a_bad_scan_is_refused(self, organisation, name, content):
        person = make_person(organisation)
        with pytest.raises(ValidationError):
            services.consent_give(
                organisation=organisation,
                person=person,
                given_on=TODAY,
                text_version="ред. 2024",
                actor=None,
                file=SimpleUploadedFile(name, content),
            )
        assert not Consent.objects.exists()

    def test_someone_of_another_organisation_cannot_be_given_consent(self, organisation, personas):
        with pytest.raises(ValidationError):
            give_consent(organisation, personas["outsider"])


class TestBases:
    def test_ready_status_needs_consent(self, organisation):
        person = make_person(organisation)
        with pytest.raises(ValidationError):
            services.mentor_profile_save(
                organisation=organisation,
                person=person,
                actor=None,
                data={"status": MentorProfile.Status.READY},
            )
        assert not MentorProfile.objects.exists()

    def test_training_date_marks_trained_and_changes_are_logged(self, organisation):
        person = add_mentor(organisation)
        services.mentor_profile_save(
            organisation=organisation,
            person=person,
            actor=None,
            data={"training_date": TODAY, "training_course": "Наставничество", "training_hours": 36},
        )
        profile = MentorProfile.objects.get(person=person)
        assert profile.trained and profile.is_trained
        assert AuditEntry.objects.filter(action="mentor.saved").exists()

    def test_person_of_another_organisation_cannot_join_the_base(self, organisation, personas):
        with pytest.raises(ValidationError):
            services.mentee_profile_save(
                organisation=organisation, person=personas["outsider"], actor=None, data={}
            )


class TestPairRules:
    def test_no_self_pairing(self, organisation):
        person = add_mentor(organisation)
        add_mentee(organisation, person, consent=False)
        with pytest.raises(ValidationError, match="самому себе"):
            proposed_pair(organisation, person, [person])

    def test_capacity_and_one_open_pair_per_mentee(self, organisation, pair_world):
        other = add_mentee(organisation)
        third = add_mentee(organisation)
        with pytest.raises(ValidationError, match="Уже в паре"):
            proposed_pair(organisation, add_mentor(organisation), [pair_world["mentee"]])
        proposed_pair(organisation, pair_world["mentor"], [other])  # second place of two
        with pytest.raises(ValidationError, match="свободных мест"):
            proposed_pair(organisation, pair_world["mentor"], [third])

    def test_mentee_must_be_in_the_base(self, organisation):
        mentor = add_mentor(organisation)
        stranger = make_person(organisation)
        give_consent(organisation, stranger)
        with pytest.raises(ValidationError, match="Нет в базе"):
            proposed_pair(organisation, mentor, [stranger])


class TestLifecycle:
    def test_allowed_path(self, organisation, pair_world, personas):
        pair = approve(organisation, pair_world["pair"], personas["director"].user)
        assert pair.approved_by == personas["director"].user
        assert MentorProfile.objects.get(person=pair.mentor).status == MentorProfile.Status.ACTIVE
        services.pair_start(organisation=organisation, pair=pair, actor=None)
        services.pair_complete(organisation=organisation, pair=pair, actor=None)
        pair.refresh_from_db()
        assert pair.status == Pair.Status.COMPLETED and pair.start_date and pair.end_date
        assert MenteeProfile.objects.get(person=pair_world["mentee"]).status == MenteeProfile.Status.FINISHED
        assert MentorProfile.objects.get(person=pair.mentor).status == MentorProfile.Status.READY

    @pytest.mark.parametrize(
        ("action", "status"),
        [
            ("start", Pair.Status.PROPOSED),
            ("complete", Pair.Status.PROPOSED),
            ("complete", Pair.Status.APPROVED),
            ("terminate", Pair.Status.PROPOSED),
            ("start", Pair.Status.COMPLETED),
            ("terminate", Pair.Status.REJECTED),
            ("approve", Pair.Status.ACTIVE),
            ("reject", Pair.Status.APPROVED),
        ],
    )
    def test_refused_transitions_change_nothing(self, organisation, pair_world, action, status):
        pair = pair_world["pair"]
        Pair.objects.filter(pk=pair.pk).update(status=status)
        pair.refresh_from_db()
        call = {
            "start": lambda: services.pair_start(organisation=organisation, pair=pair, actor=None),
            "complete": lambda: services.pair_complete(organisation=organisation, pair=pair, actor=None),
            "terminate": lambda: services.pair_terminate(
                organisation=organisation, pair=pair, actor=None, reason="x"
            ),
            "approve": lambda: services.pairs_approve(
                organisation=organisation, pair_ids=[pair.pk], actor=None
            ),
            "reject": lambda: services.pairs_reject(
                organisation=organisation, pair_ids=[pair.pk], actor=None, reason="x"
            ),
        }[action]
        with pytest.raises(ValidationError):
            call()
        pair.refresh_from_db()
        assert pair.status == status

    def test_termination_needs_a_reason(self, organisation, pair_world):
        pair = approve(organisation, pair_world["pair"])
        with pytest.raises(ValidationError, match="причину"):
            services.pair_terminate(organisation=organisation, pair=pair, actor=None, reason="  ")
        services.pair_terminate(
            organisation=organisation, pair=pair, actor=None, reason="Переезд наставляемого"
        )
        pair.refresh_from_db()
        assert pair.status == Pair.Status.TERMINATED and pair.status_reason == "Переезд наставляемого"
        assert (
            MenteeProfile.objects.get(person=pair_world["mentee"]).status == MenteeProfile.Status.WITHOUT_PAIR
        )

    def test_reject_returns_mentees_to_candidates_and_batch_is_all_or_nothing(self, organisation, pair_world):
        other = proposed_pair(organisation, add_mentor(organisation), [add_mentee(organisation)])
        approve(organisation, other)
        with pytest.raises(ValidationError):
            services.pairs_reject(
                organisation=organisation, pair_ids=[pair_world["pair"].pk, other.pk], actor=None, reason="x"
            )
        pair_world["pair"].refresh_from_db()
        assert pair_world["pair"].status == Pair.Status.PROPOSED
        services.pairs_reject(
            organisation=organisation, pair_ids=[pair_world["pair"].pk], actor=None, reason="Нет"
        )
        assert MenteeProfile.objects.get(person=pair_world["mentee"]).status == MenteeProfile.Status.CANDIDATE


class TestPlansAndMeetings:
    def test_plan_from_template_progress_and_approval(self, organisation, pair_world, personas):
        pair = approve(organisation, pair_world["pair"])
        template = PlanTemplate.objects.filter(form__code="teacher-teacher").first()
        plan = services.plan_create(pair=pair, actor=None, template=template)
        items = list(plan.items.all())
        assert len(items) == template.items.count() and all(item.due_date for item in items)
        with pytest.raises(ValidationError):
            services.plan_create(pair=pair, actor=None, template=template)
        services.plan_item_set_done(item=items[0], done=True, actor=personas["teacher"].user)
        services.plan_item_set_done(item=items[0], done=True, actor=personas["teacher"].user)  # harmless
        items[0].refresh_from_db()
        assert items[0].done and items[0].done_on == TODAY
        assert AuditEntry.objects.filter(action="plan_item.done").count() == 1
        with pytest.raises(ValidationError):
            services.plan_item_set_done(
                item=items[1], done=True, actor=None, done_on=TODAY + datetime.timedelta(days=2)
            )
        services.plan_approve(plan=plan, actor=personas["director"].user)
        plan.refresh_from_db()
        first = plan.approved_at
        assert first is not None
        services.plan_approve(plan=plan, actor=personas["director"].user)
        plan.refresh_from_db()
        assert plan.approved_at == first and plan.approved_by == personas["director"].user

    def test_unticking_clears_the_date(self, organisation, pair_world):
        pair = approve(organisation, pair_world["pair"])
        plan = services.plan_create(pair=pair, actor=None)
        item = services.plan_item_save(plan=plan, actor=None, data={"title": "Открытый урок"})
        services.plan_item_set_done(item=item, done=True, actor=None)
        item = services.plan_item_set_done(item=item, done=False, actor=None)
        assert not item.done and item.done_on is None

    def test_meeting_starts_an_approved_pair_and_checks_attendees(self, organisation, pair_world, personas):
        pair = pair_world["pair"]
        with pytest.raises(ValidationError):
            services.meeting_create(pair=pair, actor=None, data={"date": TODAY, "topic": "Знакомство"})
        pair = approve(organisation, pair)
        with pytest.raises(ValidationError):
            services.meeting_create(
                pair=pair,
                actor=None,
                data={"date": TODAY, "topic": "Знакомство"},
                attendees=[personas["curator"]],
            )
        services.meeting_create(
            pair=pair,
            actor=None,
            data={"date": TODAY, "topic": "Знакомство", "kind": "organisational"},
            attendees=[pair_world["mentor"], pair_world["mentee"]],
        )
        pair.refresh_from_db()
        assert pair.status == Pair.Status.ACTIVE and pair.start_date == TODAY

    def test_at_risk_after_thirty_days_without_meeting(self, organisation, pair_world, settings):
        from mentoring.programme import selectors

        pair = approve(organisation, pair_world["pair"])
        services.meeting_create(
            pair=pair, actor=None, data={"date": TODAY - datetime.timedelta(days=31), "topic": "Встреча"}
        )
        assert list(selectors.pairs_at_risk(organisation)) == [pair]
        settings.MENTORING_AT_RISK_DAYS = 40
        assert list(selectors.pairs_at_risk(organisation)) == []


def test_support_note_only_for_the_base_and_not_in_the_future(organisation, personas):
    mentee = add_mentee(organisation)
    services.support_note_create(
        organisation=organisation, mentee=mentee, actor=None, date=TODAY, note="Беседа"
    )
    with pytest.raises(ValidationError):
        services.support_note_create(
            organisation=organisation,
            mentee=mentee,
            actor=None,
            date=TODAY + datetime.timedelta(days=1),
            note="x",
        )
    with pytest.raises(ValidationError):
        services.support_note_create(
            organisation=organisation, mentee=personas["curator"], actor=None, date=TODAY, note="x"
        )


def test_reminders_for_pairs_at_risk_and_items_due_are_sent_once(organisation, pair_world):
    from django.core import mail

    from mentoring.organisations.reminders import send_due_reminders

    pair_world["mentor"].email = "petrova@example.com"
    pair_world["mentor"].save()
    pair_world["mentee"].email = "mentee@example.com"
    pair_world["mentee"].save()
    pair = approve(organisation, pair_world["pair"])
    services.meeting_create(
        pair=pair, actor=None, data={"date": TODAY - datetime.timedelta(days=40), "topic": "x"}
    )
    plan = services.plan_create(pair=pair, actor=None)
    services.plan_item_save(
        plan=plan, actor=None, data={"title": "Открытый урок", "due_date": TODAY + datetime.timedelta(days=3)}
    )
    services.plan_item_save(
        plan=plan,
        actor=None,
        data={"title": "Далёкий пункт", "due_date": TODAY + datetime.timedelta(days=30)},
    )
    send_due_reminders(today=TODAY)
    subjects = sorted((message.to[0], message.subject) for message in mail.outbox)
    assert ("petrova@example.com", "Наставничество: давно не было встречи") in subjects
    due = [to for to, subject in subjects if "срок пункта плана" in subject]
    assert sorted(due) == ["mentee@example.com", "petrova@example.com"]
    assert len(mail.outbox) == 3
    send_due_reminders(today=TODAY)
    assert len(mail.outbox) == 3
