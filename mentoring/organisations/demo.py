"""Demo data for `seed_demo`: the region with two municipalities, their organisations (the municipal centres
and the regional centre among them), people and the demo logins.

Every app may have a `demo.py` with `seed(ctx)`; `seed_demo` calls them in INSTALLED_APPS order, so each
capability adds its own believable data on top of what the apps below it created.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction

from mentoring.models import Membership, MembershipRole, Municipality, Organisation, Person, Region, Role
from mentoring.organisations import names
from mentoring.organisations.declension import gender_from_patronymic

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEMO_PASSWORD = "demo"
DEMO_MUNICIPALITY_SLUG = "demo-city"
DEMO_REGION_SLUG = "demo-region"
DEMO_REGION_NAME = "Сахалинская область"
# The region's second municipality: its own centre and two organisations running the programme.
SECOND_MUNICIPALITY = ("demo-korsakov", "Корсаковский городской округ")


@dataclass
class DemoContext:
    today: datetime.date
    rng: random.Random
    municipality: Municipality | None = None
    region: Region | None = None
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


# The demo logins: username → (organisation, roles, last, first, patronymic, position, subjects, birth year).
DEMO_USERS = {
    "admin": (
        "demo-school",
        [Role.ADMIN],
        "Лебедева",
        "Ольга",
        "Викторовна",
        "Заместитель директора по ИКТ",
        "Информатика",
        1979,
    ),
    "coordinator": (
        "demo-mcn",
        [Role.COORDINATOR],
        "Соколова",
        "Марина",
        "Андреевна",
        "Методист муниципального центра наставничества",
        "",
        1975,
    ),
    "regional": (
        "demo-rcn",
        [Role.REGIONAL_COORDINATOR],
        "Воронцова",
        "Светлана",
        "Игоревна",
        "Руководитель регионального центра наставничества",
        "",
        1973,
    ),
    "director": ("demo-school", [Role.DIRECTOR], "Ткаченко", "Алексей", "Борисович", "Директор", "", 1968),
    "curator": (
        "demo-school",
        [Role.CURATOR, Role.TEACHER],
        "Кустова",
        "Наталья",
        "Фёдоровна",
        "Заместитель директора по УВР",
        "Русский язык, литература",
        1976,
    ),
    "psychologist": (
        "demo-school",
        [Role.PSYCHOLOGIST],
        "Белова",
        "Ирина",
        "Сергеевна",
        "Педагог-психолог",
        "",
        1985,
    ),
    "mentor": (
        "demo-school",
        [Role.TEACHER],
        "Петрова",
        "Елена",
        "Ивановна",
        "Учитель математики",
        "Математика",
        1972,
    ),
    "mentee": (
        "demo-school",
        [Role.TEACHER],
        "Смирнов",
        "Дмитрий",
        "Олегович",
        "Учитель математики",
        "Математика, информатика",
        2001,
    ),
}

ORGANISATIONS = [
    # slug, kind, short name, full name, staff count, student count (in the demo municipality, or the one
    # ORGANISATION_MUNICIPALITY names)
    (
        "demo-mcn",
        Organisation.Kind.MUNICIPAL_CENTRE,
        "МЦН г. Южно-Сахалинска",
        "Муниципальный центр наставничества города Южно-Сахалинска",
        3,
        0,
    ),
    (
        "demo-school",
        Organisation.Kind.SCHOOL,
        "МБОУ СОШ № 23",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 23» "
        "г. Южно-Сахалинска",
        38,
        12,
    ),
    (
        "demo-kindergarten",
        Organisation.Kind.KINDERGARTEN,
        "МДОУ «Детский сад № 5 „Серпантин“»",
        "Муниципальное дошкольное образовательное учреждение «Детский сад № 5 СЕРПАНТИН»",
        18,
        0,
    ),
    (
        "demo-centre",
        Organisation.Kind.ADDITIONAL,
        "МБУ ДО «Центр творчества»",
        "Муниципальное бюджетное учреждение дополнительного образования «Центр творчества»",
        22,
        6,
    ),
    (
        "demo-rcn",
        Organisation.Kind.REGIONAL_CENTRE,
        "РЦН Сахалинской области",
        "Региональный центр наставничества Сахалинской области",
        2,
        0,
    ),
    (
        "korsakov-mcn",
        Organisation.Kind.MUNICIPAL_CENTRE,
        "МЦН Корсаковского ГО",
        "Муниципальный центр наставничества Корсаковского городского округа",
        2,
        0,
    ),
    (
        "korsakov-school-2",
        Organisation.Kind.SCHOOL,
        "МАОУ СОШ № 2 г. Корсакова",
        "Муниципальное автономное общеобразовательное учреждение «Средняя общеобразовательная школа № 2» "
        "г. Корсакова",
        24,
        0,
    ),
    (
        "korsakov-kindergarten",
        Organisation.Kind.KINDERGARTEN,
        "МБДОУ «Детский сад № 7» г. Корсакова",
        "Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 7» г. Корсакова",
        14,
        0,
    ),
]
ORGANISATION_MUNICIPALITY = {
    "korsakov-mcn": SECOND_MUNICIPALITY[0],
    "korsakov-school-2": SECOND_MUNICIPALITY[0],
    "korsakov-kindergarten": SECOND_MUNICIPALITY[0],
}

LEADERS = {
    "demo-kindergarten": [
        ("Морозова", "Светлана", "Петровна", "Заведующий", [Role.DIRECTOR]),
        ("Фролова", "Анна", "Николаевна", "Старший воспитатель", [Role.CURATOR]),
        ("Ершова", "Татьяна", "Александровна", "Педагог-психолог", [Role.PSYCHOLOGIST]),
    ],
    "demo-centre": [
        ("Гончаренко", "Виктор", "Павлович", "Директор", [Role.DIRECTOR]),
        ("Кравец", "Людмила", "Ивановна", "Методист", [Role.CURATOR]),
    ],
    "demo-mcn": [("Орлов", "Игорь", "Семёнович", "Руководитель МЦН", [Role.COORDINATOR])],
    "korsakov-mcn": [("Литвинова", "Ольга", "Петровна", "Руководитель МЦН", [Role.COORDINATOR])],
    "korsakov-school-2": [
        ("Ким", "Сергей", "Вячеславович", "Директор", [Role.DIRECTOR]),
        ("Пак", "Елена", "Владимировна", "Заместитель директора по УВР", [Role.CURATOR]),
    ],
    "korsakov-kindergarten": [
        ("Соловьёва", "Галина", "Юрьевна", "Заведующий", [Role.DIRECTOR]),
        ("Зайцева", "Мария", "Олеговна", "Старший воспитатель", [Role.CURATOR]),
    ],
}

POSITIONS: dict[str, list[tuple[str, str]]] = {
    Organisation.Kind.SCHOOL: [
        ("Учитель начальных классов", "Начальные классы"),
        ("Учитель русского языка и литературы", "Русский язык, литература"),
        ("Учитель математики", "Математика"),
        ("Учитель физики", "Физика"),
        ("Учитель истории и обществознания", "История, обществознание"),
        ("Учитель английского языка", "Английский язык"),
        ("Учитель биологии", "Биология"),
        ("Учитель химии", "Химия"),
        ("Учитель информатики", "Информатика"),
        ("Учитель физической культуры", "Физическая культура"),
        ("Учитель географии", "География"),
        ("Социальный педагог", ""),
        ("Учитель-логопед", ""),
    ],
    Organisation.Kind.KINDERGARTEN: [
        ("Воспитатель", "Дошкольное образование"),
        ("Музыкальный руководитель", "Музыка"),
        ("Инструктор по физической культуре", "Физическая культура"),
        ("Учитель-логопед", "Логопедия"),
    ],
    Organisation.Kind.ADDITIONAL: [
        ("Педагог дополнительного образования", "Декоративно-прикладное творчество"),
        ("Педагог дополнительного образования", "Хореография"),
        ("Педагог дополнительного образования", "Робототехника"),
        ("Педагог-организатор", ""),
        ("Концертмейстер", "Музыка"),
    ],
    Organisation.Kind.MUNICIPAL_CENTRE: [("Методист", "")],
    Organisation.Kind.REGIONAL_CENTRE: [("Методист", "")],
    Organisation.Kind.COLLEGE: [("Преподаватель", "")],
}


def _user(username: str, *, superuser: bool = False):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first() or user_model(username=username)
    user.is_superuser = user.is_staff = superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _member(person: Person, organisation: Organisation, roles) -> Membership:
    membership, _ = Membership.objects.get_or_create(person=person, organisation=organisation)
    for role in roles:
        MembershipRole.objects.get_or_create(membership=membership, role=role)
    return membership


def _demo_email(ctx: DemoContext, last: str, first: str, organisation: Organisation) -> str:
    number = ctx.rng.randint(1, 99)
    return f"{names.translit(last)}.{names.translit(first)[0]}{number}@{organisation.slug}.example"


def _demo_phone(ctx: DemoContext) -> str:
    return f"+7 914 {ctx.rng.randint(100, 999)}-{ctx.rng.randint(10, 99)}-{ctx.rng.randint(10, 99)}"


def _random_staff(ctx: DemoContext, organisation: Organisation, count: int) -> list[Person]:
    positions = POSITIONS[organisation.kind]
    people = []
    for _ in range(count):
        last, first, patronymic, sex = names.random_name(ctx.rng)
        position, subjects = ctx.rng.choice(positions)
        gender = Person.Gender.FEMALE if sex == "f" else Person.Gender.MALE
        experience = ctx.rng.choice([0, 1, 2, 3, 5, 8, 12, 17, 22, 26, 31])
        birth_year = ctx.today.year - 23 - experience - ctx.rng.randint(0, 6)
        people.append(
            Person(
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                gender=gender,
                birth_date=datetime.date(birth_year, ctx.rng.randint(1, 12), ctx.rng.randint(1, 28)),
                position=position,
                subjects=subjects,
                teaching_experience=experience,
                qualification_category=ctx.rng.choice(
                    [Person.Category.NONE] * (3 if experience < 3 else 1)
                    + [Person.Category.FIRST, Person.Category.HIGHEST, Person.Category.CONFORMITY]
                ),
                email=_demo_email(ctx, last, first, organisation),
                phone=_demo_phone(ctx),
            )
        )
    return people


def _random_students(ctx: DemoContext, count: int) -> list[Person]:
    people = []
    for _ in range(count):
        last, first, patronymic, sex = names.random_name(ctx.rng)
        grade = ctx.rng.randint(5, 11)
        people.append(
            Person(
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                gender=Person.Gender.FEMALE if sex == "f" else Person.Gender.MALE,
                kind=Person.Kind.STUDENT,
                birth_date=datetime.date(
                    ctx.today.year - 6 - grade, ctx.rng.randint(1, 12), ctx.rng.randint(1, 28)
                ),
                position=f"Обучающийся {grade} класса",
            )
        )
    return people


def _populate(ctx: DemoContext, organisation: Organisation, staff: int, students: int) -> None:
    people = Person.objects.bulk_create(
        _random_staff(ctx, organisation, staff) + _random_students(ctx, students)
    )
    memberships = Membership.objects.bulk_create(
        [Membership(person=person, organisation=organisation) for person in people]
    )
    MembershipRole.objects.bulk_create(
        [
            MembershipRole(membership=membership, role=Role.TEACHER)
            for membership, person in zip(memberships, people, strict=True)
            if person.kind == Person.Kind.STAFF
        ]
    )


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    ctx.region, _ = Region.objects.get_or_create(slug=DEMO_REGION_SLUG, defaults={"name": DEMO_REGION_NAME})
    ctx.municipality, _ = Municipality.objects.get_or_create(
        slug=DEMO_MUNICIPALITY_SLUG,
        defaults={"name": "Городской округ «Город Южно-Сахалинск»", "region": ctx.region},
    )
    second, _ = Municipality.objects.get_or_create(
        slug=SECOND_MUNICIPALITY[0], defaults={"name": SECOND_MUNICIPALITY[1], "region": ctx.region}
    )
    ctx.municipalities = {ctx.municipality.slug: ctx.municipality, second.slug: second}
    for slug, kind, short_name, full_name, staff, students in ORGANISATIONS:
        municipality = ctx.municipalities[ORGANISATION_MUNICIPALITY.get(slug, DEMO_MUNICIPALITY_SLUG)]
        organisation, created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "municipality": municipality,
                "kind": kind,
                "short_name": short_name,
                "name": full_name,
                "address": "г. Корсаков" if municipality == second else "г. Южно-Сахалинск",
                "email": f"info@{slug}.example",
            },
        )
        ctx.organisations[slug] = organisation
        if created:
            _populate(ctx, organisation, staff, students)
            for last, first, patronymic, position, roles in LEADERS.get(slug, []):
                person = Person.objects.create(
                    last_name=last,
                    first_name=first,
                    patronymic=patronymic,
                    gender=gender_from_patronymic(patronymic),
                    position=position,
                    teaching_experience=ctx.rng.randint(10, 30),
                )
                _member(person, organisation, roles)

    for username, (
        slug,
        roles,
        last,
        first,
        patronymic,
        position,
        subjects,
        birth_year,
    ) in DEMO_USERS.items():
        user = _user(username, superuser=username == "admin")
        person, _ = Person.objects.update_or_create(
            user=user,
            defaults={
                "last_name": last,
                "first_name": first,
                "patronymic": patronymic,
                "position": position,
                "subjects": subjects,
                "birth_date": datetime.date(birth_year, 3, 14),
                "teaching_experience": max(0, ctx.today.year - birth_year - 23),
                "email": f"{username}@demo-school.example",
                "phone": "+7 914 000-00-00",
            },
        )
        _member(person, ctx.organisations[slug], roles)
        ctx.users[username] = user
        ctx.people[username] = person
    ctx.log.append(f"Организаций: {Organisation.objects.count()}, людей: {Person.objects.count()}")
    seed_onboarding(ctx)


# A staff list the way a school keeps it: title rows, one «ФИО» column, experience in words.
DEMO_STAFF_LIST: list[list[object]] = [
    ["МАОУ СОШ № 1 г. Южно-Сахалинска"],
    ["Список вновь принятых педагогических работников"],
    ["№ п/п", "ФИО", "Должность", "Педагогический стаж", "Эл. почта"],
    [1, "ГРОМОВА Дарья Олеговна", "Учитель английского языка", "1 год", "gromova@demo-school.example"],
    [2, "Мамедов Эльчин Рауф оглы", "Учитель физической культуры", "3 года", "mamedov@demo-school.example"],
    [3, "Сторожева Галина Петровна", "Учитель технологии", "25 лет", ""],
    ["Итого: 3"],
]


def seed_onboarding(ctx: DemoContext) -> None:
    """The demo journal shows an import of a staff list, and one teacher without e-mail has a login slip (her
    code is printed by `seed_demo`)."""
    import io

    import openpyxl

    from mentoring.organisations import accounts
    from mentoring.organisations.people_import import pipeline

    organisation = ctx.organisations["demo-school"]
    if organisation.import_batches.exists():
        return
    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    for row in DEMO_STAFF_LIST:
        sheet.append(list(row))
    sheet.merge_cells("A1:E1")
    buffer = io.BytesIO()
    book.save(buffer)
    _report, batch = pipeline.import_confirm(
        organisation=organisation,
        actor=ctx.users.get("admin"),
        target="people",
        content=buffer.getvalue(),
        filename="Вновь принятые педагоги.xlsx",
    )
    newcomer = Person.objects.get(last_name="Сторожева", memberships__organisation=organisation)
    accounts.user_accounts_create(organisation=organisation, people=[newcomer], actor=ctx.users.get("admin"))
    (slip,) = accounts.login_slips_issue(
        organisation=organisation, people=[newcomer], actor=ctx.users.get("admin")
    )
    ctx.log.append(
        f"Загрузка списка: добавлено {batch.created_count}; листок входа — {slip.full_name}: "
        f"имя «{slip.username}», код {slip.code} ({accounts.site_address()})"
    )


def seed_scale(ctx: DemoContext, *, organisations: int, people: int) -> None:
    """A large municipality for measuring scale: `seed_demo --organisations N --people M`."""
    municipality, _ = Municipality.objects.get_or_create(
        slug="scale-city", defaults={"name": "Муниципальный округ для нагрузочной проверки"}
    )
    existing = set(municipality.organisations.values_list("slug", flat=True))
    for number in range(1, organisations + 1):
        slug = f"scale-school-{number:03d}"
        if slug in existing:
            continue
        with transaction.atomic():
            organisation = Organisation.objects.create(
                municipality=municipality,
                slug=slug,
                kind=Organisation.Kind.SCHOOL,
                short_name=f"МБОУ СОШ № {number}",
                name=f"Муниципальное бюджетное общеобразовательное учреждение "
                f"«Средняя общеобразовательная школа № {number}»",
            )
            _populate(ctx, organisation, people, 0)
    ctx.log.append(f"Масштабный набор: {organisations} организаций по {people} человек")


SCALE_REGION_SLUG = "scale-region"


def seed_region_scale(ctx: DemoContext, *, municipalities: int, organisations: int, people: int) -> Region:
    """A large region for measuring scale: `seed_demo --region 10x30x100` gives 10 municipalities of 30
    organisations of 100 people each, a municipal centre in each, the regional centre and its coordinator
    (login `scale-regional`, password «demo»)."""
    region, _ = Region.objects.get_or_create(
        slug=SCALE_REGION_SLUG, defaults={"name": "Область для нагрузочной проверки"}
    )
    for m in range(1, municipalities + 1):
        municipality, _ = Municipality.objects.get_or_create(
            slug=f"scale-region-m{m:02d}", defaults={"name": f"Муниципальный округ № {m}", "region": region}
        )
        existing = set(municipality.organisations.values_list("slug", flat=True))
        with transaction.atomic():
            centre_slug = f"scale-region-m{m:02d}-mcn"
            if centre_slug not in existing:
                Organisation.objects.create(
                    municipality=municipality,
                    slug=centre_slug,
                    kind=Organisation.Kind.MUNICIPAL_CENTRE,
                    short_name=f"МЦН округа № {m}",
                    name=f"Муниципальный центр наставничества муниципального округа № {m}",
                )
            for number in range(1, organisations + 1):
                slug = f"scale-region-m{m:02d}-s{number:03d}"
                if slug in existing:
                    continue
                organisation = Organisation.objects.create(
                    municipality=municipality,
                    slug=slug,
                    kind=Organisation.Kind.SCHOOL,
                    short_name=f"Школа № {number} округа № {m}",
                    name=f"Средняя общеобразовательная школа № {number} муниципального округа № {m}",
                )
                _populate(ctx, organisation, people, 0)
        if m == 1:
            centre, _ = Organisation.objects.get_or_create(
                slug="scale-region-rcn",
                defaults={
                    "municipality": municipality,
                    "kind": Organisation.Kind.REGIONAL_CENTRE,
                    "short_name": "РЦН области для нагрузочной проверки",
                    "name": "Региональный центр наставничества области для нагрузочной проверки",
                },
            )
            user = _user("scale-regional")
            person, _ = Person.objects.get_or_create(
                user=user, defaults={"last_name": "Нагрузочная", "first_name": "Проверка"}
            )
            _member(person, centre, [Role.REGIONAL_COORDINATOR])
            ctx.users["scale-regional"] = user
    ctx.log.append(
        f"Масштабный регион: {municipalities} муниципалитетов × {organisations} организаций × {people} чел."
    )
    return region
