"""Demo data of the mentoring programme: the bases with consent, preferences, pairs and a group at every
stage, plans partly done, meetings (one pair at risk), mentees without a pair, partners."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from mentoring.models import (
    Competency,
    Meeting,
    MenteeProfile,
    MentoringForm,
    MentorProfile,
    Organisation,
    Pair,
    Person,
    PlanAmendment,
    PlanItem,
    PlanTemplate,
    Preference,
)
from mentoring.organisations.types import Actor
from mentoring.programme import services

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from mentoring.organisations.demo import DemoContext

CONSENT_VERSION = "Согласие на обработку персональных данных, ред. от 01.09.2024"

SUBJECT_COMPETENCIES = {
    "Математика": ["Подготовка к ОГЭ/ЕГЭ", "Функциональная грамотность"],
    "Русский язык": ["Подготовка к ОГЭ/ЕГЭ", "Формирующее оценивание и критерии"],
    "Начальные классы": ["Работа с родителями", "Классное руководство"],
    "Физика": ["Проектная и исследовательская деятельность", "Подготовка к ОГЭ/ЕГЭ"],
    "Информатика": ["Цифровые образовательные ресурсы", "Проектная и исследовательская деятельность"],
    "Английский язык": ["Цифровые образовательные ресурсы", "Формирующее оценивание и критерии"],
    "История": ["Проектная и исследовательская деятельность", "Внеурочная деятельность"],
    "Биология": ["Проектная и исследовательская деятельность", "Работа с одарёнными детьми"],
    "Химия": ["Подготовка к ОГЭ/ЕГЭ", "Работа с одарёнными детьми"],
    "Физическая культура": ["Внеурочная деятельность", "Дисциплина на уроке"],
    "Дошкольное образование": ["Работа с родителями", "Инклюзивное образование"],
}
GENERAL = [
    "Проектирование урока по ФГОС",
    "Классное руководство",
    "Дисциплина на уроке",
    "Работа с родителями",
    "Профилактика выгорания",
    "Ведение документации",
    "Аттестация педагога",
    "Инклюзивное образование",
    "Рабочая программа и КТП",
]
REQUESTS = [
    ("Трудно удерживать дисциплину в 7-х классах, ученики отвлекаются на телефоны.", ["Дисциплина на уроке"]),
    ("Не получается выстроить общение с родителями, боюсь родительских собраний.", ["Работа с родителями"]),
    (
        "Первый раз веду классное руководство, не знаю, как вести документацию.",
        ["Классное руководство", "Ведение документации"],
    ),
    ("Хочу научиться строить урок по ФГОС и ставить цели урока.", ["Проектирование урока по ФГОС"]),
    ("Нужна помощь в подготовке выпускников к ОГЭ.", ["Подготовка к ОГЭ/ЕГЭ"]),
    ("В классе есть ребёнок с ОВЗ, не знаю, как адаптировать задания.", ["Инклюзивное образование"]),
    ("Устаю, накапливается раздражение к концу четверти.", ["Профилактика выгорания"]),
    ("Хочу использовать цифровые сервисы на уроках.", ["Цифровые образовательные ресурсы"]),
    ("Нужно составить рабочую программу и КТП.", ["Рабочая программа и КТП"]),
    ("Готовлюсь к аттестации на первую категорию.", ["Аттестация педагога"]),
]
STUDENT_REQUESTS = [
    ("Отстаю по математике, хочу подтянуть оценки до конца четверти.", ["Учебная мотивация"]),
    ("Перешёл в новую школу, трудно освоиться в классе.", ["Адаптация в новом классе"]),
    ("Хочу участвовать в школьном самоуправлении.", ["Школьное самоуправление"]),
    ("Не знаю, какую профессию выбрать.", ["Профориентация"]),
]
TRAININGS = [
    ("Наставничество в образовательной организации: модели и практики", 36),
    ("Реализация целевой модели наставничества", 72),
    ("Педагог-наставник: психолого-педагогические основы", 24),
]
EXPERIENCE = [
    "Победитель муниципального конкурса «Учитель года».",
    "Руководитель школьного методического объединения.",
    "Эксперт ОГЭ, автор методических разработок.",
    "Опыт наставничества с 2019 года, двое подопечных стали призёрами конкурсов.",
    "Выступала на региональной конференции с опытом работы.",
]
PARTNERS = [
    (
        "ГАУ ДПО «Институт развития образования Сахалинской области»",
        "14/НП",
        "Методическое сопровождение и обучение наставников.",
        "Захарова Ольга Петровна",
    ),
    (
        "ФГБОУ ВО «Сахалинский государственный университет»",
        "7-С",
        "Практика студентов, студенты — наставники обучающихся.",
        "Ким Андрей Сергеевич",
    ),
    (
        "МБУ ДО «Детская школа искусств № 2»",
        "3",
        "Совместные творческие проекты пар «ученик – ученик».",
        "Павлова Наталья Викторовна",
    ),
]


def _landline(ctx: DemoContext) -> str:
    numbers = (ctx.rng.randint(20, 79), ctx.rng.randint(10, 99), ctx.rng.randint(10, 99))
    return "+7 4242 %d-%d-%d" % numbers  # noqa: UP031


def _competencies(names: Iterable[str]) -> list[Competency]:
    by_name = {c.name: c for c in Competency.objects.all()}
    return [by_name[name] for name in dict.fromkeys(names) if name in by_name]


def _subject_tags(person: Person) -> list[str]:
    tags = []
    for subject in person.subject_list:
        for key, names in SUBJECT_COMPETENCIES.items():
            if key.lower() in subject.lower():
                tags.extend(names)
    return tags


def _consent(
    ctx: DemoContext, organisation: Organisation, person: Person, actor: Actor, days_ago: int
) -> None:
    services.consent_give(
        organisation=organisation,
        person=person,
        given_on=ctx.today - datetime.timedelta(days=days_ago),
        text_version=CONSENT_VERSION,
        actor=actor,
    )


def _backdate_pair(pair: Pair, *, days_ago: int, actor: Actor) -> None:
    when = timezone.now() - datetime.timedelta(days=days_ago)
    Pair.objects.filter(pk=pair.pk).update(
        approved_at=when, created_at=when - datetime.timedelta(days=7), approved_by=actor
    )


def _work(
    ctx: DemoContext,
    organisation: Organisation,
    pair: Pair,
    *,
    actor: User | None,
    days_ago: int,
    done_share: float,
    last_meeting_days: int,
) -> None:
    """An approved pair that has been working `days_ago` days: plan from the template, part done, meetings."""
    pair.refresh_from_db()
    start = ctx.today - datetime.timedelta(days=days_ago)
    Pair.objects.filter(pk=pair.pk).update(start_date=start, end_date=start + datetime.timedelta(days=270))
    pair.refresh_from_db()
    services.pair_start(organisation=organisation, pair=pair, actor=actor, start_date=start)
    template = PlanTemplate.objects.filter(form=pair.form).order_by("name").first()
    plan = services.plan_create(pair=pair, actor=actor, template=template)
    items = list(plan.items.order_by("order"))
    done_count = round(len(items) * done_share)
    for item in items[:done_count]:
        done_on = min(item.due_date or ctx.today, ctx.today) - datetime.timedelta(days=ctx.rng.randint(0, 3))
        PlanItem.objects.filter(pk=item.pk).update(done=True, done_on=max(done_on, start))
    if items and items[0].title and done_count:
        PlanItem.objects.filter(pk=items[0].pk).update(
            evidence_link="https://school23.example/nastavnichestvo/"
        )
    services.plan_approve(
        plan=plan, actor=ctx.users.get("director") if organisation.slug == "demo-school" else None
    )
    approved_at = timezone.now() - datetime.timedelta(days=max(days_ago - 10, 0))
    type(plan).objects.filter(pk=plan.pk).update(approved_at=approved_at)
    members = [pair.mentor, *[link.mentee for link in pair.pair_mentees.all()]]
    dates = [start]
    day = start + datetime.timedelta(days=14)
    last = ctx.today - datetime.timedelta(days=last_meeting_days)
    while day < last:
        dates.append(day)
        day += datetime.timedelta(days=ctx.rng.choice([14, 21, 28]))
    dates.append(last)
    topics = [
        (Meeting.Kind.ORGANISATIONAL, "Знакомство, правила взаимодействия, график встреч"),
        (Meeting.Kind.TRIAL, "Пробная встреча: разбор урока наставника"),
        (Meeting.Kind.PLANNING, "Составление индивидуального плана"),
    ]
    regular = [
        "Разбор посещённого урока",
        "Подготовка к родительскому собранию",
        "Приёмы удержания внимания класса",
        "Работа с рабочей программой",
        "Подготовка открытого урока",
        "Разбор трудной ситуации с классом",
    ]
    for number, date in enumerate(sorted(set(dates))):
        kind, topic = (
            topics[number] if number < len(topics) else (Meeting.Kind.REGULAR, ctx.rng.choice(regular))
        )
        meeting = Meeting.objects.create(pair=pair, kind=kind, date=date, topic=topic, created_by=actor)
        meeting.attendees.set(members)


@transaction.atomic
def seed_organisation(
    ctx: DemoContext, organisation: Organisation, *, mentors: int, mentees: int, students: int, full: bool
) -> tuple[list[Person], list[Person], list[Person], list[Person], User | None]:
    """The organisation's mentor and mentee bases; the people in them (mentors, mentees, and the older and
    younger pupils of «ученик – ученик») and the curator who keeps them (None but in the demo school)."""
    actor = ctx.users.get("curator") if organisation.slug == "demo-school" else None
    staff = list(
        Person.objects.filter(
            memberships__organisation=organisation, kind=Person.Kind.STAFF, user__isnull=True
        )
        .exclude(position__in=["Директор", "Заведующий", "Педагог-психолог", "Руководитель МЦН"])
        .order_by("pk")
    )
    pupils = list(
        Person.objects.filter(memberships__organisation=organisation, kind=Person.Kind.STUDENT).order_by("pk")
    )
    experienced = sorted(staff, key=lambda p: (-(p.teaching_experience or 0), p.pk))
    novices = [
        p
        for p in sorted(staff, key=lambda p: (p.teaching_experience or 0, p.pk))
        if p not in experienced[:mentors]
    ]

    mentor_people = experienced[:mentors]
    mentee_people = novices[:mentees]
    if full:
        mentor_people = [ctx.people["mentor"], *mentor_people[: mentors - 1]]
        mentee_people = [
            ctx.people["mentee"],
            *[p for p in mentee_people if p not in mentor_people][: mentees - 1],
        ]
        # Two older pupils mentor younger ones («ученик – ученик»).
        older = sorted(pupils, key=lambda p: p.birth_date or ctx.today)[:2]
        younger = [p for p in pupils if p not in older][:students]
    else:
        older, younger = [], []

    for index, person in enumerate(mentor_people + older):
        is_student = person.kind == Person.Kind.STUDENT
        missing_consent = full and index == len(mentor_people) - 1
        if not missing_consent:
            _consent(ctx, organisation, person, actor, ctx.rng.randint(40, 200))
        course, hours = ctx.rng.choice(TRAININGS)
        trained = not is_student and index % 6 != 5
        tags = (
            ["Учебная мотивация", "Школьное самоуправление", "Адаптация в новом классе"]
            if is_student
            else _subject_tags(person) + ctx.rng.sample(GENERAL, 3)
        )
        services.mentor_profile_save(
            organisation=organisation,
            person=person,
            actor=actor,
            data={
                "status": MentorProfile.Status.READY
                if (trained or is_student) and not missing_consent
                else MentorProfile.Status.POTENTIAL,
                "capacity": 2 if person == ctx.people.get("mentor") or index % 4 == 0 else 1,
                "experience_note": "" if is_student else ctx.rng.choice(EXPERIENCE),
                "training_date": ctx.today - datetime.timedelta(days=ctx.rng.randint(60, 400))
                if trained
                else None,
                "training_course": course if trained else "",
                "training_hours": hours if trained else None,
                "trained": trained,
                "interview_done": trained or is_student,
                "intake_notes": "Лидер ученического совета, 10 класс." if is_student else "",
            },
            competencies=_competencies(tags),
        )

    student_form = MentoringForm.objects.filter(code="student-student").first()
    for index, person in enumerate(mentee_people + younger):
        is_student = person.kind == Person.Kind.STUDENT
        missing_consent = full and index in (len(mentee_people) - 1, len(mentee_people) - 2)
        if not missing_consent:
            _consent(ctx, organisation, person, actor, ctx.rng.randint(30, 150))
        text, tags = (STUDENT_REQUESTS if is_student else REQUESTS)[
            index % (4 if is_student else len(REQUESTS))
        ]
        if person == ctx.people.get("mentee"):
            text, tags = (
                REQUESTS[0][0] + " " + REQUESTS[4][0],
                ["Дисциплина на уроке", "Подготовка к ОГЭ/ЕГЭ"],
            )
        category = (
            MenteeProfile.Category.STUDENT
            if is_student
            else MenteeProfile.Category.YOUNG_SPECIALIST
            if (person.teaching_experience or 0) <= 3
            else ctx.rng.choice([MenteeProfile.Category.NEWLY_HIRED, MenteeProfile.Category.IN_DIFFICULTY])
        )
        services.mentee_profile_save(
            organisation=organisation,
            person=person,
            actor=actor,
            data={
                "category": category,
                "requests": text,
                "preferred_form": student_form if is_student else None,
            },
            request_tags=_competencies(tags + ([] if is_student else _subject_tags(person)[:1])),
        )
    return mentor_people, mentee_people, older, younger, actor


def _labour_papers(ctx: DemoContext, organisation: Organisation, actor: Actor, *, skip: set[int]) -> None:
    """ст. 351.8 ТК РФ: the school pays its staff mentors 10 % of the rate; every staff mentor signed the
    consent and an additional agreement before the pairs were fixed — all but the mentor of one proposed
    pair, whose papers the curator still has to collect (the pairs order leaves that pair out)."""
    from decimal import Decimal

    from mentoring.programme import labour

    labour.programme_settings_update(
        organisation=organisation,
        actor=actor,
        audience="both",
        payment_kind="percent",
        payment_percent=Decimal(10),
        payment_conditions="ежемесячно, вместе с заработной платой, по положению об оплате труда",
    )
    pairs = (
        organisation.pairs.live().select_related("mentor", "form").prefetch_related("pair_mentees__mentee")
    )
    number = 40
    for pair in pairs.order_by("created_at", "pk"):
        if pair.pk in skip or not labour.is_staff_mentor(pair):
            continue
        signed = min(pair.start_date or ctx.today, ctx.today) - datetime.timedelta(days=12)
        if labour.mentoring_consent_of(organisation, pair.mentor) is None:
            labour.mentoring_consent_record(
                organisation=organisation, person=pair.mentor, signed_on=signed, actor=actor
            )
        number += 1
        defaults = labour.agreement_defaults(pair)
        labour.labour_agreement_save(
            organisation=organisation,
            pair=pair,
            actor=actor,
            number=f"{number}/Н",
            signed_on=signed + datetime.timedelta(days=2),
            content=defaults.content,
            starts_on=defaults.starts_on,
            ends_on=defaults.ends_on,
            payment_kind=defaults.payment_kind,
            payment_sum=defaults.payment_sum,
            payment_percent=defaults.payment_percent,
            payment_conditions=defaults.payment_conditions,
        )


def _pair(
    organisation: Organisation,
    mentor: Person,
    mentees: Iterable[Person],
    actor: Actor,
    goal: str,
    code: str = "teacher-teacher",
) -> Pair:
    return services.pair_create(
        organisation=organisation,
        mentor=mentor,
        mentees=mentees,
        form=MentoringForm.objects.get(code=code),
        goal=goal,
        actor=actor,
    )


def ensure_catalogues() -> None:
    """The forms of mentoring, competencies and plan templates come from data migrations; a database flushed
    since (the browser tests do that between tests) gets them again, idempotently."""
    import importlib

    from django.apps import apps

    for name in ("0002_official_mentoring_forms", "0006_competencies_and_plan_templates"):
        module = importlib.import_module(f"mentoring.migrations.{name}")
        (module.add_forms if hasattr(module, "add_forms") else module.seed)(apps, None)


def seed(ctx: DemoContext) -> None:
    ensure_catalogues()
    school = ctx.organisations["demo-school"]
    director = ctx.users.get("director")
    mentors, mentees, older, younger, actor = seed_organisation(
        ctx, school, mentors=12, mentees=18, students=3, full=True
    )
    petrova, smirnov = ctx.people["mentor"], ctx.people["mentee"]
    # Preferences from the networking questionnaire: Петрова and Смирнов chose each other.
    services.preferences_replace(
        organisation=school, chooser=smirnov, chosen=[petrova, mentors[2]], source=Preference.Source.SURVEY
    )
    services.preferences_replace(
        organisation=school, chooser=petrova, chosen=[smirnov, mentees[1]], source=Preference.Source.SURVEY
    )
    services.preferences_replace(
        organisation=school, chooser=mentees[6], chosen=[mentors[6]], source=Preference.Source.SURVEY
    )
    services.preferences_replace(
        organisation=school, chooser=mentors[6], chosen=[mentees[6]], source=Preference.Source.SURVEY
    )
    services.preferences_replace(
        organisation=school,
        chooser=mentees[7],
        chosen=[mentors[7], mentors[8]],
        source=Preference.Source.CURATOR,
        actor=actor,
    )

    goal = "Адаптация молодого специалиста в коллективе, освоение методики урока по ФГОС и работы с классом."
    group = _pair(school, petrova, [smirnov, mentees[1]], actor, goal)
    working = [
        (group, 75, 0.5, 6),
        (
            _pair(school, mentors[1], [mentees[2]], actor, "Подготовка к аттестации и открытому уроку."),
            120,
            0.8,
            12,
        ),
        (
            _pair(school, mentors[2], [mentees[3]], actor, "Классное руководство и работа с родителями."),
            90,
            0.6,
            44,
        ),
        (
            _pair(school, mentors[3], [mentees[4]], actor, "Выход из профессиональных затруднений."),
            200,
            1.0,
            3,
        ),
    ]
    students_pair = _pair(
        school,
        older[0],
        younger[:1],
        actor,
        "Повышение учебной мотивации, подготовка к олимпиаде.",
        code="student-student",
    )
    approved_only = _pair(school, mentors[4], [mentees[5]], actor, "Освоение рабочей программы и КТП.")
    services.pairs_approve(
        organisation=school,
        pair_ids=[pair.pk for pair, *_ in working] + [students_pair.pk, approved_only.pk],
        actor=director,
        basis="Приказ № 118-ОД «О закреплении наставнических пар/групп»",
    )
    for pair, days, share, last in working:
        _backdate_pair(pair, days_ago=days + 5, actor=director)
        _work(ctx, school, pair, actor=actor, days_ago=days, done_share=share, last_meeting_days=last)
    _backdate_pair(students_pair, days_ago=50, actor=director)
    _work(ctx, school, students_pair, actor=actor, days_ago=45, done_share=0.4, last_meeting_days=9)
    _backdate_pair(approved_only, days_ago=3, actor=director)
    _daily_changes(ctx, school, group=group, approved_only=approved_only, mentees=mentees, actor=actor)
    # Proposed by the curator, waiting for the director.
    _pair(school, mentors[9], [mentees[8]], actor, "Цифровые образовательные ресурсы на уроках.")
    unsigned = _pair(school, mentors[8], [mentees[9]], actor, "Подготовка выпускников к ОГЭ.")
    # A pair that worked two months and is ended early by its mentor (the reports demo records the notice).
    leaving = _pair(school, mentors[5], [mentees[10]], actor, "Освоение электронного журнала и КТП.")
    services.pairs_approve(organisation=school, pair_ids=[leaving.pk], actor=director)
    _backdate_pair(leaving, days_ago=70, actor=director)
    _work(ctx, school, leaving, actor=actor, days_ago=65, done_share=0.3, last_meeting_days=20)
    _matching_demo(school, actor)
    _labour_papers(ctx, school, actor, skip={unsigned.pk})
    _mentor_replaced(ctx, school, pair=approved_only, mentors=mentors, actor=actor)
    # One mentee the matching could not place: the psychologist supports her.
    left = mentees[15]
    MenteeProfile.objects.filter(organisation=school, person=left).update(
        status=MenteeProfile.Status.WITHOUT_PAIR
    )
    services.support_note_create(
        organisation=school,
        mentee=left,
        actor=ctx.users.get("psychologist"),
        date=ctx.today - datetime.timedelta(days=5),
        note="Индивидуальная консультация: адаптация в коллективе, рекомендации по планированию нагрузки.",
    )
    for name, number, notes, contact in PARTNERS:
        services.partner_save(
            organisation=school,
            actor=actor,
            data={
                "name": name,
                "agreement_number": number,
                "agreement_date": ctx.today - datetime.timedelta(days=ctx.rng.randint(100, 500)),
                "contact_person": contact,
                "phone": _landline(ctx),
                "notes": notes,
            },
        )

    for slug in ("demo-kindergarten", "demo-centre"):
        organisation = ctx.organisations[slug]
        light_mentors, light_mentees, *_rest = seed_organisation(
            ctx, organisation, mentors=3, mentees=4, students=0, full=False
        )
        pair = _pair(
            organisation, light_mentors[0], light_mentees[:1], None, "Адаптация вновь принятого педагога."
        )
        services.pairs_approve(organisation=organisation, pair_ids=[pair.pk], actor=None)
        _backdate_pair(pair, days_ago=60, actor=None)
        _work(ctx, organisation, pair, actor=None, days_ago=55, done_share=0.5, last_meeting_days=10)
        _pair(organisation, light_mentors[1], light_mentees[1:2], None, "Освоение образовательной программы.")

    ctx.log.append(
        "Наставничество: наставников "
        f"{MentorProfile.objects.count()}, наставляемых {MenteeProfile.objects.count()}, "
        f"пар и групп {Pair.objects.count()}, встреч {Meeting.objects.count()}"
    )


def _daily_changes(
    ctx: DemoContext,
    school: Organisation,
    *,
    group: Pair,
    approved_only: Pair,
    mentees: list[Person],
    actor: Actor,
) -> None:
    """Issue 13: the mentor proposes to move a deadline of the group's approved plan (the director has yet to
    decide), and the curator adds a mentee to a pair fixed by the pairs order (a new order is needed)."""
    group.refresh_from_db()
    plan = group.plan
    item = plan.items.filter(done=False, due_date__isnull=False).order_by("due_date", "pk").first()
    if item is not None and item.due_date is not None:
        services.plan_amendment_propose(
            plan=plan,
            actor=ctx.users.get("mentor"),
            kind=PlanAmendment.Kind.CHANGE,
            item=item,
            due_date=item.due_date + datetime.timedelta(days=21),
            reason="Наставляемый на курсах повышения квалификации: перенести срок на три недели.",
        )
    consented = services.consented_person_ids(school, [person.pk for person in mentees[11:15]])
    newcomer = next(
        (
            person
            for person in mentees[11:15]
            if person.pk in consented
            and school.mentee_profiles.filter(person=person, status=MenteeProfile.Status.CANDIDATE).exists()
        ),
        None,
    )
    if newcomer is None:
        return
    approved_only.refresh_from_db()
    services.pair_members_change(
        organisation=school,
        pair=approved_only,
        actor=actor,
        mentor=approved_only.mentor,
        mentees=[*[link.mentee for link in approved_only.pair_mentees.all()], newcomer],
        reason="Вновь принятый педагог того же предмета: пара стала группой.",
    )


def _mentor_replaced(
    ctx: DemoContext, school: Organisation, *, pair: Pair, mentors: list[Person], actor: Actor
) -> None:
    """Issue 13/16: the curator replaces the mentor of the pair fixed by the order (the old mentor went on
    long leave). The new mentor signed the consent of ст. 351.8 ТК РФ but not yet the additional agreement:
    the pair's page shows the old mentor's agreement as history and the new one's as «не оформлено», and the
    pairs order for the changed pair waits for it."""
    from mentoring.programme import labour

    pair = (
        school.pairs.select_related("mentor", "form").prefetch_related("pair_mentees__mentee").get(pk=pair.pk)
    )
    busy = set(school.pairs.filter(Pair.open_q()).values_list("mentor_id", flat=True))
    choosers = set(Preference.objects.filter(organisation=school).values_list("chooser_id", flat=True))
    consented = services.consented_person_ids(school, [person.pk for person in mentors])
    mentees = [link.mentee for link in pair.pair_mentees.all()]
    free = [
        person
        for person in mentors
        if person.pk not in busy | choosers
        and person.pk in consented
        and person.kind == Person.Kind.STAFF
        and school.mentor_profiles.filter(person=person)
        .exclude(status=MentorProfile.Status.ARCHIVED)
        .exists()
    ]
    if not free:
        return
    mentor = free[-1]
    school.mentor_profiles.filter(person=mentor).update(capacity=max(2, len(mentees)))
    if labour.mentoring_consent_of(school, mentor) is None:
        labour.mentoring_consent_record(
            organisation=school, person=mentor, signed_on=ctx.today - datetime.timedelta(days=1), actor=actor
        )
    services.pair_members_change(
        organisation=school,
        pair=pair,
        actor=actor,
        mentor=mentor,
        mentees=mentees,
        reason="Прежний наставник ушёл в длительный отпуск: наставником назначен другой учитель.",
    )


def _matching_demo(school: Organisation, actor: Actor) -> None:
    """A matching run over the mentees still without a pair. Two of them and a mentor with two places chose
    each other in the questionnaire, so the matching suggests a group; the curator accepts it with one
    mentee dropped (who returns to «Остались без пары»). The rest wait for «Принять все»; the approved and
    proposed pairs without a plan wait for «Создать планы для всех пар»."""
    run = services.matching_run(organisation=school, actor=actor)
    busy = set(school.pairs.filter(Pair.open_q()).values_list("mentor_id", flat=True))
    choosers = set(Preference.objects.filter(organisation=school).values_list("chooser_id", flat=True))
    suggestions = list(run.suggestions.select_related("mentor").order_by("id"))
    mentor = next((s.mentor for s in suggestions if s.mentor_id not in busy | choosers), None)
    mentees = [
        item.mentee
        for s in suggestions
        for item in s.items.select_related("mentee")
        if item.mentee_id not in choosers
    ][:2]
    if mentor is None or len(mentees) < 2:
        return
    # The curator gave the mentor a second place after the interview.
    school.mentor_profiles.filter(person=mentor).update(capacity=2)
    for mentee in mentees:
        services.preferences_replace(
            organisation=school, chooser=mentee, chosen=[mentor], source=Preference.Source.SURVEY
        )
    services.preferences_replace(
        organisation=school, chooser=mentor, chosen=mentees, source=Preference.Source.SURVEY
    )
    run = services.matching_run(organisation=school, actor=actor)
    group = run.suggestions.filter(mentor=mentor).first()
    if group is None or group.items.count() < 2:
        return
    kept = group.items.order_by("-score", "id").values_list("mentee_id", flat=True)[:1]
    services.suggestion_accept(
        organisation=school,
        suggestion_id=group.pk,
        actor=actor,
        mentee_ids=list(kept),
        goal="Адаптация в коллективе и методика урока.",
    )


def grow_school(ctx: DemoContext, slug: str, *, people: int, mentors: int, mentees: int, pairs: int) -> None:
    """Grow one school for measuring scale (`seed_demo --grow-school`): staff up to `people`, `mentors`
    mentor and `mentees` mentee records with consents, `pairs` proposed pairs. Idempotent: a school
    already that large is left as it is."""
    from mentoring.organisations import demo as organisation_demo

    school = Organisation.objects.get(slug=slug)
    present = Person.objects.filter(memberships__organisation=school).count()
    if present >= people:
        return
    organisation_demo._populate(ctx, school, people - present, 0)
    taken = set(school.mentor_profiles.values_list("person_id", flat=True)) | set(
        school.mentee_profiles.values_list("person_id", flat=True)
    )
    free = list(
        Person.objects.filter(memberships__organisation=school, kind=Person.Kind.STAFF, user__isnull=True)
        .exclude(pk__in=taken)
        .order_by("pk")
    )
    new_mentors = free[: max(0, mentors - school.mentor_profiles.count())]
    new_mentees = free[len(new_mentors) :][: max(0, mentees - school.mentee_profiles.count())]
    actor = ctx.users.get("curator")
    with transaction.atomic():
        for index, person in enumerate(new_mentors):
            _consent(ctx, school, person, actor, ctx.rng.randint(40, 200))
            services.mentor_profile_save(
                organisation=school,
                person=person,
                actor=actor,
                data={"status": MentorProfile.Status.READY, "capacity": 1 + index % 3, "trained": True},
                competencies=_competencies(_subject_tags(person) + ctx.rng.sample(GENERAL, 3)),
            )
        for index, person in enumerate(new_mentees):
            _consent(ctx, school, person, actor, ctx.rng.randint(30, 150))
            text, tags = REQUESTS[index % len(REQUESTS)]
            services.mentee_profile_save(
                organisation=school,
                person=person,
                actor=actor,
                data={"category": MenteeProfile.Category.YOUNG_SPECIALIST, "requests": text},
                request_tags=_competencies(tags),
            )
        for mentor, mentee in list(zip(new_mentors, new_mentees, strict=False))[:pairs]:
            _pair(school, mentor, [mentee], actor, "Адаптация и методическая поддержка")
    ctx.log.append(f"{school.short_name}: {people} человек, {mentors} наставников, {mentees} наставляемых")
