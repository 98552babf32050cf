"""ТК РФ ст. 351.8 for staff mentors: where it applies, the written consent, the additional agreement,
ending the mentoring early with three working days' notice by the production calendar; the screens."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mentoring.models import (
    AuditEntry,
    EarlyTermination,
    LabourAgreement,
    MentoringConsent,
    MentoringForm,
    Pair,
    Person,
    ProgrammeSettings,
    Role,
)
from mentoring.programme import labour
from tests.conftest import make_person
from tests.mentoring.conftest import add_mentee, add_mentor, approve, proposed_pair

pytestmark = pytest.mark.django_db

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def form(code):
    return MentoringForm.objects.get_or_create(code=code, defaults={"name": code})[0]


@pytest.fixture
def staff_pair(organisation, personas):
    mentor = add_mentor(organisation, capacity=2, last_name="Петрова", position="Учитель математики")
    mentee = add_mentee(organisation, personas["teacher"])
    pair = proposed_pair(organisation, mentor, [mentee])
    Pair.objects.filter(pk=pair.pk).update(goal="Освоить подготовку к ОГЭ", start_date=D(2025, 9, 1))
    pair.refresh_from_db()
    return pair


class TestWhereTheArticleApplies:
    @pytest.mark.parametrize(
        "code,applies",
        [
            ("teacher-teacher", True),
            ("head-teacher", True),
            ("student-student", False),
            ("teacher-student", False),
            ("undergraduate-student", False),
            ("employer-student", False),
            ("employer-undergraduate", False),
        ],
    )
    def test_by_the_form_of_mentoring(self, code, applies):
        assert labour.labour_rules_apply(form(code)) is applies

    def test_an_own_form_follows_its_mentees(self, organisation, staff_pair):
        own = form("own-form")
        staff_pair.form = own
        staff_pair.save()
        assert labour.labour_rules_apply(staff_pair)
        assert not labour.labour_rules_apply(own)
        link = staff_pair.pair_mentees.first()
        Person.objects.filter(pk=link.mentee_id).update(kind=Person.Kind.STUDENT)
        assert not labour.labour_rules_apply(Pair.objects.get(pk=staff_pair.pk))

    def test_a_student_mentor_is_no_staff_mentor(self, organisation, staff_pair):
        Person.objects.filter(pk=staff_pair.mentor_id).update(kind=Person.Kind.STUDENT)
        assert not labour.is_staff_mentor(Pair.objects.get(pk=staff_pair.pk))


class TestConsent:
    def test_recorded_with_a_scan_and_audited(self, organisation, personas, staff_pair):
        scan = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
        consent = labour.mentoring_consent_record(
            organisation=organisation,
            person=staff_pair.mentor,
            signed_on=D(2025, 8, 30),
            actor=personas["curator"].user,
            file=scan,
        )
        assert consent.file and consent.recorded_by == personas["curator"].user
        assert AuditEntry.objects.filter(action="mentoring_consent.recorded").exists()
        # Separate from the consent to personal-data processing, which the mentor already gave.
        assert staff_pair.mentor.consents.count() == 1

    @pytest.mark.parametrize(
        "kwargs,message",
        [
            ({"signed_on": D(2100, 1, 1)}, "в будущем"),
            (
                {
                    "signed_on": D(2025, 8, 1),
                    "file": SimpleUploadedFile("x.exe", b"MZ\x90\x00", "application/pdf"),
                },
                "",
            ),
        ],
    )
    def test_bad_input_changes_nothing(self, organisation, staff_pair, kwargs, message):
        with pytest.raises(ValidationError) as error:
            labour.mentoring_consent_record(
                organisation=organisation, person=staff_pair.mentor, actor=None, **kwargs
            )
        assert message in str(error.value)
        assert not MentoringConsent.objects.exists()

    def test_twice_is_refused(self, organisation, staff_pair):
        labour.mentoring_consent_record(
            organisation=organisation, person=staff_pair.mentor, signed_on=D(2025, 8, 1), actor=None
        )
        with pytest.raises(ValidationError, match="уже записано"):
            labour.mentoring_consent_record(
                organisation=organisation, person=staff_pair.mentor, signed_on=D(2025, 8, 2), actor=None
            )

    def test_a_student_or_an_outsider_cannot_consent(self, organisation, personas):
        student = make_person(organisation, roles=[Role.TEACHER], kind=Person.Kind.STUDENT)
        with pytest.raises(ValidationError, match="обучающиеся"):
            labour.mentoring_consent_record(
                organisation=organisation, person=student, signed_on=D(2025, 8, 1), actor=None
            )
        with pytest.raises(ValidationError):
            labour.mentoring_consent_record(
                organisation=organisation, person=personas["outsider"], signed_on=D(2025, 8, 1), actor=None
            )


class TestAgreement:
    def test_defaults_from_the_pair_and_the_settings(self, organisation, staff_pair):
        labour.programme_settings_update(
            organisation=organisation,
            actor=None,
            audience="teachers",
            payment_kind="sum",
            payment_sum=Decimal("3000"),
            payment_conditions="ежемесячно",
        )
        defaults = labour.agreement_defaults(staff_pair)
        assert defaults.content == "Освоить подготовку к ОГЭ"
        assert defaults.starts_on == D(2025, 9, 1)
        assert defaults.payment_kind == "sum" and defaults.payment_sum == Decimal("3000")

    def test_saved_overriding_the_payment(self, organisation, staff_pair):
        agreement = labour.labour_agreement_save(
            organisation=organisation,
            pair=staff_pair,
            actor=None,
            number="15",
            signed_on=D(2025, 9, 1),
            content="Адаптация",
            starts_on=D(2025, 9, 1),
            ends_on=D(2026, 5, 31),
            payment_kind="percent",
            payment_percent=Decimal("12.5"),
        )
        assert agreement.payment_text == "12,5 % ставки (должностного оклада)"
        again = labour.labour_agreement_save(
            organisation=organisation,
            pair=staff_pair,
            actor=None,
            number="15",
            signed_on=D(2025, 9, 1),
            content="Адаптация",
            starts_on=None,
            ends_on=None,
            payment_kind="none",
        )
        assert again.pk == agreement.pk and again.payment_text == "без оплаты"
        assert LabourAgreement.objects.count() == 1

    @pytest.mark.parametrize(
        "changes,message",
        [
            ({"number": " "}, "номер"),
            ({"content": ""}, "содержание"),
            ({"signed_on": D(2100, 1, 1)}, "в будущем"),
            ({"starts_on": D(2026, 1, 1), "ends_on": D(2025, 1, 1)}, "раньше начала"),
            ({"payment_kind": "sum", "payment_sum": None}, "сумму"),
            ({"payment_kind": "percent", "payment_percent": Decimal("150")}, "Процент"),
            ({"payment_kind": "bonus"}, "вид оплаты"),
        ],
    )
    def test_bad_input_changes_nothing(self, organisation, staff_pair, changes, message):
        data = {
            "number": "1",
            "signed_on": D(2025, 9, 1),
            "content": "Адаптация",
            "starts_on": None,
            "ends_on": None,
            "payment_kind": "none",
        } | changes
        with pytest.raises(ValidationError, match=message):
            labour.labour_agreement_save(organisation=organisation, pair=staff_pair, actor=None, **data)
        assert not LabourAgreement.objects.exists()

    def test_not_for_a_pair_with_a_student(self, organisation, staff_pair):
        staff_pair.form = form("teacher-student")
        staff_pair.save()
        with pytest.raises(ValidationError, match="работники"):
            labour.labour_agreement_save(
                organisation=organisation,
                pair=staff_pair,
                actor=None,
                number="1",
                signed_on=D(2025, 9, 1),
                content="x",
                starts_on=None,
                ends_on=None,
                payment_kind="none",
            )

    def test_missing_papers_are_listed_per_mentor(self, organisation, staff_pair):
        lines = labour.missing_labour_papers(organisation, [staff_pair])
        assert lines == [
            f"{staff_pair.mentor.short_name} — нет согласия на наставничество, "
            "нет дополнительного соглашения к трудовому договору"
        ]


class TestSettings:
    def test_defaults_until_saved(self, organisation):
        current = labour.programme_settings_for(organisation)
        assert current.pk is None and current.audience == ProgrammeSettings.Audience.BOTH

    @pytest.mark.parametrize(
        "data",
        [
            {"audience": "everyone", "payment_kind": "none"},
            {"audience": "both", "payment_kind": "sum", "payment_sum": Decimal("-1")},
            {"audience": "both", "payment_kind": "percent"},
        ],
    )
    def test_bad_input(self, organisation, data):
        with pytest.raises(ValidationError):
            labour.programme_settings_update(organisation=organisation, actor=None, **data)
        assert not ProgrammeSettings.objects.exists()


class TestEndingEarly:
    @pytest.fixture
    def working(self, organisation, staff_pair, monkeypatch):
        pair = approve(organisation, staff_pair)
        # «Today» is 12.01.2026 for the notice dates below.
        monkeypatch.setattr(labour.dates, "today", lambda organisation=None: D(2026, 1, 12))
        return pair

    def test_notice_shorter_than_three_working_days_is_refused(self, organisation, working):
        with pytest.raises(ValidationError) as error:
            labour.pair_end_early(
                organisation=organisation,
                pair=working,
                actor=None,
                initiator="mentor",
                notice_date=D(2026, 1, 12),
                end_date=D(2026, 1, 14),
            )
        assert "не ранее 15.01.2026" in str(error.value) and "рабочих дней между ними: 2" in str(error.value)
        working.refresh_from_db()
        assert working.status == Pair.Status.APPROVED and not EarlyTermination.objects.exists()

    def test_a_holiday_inside_the_notice_is_counted_by_the_calendar(self, organisation, working):
        # Notice on 30.12.2025: ten calendar days later is still only two working days (12 and 13 January).
        with pytest.raises(ValidationError, match="не ранее 14.01.2026"):
            labour.pair_end_early(
                organisation=organisation,
                pair=working,
                actor=None,
                initiator="organisation",
                notice_date=D(2025, 12, 30),
                end_date=D(2026, 1, 13),
            )
        termination = labour.pair_end_early(
            organisation=organisation,
            pair=working,
            actor=None,
            initiator="organisation",
            notice_date=D(2025, 12, 30),
            end_date=D(2026, 1, 14),
        )
        working.refresh_from_db()
        assert working.status == Pair.Status.TERMINATED and working.end_date == D(2026, 1, 14)
        assert termination.get_initiator_display() == "Работодатель (организация)"
        assert AuditEntry.objects.filter(action="pair.ended_early", target_id=working.pk).exists()

    @pytest.mark.parametrize(
        "changes,message",
        [
            ({"notice_date": D(2026, 2, 1), "end_date": D(2026, 2, 10)}, "в будущем"),
            ({"initiator": "director"}, "инициативе"),
            ({"end_date": D(2025, 8, 1), "notice_date": D(2025, 7, 1)}, "раньше начала"),
        ],
    )
    def test_bad_input_changes_nothing(self, organisation, working, changes, message):
        data = {"initiator": "mentor", "notice_date": D(2026, 1, 12), "end_date": D(2026, 1, 20)} | changes
        with pytest.raises(ValidationError, match=message):
            labour.pair_end_early(organisation=organisation, pair=working, actor=None, **data)
        assert not EarlyTermination.objects.exists()

    def test_a_proposed_pair_is_not_ended_early(self, organisation, staff_pair):
        with pytest.raises(ValidationError, match="утверждённую или работающую"):
            labour.pair_end_early(
                organisation=organisation,
                pair=staff_pair,
                actor=None,
                initiator="mentor",
                notice_date=D(2025, 9, 1),
                end_date=D(2025, 9, 10),
            )


class TestScreens:
    def test_pair_page_shows_the_status_and_the_buttons(self, as_user, organisation, staff_pair):
        response = as_user("curator").get(f"/o/{organisation.slug}/pairs/{staff_pair.pk}/")
        page = response.content.decode()
        assert "Ст. 351.8 ТК РФ" in page
        assert "Записать согласие" in page and "Оформить дополнительное соглашение" in page
        assert "Форма согласия (PDF)" in page

    def test_the_mentee_does_not_see_the_mentor_s_papers(self, as_user, organisation, staff_pair):
        response = as_user("teacher").get(f"/o/{organisation.slug}/pairs/{staff_pair.pk}/")
        assert response.status_code == 200
        assert "Ст. 351.8 ТК РФ" not in response.content.decode()

    def test_record_consent_with_a_scan(self, as_user, organisation, staff_pair):
        client = as_user("curator")
        url = f"/o/{organisation.slug}/people/{staff_pair.mentor_id}/mentoring-consent/?pair={staff_pair.pk}"
        response = client.post(
            url,
            {"signed_on": "01.09.2025", "file": SimpleUploadedFile("scan.pdf", PDF, "application/pdf")},
        )
        assert response.status_code == 302 and response.url.endswith(f"/pairs/{staff_pair.pk}/")
        consent = MentoringConsent.objects.get()
        scan = client.get(f"/o/{organisation.slug}/mentoring-consents/{consent.pk}/file/")
        assert scan.status_code == 200 and b"".join(scan.streaming_content).startswith(b"%PDF")

    @pytest.mark.parametrize(
        "data",
        [
            {"signed_on": "31.02.2025"},
            {"signed_on": "01.01.2100"},
            {"signed_on": ""},
            {
                "signed_on": "01.09.2025",
                "file": SimpleUploadedFile("scan.pdf", b"not a pdf", "application/pdf"),
            },
        ],
    )
    def test_consent_form_bad_input(self, as_user, organisation, staff_pair, data):
        response = as_user("curator").post(
            f"/o/{organisation.slug}/people/{staff_pair.mentor_id}/mentoring-consent/", data
        )
        assert response.status_code == 200 and not MentoringConsent.objects.exists()

    def test_agreement_form_starts_from_the_defaults_and_saves(self, as_user, organisation, staff_pair):
        client = as_user("curator")
        url = f"/o/{organisation.slug}/pairs/{staff_pair.pk}/labour-agreement/"
        page = client.get(url).content.decode()
        assert "Освоить подготовку к ОГЭ" in page
        response = client.post(
            url,
            {
                "number": "7",
                "signed_on": "01.09.2025",
                "content": "Освоить подготовку к ОГЭ",
                "starts_on": "01.09.2025",
                "ends_on": "31.05.2026",
                "payment_kind": "percent",
                "payment_percent": "10",
            },
        )
        assert response.status_code == 302
        assert LabourAgreement.objects.get().number == "7"

    @pytest.mark.parametrize(
        "changes",
        [
            {"number": ""},
            {"signed_on": "2025-13-01"},
            {"starts_on": "01.09.2026", "ends_on": "01.09.2025"},
            {"payment_kind": "percent", "payment_percent": "300"},
            {"payment_kind": "sum", "payment_sum": ""},
            {"payment_kind": "gift"},
        ],
    )
    def test_agreement_form_bad_input(self, as_user, organisation, staff_pair, changes):
        data = {
            "number": "7",
            "signed_on": "01.09.2025",
            "content": "Адаптация",
            "payment_kind": "none",
        } | changes
        response = as_user("curator").post(
            f"/o/{organisation.slug}/pairs/{staff_pair.pk}/labour-agreement/", data
        )
        assert response.status_code == 200 and not LabourAgreement.objects.exists()

    def test_end_early_form_refuses_short_notice_in_russian(self, as_user, organisation, staff_pair):
        pair = approve(organisation, staff_pair)
        response = as_user("curator").post(
            f"/o/{organisation.slug}/pairs/{pair.pk}/end-early/",
            {"initiator": "mentor", "notice_date": "30.12.2025", "end_date": "12.01.2026"},
        )
        assert response.status_code == 200
        assert "не ранее 14.01.2026" in response.content.decode()
        pair.refresh_from_db()
        assert pair.status == Pair.Status.APPROVED

    @pytest.mark.parametrize(
        "data",
        [
            {"initiator": "", "notice_date": "30.12.2025", "end_date": "20.01.2026"},
            {"initiator": "mentor", "notice_date": "тридцатое", "end_date": "20.01.2026"},
            {"initiator": "mentor", "notice_date": "30.12.2025"},
        ],
    )
    def test_end_early_form_bad_input(self, as_user, organisation, staff_pair, data):
        pair = approve(organisation, staff_pair)
        response = as_user("curator").post(f"/o/{organisation.slug}/pairs/{pair.pk}/end-early/", data)
        assert response.status_code == 200 and not EarlyTermination.objects.exists()

    def test_settings_page_saves_and_refuses_bad_input(self, as_user, organisation):
        client = as_user("director")
        url = f"/o/{organisation.slug}/programme-settings/"
        bad = client.post(url, {"audience": "both", "payment_kind": "sum", "payment_sum": ""})
        assert bad.status_code == 200 and not ProgrammeSettings.objects.exists()
        bad = client.post(url, {"audience": "all", "payment_kind": "none"})
        assert bad.status_code == 200 and not ProgrammeSettings.objects.exists()
        good = client.post(url, {"audience": "teachers", "payment_kind": "percent", "payment_percent": "15"})
        assert good.status_code == 302
        assert ProgrammeSettings.objects.get().payment_percent == Decimal("15")

    def test_mentor_base_column_and_filter(self, as_user, organisation, staff_pair):
        other = add_mentor(organisation, last_name="Сидорова")
        labour.mentoring_consent_record(
            organisation=organisation, person=other, signed_on=D(2025, 9, 2), actor=None
        )
        client = as_user("curator")
        page = client.get(f"/o/{organisation.slug}/mentors/").content.decode()
        assert "Согласие по ст. 351.8" in page and "02.09.2025" in page
        without = client.get(f"/o/{organisation.slug}/mentors/?labour_consent=no").content.decode()
        assert "Петрова" in without and "Сидорова" not in without
        with_consent = client.get(f"/o/{organisation.slug}/mentors/?labour_consent=yes").content.decode()
        assert "Сидорова" in with_consent and "Петрова" not in with_consent


def test_plain_termination_is_refused_for_a_staff_mentor(as_user, organisation, staff_pair):
    pair = approve(organisation, staff_pair)
    client = as_user("curator")
    page = client.get(f"/o/{organisation.slug}/pairs/{pair.pk}/").content.decode()
    assert "Прекратить без уведомления" not in page
    response = client.post(
        f"/o/{organisation.slug}/pairs/{pair.pk}/status/",
        {"action": "terminate", "reason": "Так надо"},
        follow=True,
    )
    assert "с уведомлением за три рабочих дня" in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == Pair.Status.APPROVED


def test_mentor_card_shows_the_written_consent(as_user, organisation, staff_pair):
    profile = organisation.mentor_profiles.get(person=staff_pair.mentor)
    client = as_user("curator")
    url = f"/o/{organisation.slug}/mentors/{profile.pk}/"
    page = client.get(url).content.decode()
    assert "Согласие на наставничество (ст. 351.8 ТК РФ)" in page and "Записать согласие" in page
    labour.mentoring_consent_record(
        organisation=organisation, person=staff_pair.mentor, signed_on=D(2025, 9, 3), actor=None
    )
    assert "подписано 03.09.2025" in client.get(url).content.decode()
