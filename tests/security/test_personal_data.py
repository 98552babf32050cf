"""Personal data under 152-ФЗ: the access journal written for each kind of access and shown to the
administrator and the director; a withdrawn consent stops the processing; anonymisation by the administrator
and after the retention period keeps the year's figures."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from mentoring.models import AuditEntry, Consent, Person, PersonalDataAccess
from mentoring.programme import excel, personal_data
from mentoring.programme import services as programme_services
from reports.indicators import computation as indicators
from tests.conftest import make_person
from tests.reports.test_indicators import YEAR, pairs, people  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _consent(organisation, person, *, withdrawn_on=None):
    consent = Consent.objects.create(
        organisation=organisation, person=person, given_on=datetime.date(2024, 9, 1), text_version="ред. 1"
    )
    consent.file.save("scan.pdf", ContentFile(b"%PDF scan"))
    if withdrawn_on:
        consent.withdrawn_on = withdrawn_on
        consent.save(update_fields=["withdrawn_on"])
    return consent


def _journal(organisation, kind):
    return PersonalDataAccess.objects.filter(organisation=organisation, kind=kind)


# --- The access journal -----------------------------------------------------------------------------------


def test_viewing_a_card_is_journalled(as_user, organisation, personas):
    teacher = personas["teacher"]
    as_user("curator").get(reverse("mentoring:person", args=[organisation.slug, teacher.pk]))
    entry = _journal(organisation, PersonalDataAccess.Kind.CARD_VIEWED).get()
    assert entry.actor == personas["curator"].user and entry.person == teacher
    assert entry.actor_name == personas["curator"].full_name


def test_downloading_a_consent_scan_is_journalled(as_user, organisation, personas):
    consent = _consent(organisation, personas["teacher"])
    response = as_user("admin").get(reverse("mentoring:consent_file", args=[organisation.slug, consent.pk]))
    assert response.status_code == 200
    entry = _journal(organisation, PersonalDataAccess.Kind.CONSENT_DOWNLOADED).get()
    assert entry.person == personas["teacher"] and entry.actor == personas["admin"].user


def test_exporting_a_base_is_journalled(as_user, organisation, personas):
    response = as_user("curator").get(reverse("mentoring:export", args=[organisation.slug, "mentors"]))
    assert response.status_code == 200
    assert _journal(organisation, PersonalDataAccess.Kind.BASE_EXPORTED).filter(
        actor=personas["curator"].user
    )


def test_exporting_named_answers_is_journalled(as_user, organisation, personas):
    from surveys.models import Questionnaire

    questionnaire = Questionnaire.objects.create(organisation=organisation, title="Входная диагностика")
    response = as_user("curator").get(reverse("surveys:export", args=[organisation.slug, questionnaire.pk]))
    assert response.status_code == 200
    entry = _journal(organisation, PersonalDataAccess.Kind.ANSWERS_EXPORTED).get()
    assert entry.detail == "Входная диагностика"


def test_the_journal_is_shown_to_the_administrator_and_the_director(as_user, organisation, personas):
    as_user("curator").get(reverse("mentoring:person", args=[organisation.slug, personas["teacher"].pk]))
    url = reverse("mentoring:personal_data", args=[organisation.slug])
    for persona in ("admin", "director"):
        page = as_user(persona).get(url).content.decode()
        assert "Просмотр карточки человека" in page and personas["curator"].full_name in page
        assert personas["teacher"].full_name in page
    assert as_user("curator").get(url).status_code == 403


# --- Withdrawal --------------------------------------------------------------------------------------------


def test_a_withdrawn_consent_hides_the_card_and_leaves_the_exports(as_user, organisation, personas):
    person = make_person(organisation, birth_date=datetime.date(1990, 3, 4), phone="+7 900 000-00-00")
    consent = _consent(organisation, person)
    programme_services.consent_withdraw(
        organisation=organisation, consent=consent, withdrawn_on=datetime.date(2025, 1, 10), actor=None
    )
    page = as_user("curator").get(reverse("mentoring:person", args=[organisation.slug, person.pk]))
    text = page.content.decode()
    assert "Согласие на обработку персональных данных отозвано" in text
    assert "04.03.1990" not in text and "900 000-00-00" not in text
    assert person in personal_data.withdrawn_people(organisation)
    assert person not in personal_data.processable(Person.objects.all(), organisation)
    content, _name = excel.export_for(organisation, "mentors")
    assert person.last_name.encode() not in content


def test_a_withdrawn_person_is_not_invited_nor_reminded(organisation, personas):
    from mentoring.organisations import reminders
    from surveys import selectors as survey_selectors
    from surveys.models import Questionnaire

    person = make_person(organisation, email="withdrawn@example.org")
    _consent(organisation, person, withdrawn_on=datetime.date(2025, 1, 10))
    questionnaire = Questionnaire.objects.create(
        organisation=organisation, title="Анкета", audience=Questionnaire.Audience.CHOSEN_PEOPLE
    )
    questionnaire.chosen_people.add(person, personas["teacher"])
    audience = list(survey_selectors.audience_people(questionnaire))
    assert personas["teacher"] in audience and person not in audience

    def provider(*, today):
        yield reminders.Reminder(key=f"test:{today}", email="withdrawn@example.org", subject="s", body="b")

    reminders.register(provider)
    try:
        sent, skipped = reminders.send_due_reminders(today=datetime.date(2025, 2, 1))
    finally:
        reminders._providers.remove(provider)
    assert not any("withdrawn@example.org" in message.to for message in mail.outbox)
    assert skipped >= 1


# --- Anonymisation ----------------------------------------------------------------------------------------


def test_the_administrator_anonymises_a_person_at_once(
    as_user, organisation, personas, django_capture_on_commit_callbacks
):
    person = make_person(organisation, last_name="Удаляева", email="u@example.org", phone="123")
    consent = _consent(organisation, person)
    scan = consent.file.name
    url = reverse("mentoring:person_anonymise", args=[organisation.slug, person.pk])
    assert as_user("curator").post(url, {"confirm": "yes"}).status_code == 403
    as_user("admin").post(url)  # without the confirmation: nothing changes
    person.refresh_from_db()
    assert person.anonymised_at is None and person.last_name == "Удаляева"
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("admin").post(url, {"confirm": "yes"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.anonymised_at and person.last_name == "Обезличен"
    assert (person.email, person.phone, person.birth_date, person.patronymic) == ("", "", None, "")
    assert not default_storage.exists(scan)
    consent.refresh_from_db()
    assert not consent.file
    assert AuditEntry.objects.filter(organisation=organisation, action="person.anonymised").exists()
    assert _journal(organisation, PersonalDataAccess.Kind.ANONYMISED).filter(person=person).exists()


def test_an_anonymised_person_is_never_matched_again(organisation):
    person = make_person(organisation, last_name="Повторова", first_name="Ольга")
    personal_data.person_anonymise(person=person, actor=None, organisation=organisation)
    again = make_person(organisation, last_name="Повторова", first_name="Ольга")
    assert list(personal_data.people_matchable().filter(last_name="Повторова")) == [again]
    assert person not in personal_data.people_matchable()


def test_anonymise_people_waits_for_the_retention_period(organisation):
    organisation.personal_data_retention_days = 30
    organisation.save()
    person = make_person(organisation, last_name="Срокова")
    _consent(organisation, person, withdrawn_on=datetime.date(2025, 1, 10))
    kept = make_person(organisation, last_name="Согласова")
    _consent(organisation, kept)
    call_command("anonymise_people", "--date", "2025-02-08")
    person.refresh_from_db()
    assert person.anonymised_at is None  # 29 days
    call_command("anonymise_people", "--date", "2025-02-09")
    person.refresh_from_db()
    kept.refresh_from_db()
    assert person.anonymised_at is not None and person.last_name == "Обезличен"
    assert kept.anonymised_at is None and kept.last_name == "Согласова"


def test_indicators_are_unchanged_by_anonymisation(organisation, people, pairs):  # noqa: F811
    # Boundary birthdays of the federal «до 35 лет» indicator, on both sides of 01.09.1989.
    make_person(organisation, birth_date=datetime.date(1989, 9, 2))
    make_person(organisation, birth_date=datetime.date(1989, 9, 1))

    def figures():
        data = indicators.for_organisation(organisation, YEAR)
        return {item.code: (item.value, item.numerator, item.denominator, item.note) for item in data.values}

    before = figures()
    assert before["young_teachers"][1:3] == (3, 5)
    for person in Person.objects.filter(memberships__organisation=organisation):
        personal_data.person_anonymise(person=person, actor=None, organisation=organisation)
    assert (
        Person.objects.filter(memberships__organisation=organisation, birth_date__isnull=False).count() == 0
    )
    assert figures() == before


def test_the_django_admin_anonymises_on_request(client, django_user_model, organisation):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "root-password")
    person = make_person(organisation, last_name="Админова")
    client.force_login(root)
    response = client.post(
        reverse("admin:mentoring_person_changelist"),
        {"action": "anonymise", "_selected_action": [person.pk], "index": 0},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.anonymised_at is not None and person.last_name == "Обезличен"
    entry = AuditEntry.objects.get(organisation=organisation, action="person.anonymised")
    assert entry.actor == root


def test_the_people_import_never_matches_an_anonymised_person(organisation):
    from django.utils import timezone

    from tests.mentoring.test_excel import MENTOR_HEADERS, xlsx

    # Even a row that still carried the same name and e-mail (a stale file) makes a new person.
    gone = make_person(
        organisation, last_name="Старова", first_name="Ирина", patronymic="", email="s@example.org"
    )
    Person.objects.filter(pk=gone.pk).update(anonymised_at=timezone.now())
    row = ["Старова", "Ирина", "", "", "", "", "s@example.org", "", 1, "", "", ""]
    report = excel.run_import(
        organisation=organisation,
        actor=None,
        kind="mentors",
        content=xlsx(MENTOR_HEADERS, [row]),
        dry_run=False,
    )
    assert report.ok, report.errors
    assert (report.new, report.updated) == (1, 0)
    assert Person.objects.filter(last_name="Старова").count() == 2
