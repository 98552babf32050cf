"""Each indicator computed on a small hand-made data set (values worked out by hand in the comments), and the
batch computation's query count pinned for 3 and 12 organisations."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.dates import AcademicYear
from mentoring.models import (
    MenteeProfile,
    MentoringForm,
    MentorProfile,
    Organisation,
    Pair,
    PairMentee,
    Partner,
    Person,
    Plan,
    PlanItem,
)
from reports.indicators import computation as indicators
from reports.indicators.computation import guess_code
from roadmap.models import Activity, Attendance, Event, Publication, Roadmap, Stage
from surveys.models import Invitation, Questionnaire
from tests.conftest import make_person

YEAR = AcademicYear(2024)  # 01.09.2024 – 31.08.2025, wholly in the past


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 15, tzinfo=timezone.get_current_timezone())


def form():
    return MentoringForm.objects.get_or_create(
        code="teacher-teacher", defaults={"name": "учитель – учитель"}
    )[0]


def pair(
    organisation, mentor, mentees, status=Pair.Status.ACTIVE, start=datetime.date(2024, 9, 15), end=None
):
    item = Pair.objects.create(
        organisation=organisation, mentor=mentor, form=form(), status=status, start_date=start, end_date=end
    )
    for mentee in mentees:
        PairMentee.objects.create(pair=item, mentee=mentee)
    return item


def value(organisation, code):
    return indicators.for_organisation(organisation, YEAR).get(code)


@pytest.fixture
def people(organisation):
    """Six staff: mentors A (born 1996, young) and B; mentees C (young), D (young), E; F is in a pair of the
    previous year only."""
    return {
        name: make_person(organisation, birth_date=birth, last_name=f"Человек{name}")
        for name, birth in {
            "A": datetime.date(1996, 5, 1),
            "B": datetime.date(1970, 1, 1),
            "C": datetime.date(2000, 1, 1),
            "D": datetime.date(1999, 12, 1),
            "E": datetime.date(1980, 1, 1),
            "F": datetime.date(1998, 1, 1),
        }.items()
    }


@pytest.fixture
def pairs(organisation, people):
    """Worked in the year: a group A → C, D (active) and B → E (completed in May 2025): participants A, B, C,
    D, E = 5. Not in the year: B → F (ended in May 2024), a proposed pair, a rejected one."""
    return {
        "group": pair(organisation, people["A"], [people["C"], people["D"]]),
        "completed": pair(
            organisation,
            people["B"],
            [people["E"]],
            status=Pair.Status.COMPLETED,
            start=datetime.date(2024, 10, 1),
            end=datetime.date(2025, 5, 30),
        ),
        "old": pair(
            organisation,
            people["B"],
            [people["F"]],
            status=Pair.Status.COMPLETED,
            start=datetime.date(2023, 9, 1),
            end=datetime.date(2024, 5, 31),
        ),
        "proposed": pair(organisation, people["A"], [people["F"]], status=Pair.Status.PROPOSED),
        "rejected": pair(organisation, people["B"], [people["F"]], status=Pair.Status.REJECTED),
    }


@pytest.mark.django_db
class TestEachIndicator:
    def test_participants_are_the_people_of_the_years_pairs(self, organisation, pairs):
        result = value(organisation, "participants")
        assert (result.value, result.met) == (5, None)  # A, B, C, D, E; no target

    def test_share_of_mentees_in_pairs(self, organisation, people, pairs):
        for name, status in {
            "C": MenteeProfile.Status.IN_PAIR,
            "D": MenteeProfile.Status.IN_PAIR,
            "F": MenteeProfile.Status.WITHOUT_PAIR,
        }.items():
            MenteeProfile.objects.create(organisation=organisation, person=people[name], status=status)
        finished = make_person(organisation)
        MenteeProfile.objects.create(
            organisation=organisation, person=finished, status=MenteeProfile.Status.FINISHED
        )
        # Base: C, D, F (the finished one is not counted) plus E, paired though not in the base = 4;
        # in pairs of the year: C, D, E = 3 → 75 %, below the 100 % target.
        result = value(organisation, "mentees_in_pairs")
        assert (result.numerator, result.denominator, result.value, result.met) == (3, 4, 75.0, False)

    def test_mentors_trained(self, organisation, people):
        MentorProfile.objects.create(organisation=organisation, person=people["A"], trained=True)
        MentorProfile.objects.create(
            organisation=organisation, person=people["B"], training_date=datetime.date(2025, 3, 1)
        )
        # Trained after the year: not yet counted for it.
        MentorProfile.objects.create(
            organisation=organisation, person=people["C"], training_date=datetime.date(2025, 10, 1)
        )
        MentorProfile.objects.create(organisation=organisation, person=people["D"])
        MentorProfile.objects.create(
            organisation=organisation, person=people["E"], trained=True, status=MentorProfile.Status.ARCHIVED
        )
        result = value(organisation, "mentors_trained")
        assert (result.value, result.denominator) == (2, 4)

    def test_partner_organisations(self, organisation, foreign_organisation):
        Partner.objects.create(organisation=organisation, name="Институт развития образования")
        Partner.objects.create(
            organisation=organisation, name="Колледж", agreement_date=datetime.date(2025, 2, 1)
        )
        Partner.objects.create(
            organisation=organisation, name="Позже", agreement_date=datetime.date(2025, 9, 2)
        )
        Partner.objects.create(organisation=foreign_organisation, name="Чужой партнёр")
        assert value(organisation, "partners").value == 2

    def test_plans_implemented_at_least_90_percent(self, organisation, pairs):
        def plan(pair_, done, total):
            item = Plan.objects.create(pair=pair_)
            for number in range(total):
                PlanItem.objects.create(
                    plan=item,
                    title=f"Пункт {number}",
                    done=number < done,
                    done_on=datetime.date(2025, 1, 1) if number < done else None,
                )

        plan(pairs["group"], 9, 10)  # 90 %: reached
        plan(pairs["completed"], 8, 10)  # 80 %: not reached
        plan(pairs["old"], 10, 10)  # previous year: not counted
        result = value(organisation, "plans_90")
        assert (result.numerator, result.denominator, result.value, result.met) == (1, 2, 50.0, False)

    def test_share_at_the_final_meeting(self, organisation, people, pairs):
        game = Event.objects.create(
            organisation=organisation,
            kind=Event.Kind.BUSINESS_GAME,
            title="Деловая игра",
            starts_at=at(datetime.date(2025, 5, 20)),
        )
        for name in "ABCDF":  # F came but is not a participant of the year
            Attendance.objects.create(event=game, person=people[name], attended=True)
        Attendance.objects.create(event=game, person=people["E"], attended=False)
        # 4 of the 5 participants came → 80 %, below 90 %.
        result = value(organisation, "final_meeting")
        assert (result.numerator, result.denominator, result.value, result.met) == (4, 5, 80.0, False)
        Attendance.objects.filter(event=game, person=people["E"]).update(attended=True)
        assert value(organisation, "final_meeting").met is True

    def test_final_meeting_not_held_is_no_data(self, organisation, pairs):
        result = value(organisation, "final_meeting")
        assert (result.value, result.met) == (None, None)
        assert result.note == "итоговая встреча не проводилась"

    def test_participants_who_passed_diagnostics(self, organisation, people, pairs):
        entry = Questionnaire.objects.create(
            organisation=organisation,
            title="Входная диагностика",
            purpose=Questionnaire.Purpose.DIAGNOSTIC,
            opens_on=datetime.date(2024, 10, 1),
            is_anonymous=True,
        )
        other_year = Questionnaire.objects.create(
            organisation=organisation,
            title="Диагностика прошлого года",
            purpose=Questionnaire.Purpose.DIAGNOSTIC,
            opens_on=datetime.date(2024, 3, 1),
        )
        satisfaction = Questionnaire.objects.create(
            organisation=organisation,
            title="Удовлетворённость",
            purpose=Questionnaire.Purpose.SATISFACTION,
            opens_on=datetime.date(2025, 4, 1),
        )
        for questionnaire, names in ((entry, "ABC"), (other_year, "DE"), (satisfaction, "DE")):
            for name in names:
                Invitation.objects.create(
                    questionnaire=questionnaire,
                    person=people[name],
                    token=f"t-{questionnaire.pk}-{name}",
                    answered=True,
                )
        Invitation.objects.create(
            questionnaire=entry, person=people["D"], token="t-unanswered", answered=False
        )
        # A, B, C of the 5 participants answered a diagnostic of the year → 60 %.
        result = value(organisation, "diagnostics")
        assert (result.numerator, result.denominator, result.value, result.met) == (3, 5, 60.0, False)

    def test_publications(self, organisation):
        assert value(organisation, "publications").met is False
        for day in (datetime.date(2024, 9, 1), datetime.date(2025, 8, 31), datetime.date(2025, 9, 1)):
            Publication.objects.create(
                organisation=organisation, title="Новость", url="https://x.example", published_on=day
            )
        result = value(organisation, "publications")
        assert (result.value, result.met) == (2, True)

    def test_teachers_at_the_pedagogical_council(self, organisation, personas, people):
        # Staff: the five personas of the organisation and the six people = 11.
        first = Event.objects.create(
            organisation=organisation,
            kind=Event.Kind.COUNCIL,
            title="Педсовет 1",
            starts_at=at(datetime.date(2024, 11, 5)),
        )
        second = Event.objects.create(
            organisation=organisation,
            kind=Event.Kind.COUNCIL,
            title="Педсовет 2",
            starts_at=at(datetime.date(2025, 5, 28)),
        )
        student = make_person(organisation, kind=Person.Kind.STUDENT)
        for person in [*people.values(), personas["curator"], student]:
            Attendance.objects.create(event=first, person=person, attended=True)
        for person in [
            *people.values(),
            *[personas[name] for name in ("admin", "director", "curator", "psychologist")],
        ]:
            Attendance.objects.create(event=second, person=person, attended=True)
        # The best council: the second, 10 of 11 staff = 90,9 % (target 90 %); a student is not staff.
        result = value(organisation, "council")
        assert (result.numerator, result.denominator, result.met) == (10, 11, True)
        assert result.value == 90.9

    def test_roadmap_positions_done(self, organisation):
        draft = Roadmap.objects.create(organisation=organisation, academic_year=YEAR.label, title="Черновик")
        approved = Roadmap.objects.create(
            organisation=organisation,
            academic_year=YEAR.label,
            title="Дорожная карта",
            status=Roadmap.Status.APPROVED,
            approved_on=datetime.date(2024, 9, 2),
        )
        stage = Stage.objects.create(roadmap=approved, title="Раздел")
        for status in ["done", "done", "done", "planned", "cancelled"]:
            Activity.objects.create(
                stage=stage,
                title="Мероприятие",
                status=status,
                completed_on=datetime.date(2025, 1, 1) if status == "done" else None,
            )
        Activity.objects.create(stage=Stage.objects.create(roadmap=draft, title="Р"), title="Черновое")
        # The approved roadmap wins: 3 done of 4 counted (the cancelled one is left out) → 75 %.
        data = indicators.for_organisation(organisation, YEAR)
        result = data.get("roadmap_done")
        assert (result.numerator, result.denominator, result.value, result.met) == (3, 4, 75.0, False)
        assert data.roadmap["id"] == approved.pk
        assert indicators.for_organisation(organisation, AcademicYear(2023)).get("roadmap_done").value is None

    def test_young_teachers_involved(self, organisation, people, pairs):
        # 33 on 01.09.2024: young, not involved.
        make_person(organisation, birth_date=datetime.date(1990, 9, 2))
        make_person(organisation, birth_date=datetime.date(1989, 9, 1))  # exactly 35: not young
        make_person(organisation, birth_date=datetime.date(2001, 1, 1), kind=Person.Kind.STUDENT)  # not staff
        # Young staff: A, C, D, F and the 1990 one = 5; in pairs of the year: A, C, D = 3 → 60 %, below 70 %.
        result = value(organisation, "young_teachers")
        assert (result.numerator, result.denominator, result.value, result.met) == (3, 5, 60.0, False)
        make_person(organisation)  # no birth date: left out, and said so
        assert value(organisation, "young_teachers").note == "без даты рождения: 1"

    def test_only_the_organisations_own_pairs_and_staff_count(
        self, organisation, foreign_organisation, people, pairs
    ):
        # A young teacher of ours mentoring in another school's pair is not involved here; a teacher of that
        # school at our council is not one of our staff.
        young = make_person(organisation, birth_date=datetime.date(1995, 1, 1))
        elsewhere = make_person(foreign_organisation, birth_date=datetime.date(1970, 1, 1))
        pair(foreign_organisation, young, [elsewhere])
        council = Event.objects.create(
            organisation=organisation,
            kind=Event.Kind.COUNCIL,
            title="Педсовет",
            starts_at=at(datetime.date(2024, 11, 5)),
        )
        for person in [people["A"], people["B"], elsewhere]:
            Attendance.objects.create(event=council, person=person, attended=True)
        young_result = value(organisation, "young_teachers")
        assert (young_result.numerator, young_result.denominator) == (3, 5)  # young: A, C, D, F and ours
        assert value(foreign_organisation, "young_teachers").numerator == 0
        council_result = value(organisation, "council")
        assert council_result.numerator == 2


@pytest.mark.django_db
def test_another_organisation_never_counts(organisation, foreign_organisation, people, pairs):
    outsider = make_person(foreign_organisation, birth_date=datetime.date(1999, 1, 1))
    pair(foreign_organisation, outsider, [make_person(foreign_organisation)])
    assert value(organisation, "participants").value == 5
    assert value(foreign_organisation, "participants").value == 2


@pytest.mark.django_db
def test_met_and_display():
    definition = indicators.BY_CODE["council"]
    item = indicators.IndicatorValue(definition, 93.2, 41, 44)
    assert (item.met, item.display, item.display_full, item.status_label) == (
        True,
        "93,2 %",
        "93,2 % (41 из 44)",
        "выполнен",
    )
    assert indicators.IndicatorValue(definition, None).status_label == "нет данных"
    assert definition.target_display == "не менее 90 %"
    assert indicators.BY_CODE["roadmap_done"].target_display == "100 %"


def test_academic_year():
    assert AcademicYear.of(datetime.date(2025, 8, 31)) == AcademicYear(2024)
    assert AcademicYear.of(datetime.date(2025, 9, 1)) == AcademicYear(2025)
    assert AcademicYear.parse("2025/2026") == AcademicYear(2025)
    assert AcademicYear.parse("2025") == AcademicYear(2025)
    assert AcademicYear.parse("2025/2027", None) is None
    assert AcademicYear.parse("<script>", AcademicYear(2020)) == AcademicYear(2020)
    assert AcademicYear(2025).label == "2025/2026"


@pytest.mark.parametrize(
    "texts,code",
    [
        (("", "Выполнено 100% позиций дорожной карты"), "roadmap_done"),
        (("Приняло 100% участников целевой модели наставничества",), "mentees_in_pairs"),
        (("", "Диагностика пройдена 100 % участников целевой модели наставничества"), "diagnostics"),
        (("Участие в игре приняло не менее 90% участников",), "final_meeting"),
        (("Количество участников, охваченных системой",), "participants"),
        (("Количество обученных наставников",), "mentors_trained"),
        (("", "Не менее 1 публикации на ресурсах"), "publications"),
        (("", "Индивидуальные планы реализованы не менее чем на 90%"), "plans_90"),
        (("", "в педагогическом совете приняло участие не менее 90% специалистов"), "council"),
        (("Количество организаций, предприятий, принявших участие",), "partners"),
        (("Доля педагогов в возрасте до 35 лет",), "young_teachers"),
        (("Приказ", "Протокол"), ""),
    ],
)
def test_guess_code_from_the_sample_roadmaps_texts(texts, code):
    assert guess_code(*texts) == code


def _organisations(municipality, count):
    made = []
    for number in range(count):
        organisation = Organisation.objects.create(
            municipality=municipality, name=f"Школа {number}", short_name=f"Ш{number}", slug=f"s-{number}"
        )
        mentor = make_person(organisation, birth_date=datetime.date(1995, 1, 1))
        mentees = [make_person(organisation) for _ in range(3)]
        item = pair(organisation, mentor, mentees)
        plan = Plan.objects.create(pair=item)
        PlanItem.objects.create(plan=plan, title="Пункт", done=True, done_on=datetime.date(2025, 1, 1))
        MenteeProfile.objects.create(organisation=organisation, person=mentees[0])
        MentorProfile.objects.create(organisation=organisation, person=mentor, trained=True)
        event = Event.objects.create(
            organisation=organisation,
            kind=Event.Kind.COUNCIL,
            title="Педсовет",
            starts_at=at(datetime.date(2024, 11, 1)),
        )
        Attendance.objects.create(event=event, person=mentor, attended=True)
        roadmap = Roadmap.objects.create(organisation=organisation, academic_year=YEAR.label, title="ДК")
        Activity.objects.create(stage=Stage.objects.create(roadmap=roadmap, title="Р"), title="М")
        made.append(organisation)
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 12])
def test_query_count_does_not_grow_with_organisations(municipality, count):
    organisations = _organisations(municipality, count)
    with CaptureQueriesContext(connection) as queries:
        result = indicators.compute(organisations, YEAR)
    assert len(result) == count
    assert all(item.get("participants").value == 4 for item in result.values())
    # 11: the pairs of the year and their mentees are read in one query (they were two).
    assert len(queries) == 11


@pytest.mark.django_db
def test_only_the_codes_asked_for_are_computed_with_the_same_values(municipality):
    organisations = _organisations(municipality, 2)
    for organisation in organisations:
        Partner.objects.create(organisation=organisation, name="Завод")
    codes = {"publications", "young_teachers", "plans_90", "mentees_in_pairs"}
    every = indicators.compute(organisations, YEAR)
    with CaptureQueriesContext(connection) as queries:
        some = indicators.compute(organisations, YEAR, codes=codes)
    # The mentors trained and the partners are not read.
    assert len(queries) == 9
    for organisation in organisations:
        asked = some[organisation.pk]
        assert [value.code for value in asked.values] == [
            value.code for value in every[organisation.pk].values if value.code in codes
        ]
        for value in asked.values:
            reference = every[organisation.pk].by_code[value.code]
            assert (value.value, value.numerator, value.denominator, value.note) == (
                reference.value,
                reference.numerator,
                reference.denominator,
                reference.note,
            )
        assert every[organisation.pk].by_code["partners"].value == 1
        assert asked.get("partners") is None
