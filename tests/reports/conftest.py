import datetime

import pytest

from mentoring.models import (
    Consent,
    MentoringForm,
    Municipality,
    Organisation,
    Pair,
    PairMentee,
    Region,
    Role,
)
from tests.conftest import make_person


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Stored PDFs go to a temporary folder, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


FORM_NAMES = {"teacher-teacher": "учитель – учитель", "student-student": "ученик – ученик"}


def make_pair(
    organisation,
    *,
    mentor=None,
    mentees=(),
    status=Pair.Status.PROPOSED,
    form_code="teacher-teacher",
    labour_papers=True,
    **fields,
):
    mentor = mentor or make_person(organisation, roles=[Role.TEACHER], position="Учитель математики")
    pair = Pair.objects.create(
        organisation=organisation,
        mentor=mentor,
        # get_or_create: a transactional test flushes the forms the data migration made.
        form=MentoringForm.objects.get_or_create(
            code=form_code, defaults={"name": FORM_NAMES.get(form_code, form_code)}
        )[0],
        status=status,
        **fields,
    )
    mentees = list(mentees) or [
        make_person(organisation, roles=[Role.TEACHER], position="Учитель информатики")
    ]
    for mentee in mentees:
        PairMentee.objects.create(pair=pair, mentee=mentee)
    # The director approves only people who consented to the processing of their personal data.
    for person in [mentor, *mentees]:
        if not Consent.objects.filter(
            organisation=organisation, person=person, withdrawn_on__isnull=True
        ).exists():
            Consent.objects.create(
                organisation=organisation,
                person=person,
                given_on=datetime.date(2026, 9, 1),
                text_version="2026",
            )
    # ст. 351.8 ТК РФ: a staff mentor of a staff mentee consents in writing and signs an additional agreement.
    if labour_papers:
        give_labour_papers(pair)
    return pair


def give_labour_papers(pair):
    from mentoring.models import LabourAgreement, MentoringConsent
    from mentoring.programme import labour

    if not labour.is_staff_mentor(pair):
        return
    MentoringConsent.objects.get_or_create(
        organisation=pair.organisation, person=pair.mentor, defaults={"signed_on": datetime.date(2025, 8, 25)}
    )
    LabourAgreement.objects.get_or_create(
        organisation=pair.organisation,
        pair=pair,
        mentor=pair.mentor,
        defaults={
            "number": f"ДС-{pair.pk}",
            "signed_on": datetime.date(2025, 8, 28),
            "content": pair.goal or "Адаптация молодого специалиста",
            "payment_kind": "percent",
            "payment_percent": 10,
        },
    )


@pytest.fixture
def pair_factory(organisation):
    def _make(**kwargs):
        kwargs.setdefault("organisation", organisation)
        return make_pair(**kwargs)

    return _make


@pytest.fixture
def plan_of_named_pair(named_pair):
    """Four items, two of them done: 50 %."""
    named_pair.status = Pair.Status.ACTIVE
    named_pair.save()
    return make_plan(named_pair, items=PLAN_ITEMS)


@pytest.fixture
def named_pair(organisation, personas):
    """A pair with recognisable names: Петрова Елена Ивановна → Смирнов Дмитрий Олегович."""
    mentor = make_person(
        organisation,
        roles=[Role.TEACHER],
        last_name="Петрова",
        first_name="Елена",
        patronymic="Ивановна",
        position="Учитель математики",
    )
    mentee = make_person(
        organisation,
        roles=[Role.TEACHER],
        last_name="Смирнов",
        first_name="Дмитрий",
        patronymic="Олегович",
        position="Учитель информатики",
    )
    return make_pair(
        organisation,
        mentor=mentor,
        mentees=[mentee],
        goal="Освоить методику подготовки к ОГЭ",
        start_date=datetime.date(2025, 9, 15),
        end_date=datetime.date(2026, 5, 31),
    )


def make_plan(
    pair, *, items=(("Организационная встреча", 15, "Согласован график встреч", True),), actor=None
):
    """The pair's individual plan with items (title, due day of September 2025, expected result, done)."""
    from mentoring.models import PlanItem
    from mentoring.programme import services as mentoring_services

    plan = mentoring_services.plan_create(pair=pair, actor=actor)
    for order, (title, day, result, done) in enumerate(items, start=1):
        PlanItem.objects.create(
            plan=plan,
            order=order,
            title=title,
            due_date=datetime.date(2025, 9, day),
            expected_result=result,
            done=done,
            done_on=datetime.date(2025, 9, day) if done else None,
        )
    return plan


PLAN_ITEMS = (
    ("Организационная встреча: знакомство", 15, "Согласован график встреч", True),
    ("Посещение уроков наставника", 22, "Листы наблюдения", True),
    ("Открытый урок наставляемого", 29, "Технологическая карта урока", False),
    ("Итоговая встреча, самоанализ", 30, "Отзыв наставника", False),
)


@pytest.fixture
def region(municipality, foreign_organisation):
    """«Тестовская область»: the test municipality and a second one (with one school); «Другой район»
    (the foreign organisation's) is outside it."""
    region = Region.objects.create(name="Тестовская область", slug="test-region")
    municipality.region = region
    municipality.save(update_fields=["region"])
    second = Municipality.objects.create(name="Второй район", slug="second", region=region)
    Organisation.objects.create(
        municipality=second, name="Школа № 7", short_name="Школа № 7", slug="school-7"
    )
    return region


@pytest.fixture
def regional(region, municipality):
    centre = Organisation.objects.create(
        municipality=municipality,
        name="Региональный центр наставничества",
        short_name="РЦН",
        slug="rcn",
        kind=Organisation.Kind.REGIONAL_CENTRE,
    )
    return make_person(centre, roles=["regional_coordinator"], username="regional-test")
