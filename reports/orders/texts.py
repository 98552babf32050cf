"""The standard wording of a Russian school's orders on the mentoring programme, filled from the data.

The text is a starting point: the curator edits it freely while the order is a draft.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import timezone

from common.dates import AcademicYear
from common.wording import gendered
from mentoring.models import Organisation, Pair, Person, Plan
from mentoring.organisations.declension import person_name, position_in_case
from reports.models import Order
from roadmap.models import Event, Roadmap

BASIS_FEDERAL = (
    "В соответствии с распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 "
    "«Об утверждении методологии (целевой модели) наставничества обучающихся для организаций, "
    "осуществляющих образовательную деятельность по общеобразовательным, дополнительным "
    "общеобразовательным и программам среднего профессионального образования, в том числе с применением "
    "лучших практик обмена опытом между обучающимися»"
)
CONTROL = "Контроль за исполнением настоящего приказа оставляю за собой."


def lower_first(text: str) -> str:
    """«Заместитель директора по УВР» → «заместитель директора по УВР» (abbreviations stay capitals)."""
    return text[:1].lower() + text[1:]


def _person_line(person: Person, case: str = "accs") -> str:
    """«Кузнецову Ольгу Петровну, заместителя директора по УВР»: the name and the position in the case the
    sentence needs («назначить кого» — accusative)."""
    name = person_name(person, case)
    return f"{name}, {lower_first(position_in_case(person.position, case))}" if person.position else name


def _responsible_word(people: Sequence[Person]) -> str:
    """«ответственным», «ответственной» or «ответственными»: agrees with who is appointed."""
    if len(people) > 1:
        return "ответственными"
    if not people:
        return "ответственным"
    return gendered(people[0], masculine="ответственным", feminine="ответственной")


def _numbered(points: Sequence[str]) -> str:
    return "\n".join(f"{number}. {point}" for number, point in enumerate(points, start=1))


def _cancel_points(cancels: Sequence[Order]) -> list[str]:
    return [
        f"Признать утратившим силу приказ от {order.signed_on:%d.%m.%Y} № {order.number} «{order.title}»."
        for order in cancels
    ]


def _event_point(event: Event, year: str) -> str:
    starts = timezone.localtime(event.starts_at)
    when = f"{starts:%d.%m.%Y} в {starts:%H:%M}"
    place = f" ({event.place})" if event.place else ""
    return (
        f"Провести {when}{place} итоговое мероприятие «{event.title}» — общую заключительную встречу "
        f"участников наставнических пар/групп {year} учебного года."
    )


def _responsible_point(people: Sequence[Person]) -> str:
    names = "; ".join(_person_line(person) for person in people) or "куратора целевой модели наставничества"
    return f"Назначить {_responsible_word(people)} за подготовку и проведение мероприятия: {names}."


def draft_text(
    *,
    kind: str,
    organisation: Organisation,
    today: datetime.date,
    curators: Sequence[Person] = (),
    pairs: Sequence[Pair] = (),
    cancels: Sequence[Order] = (),
    roadmap: Roadmap | None = None,
    plans: Sequence[Plan] = (),
    event: Event | None = None,
    event_responsible: Sequence[Person] = (),
) -> tuple[str, str]:
    """(title, body) of a new draft of this kind; the roadmap, plans or event it is about fill the wording."""
    short = organisation.short_name
    year = roadmap.academic_year if roadmap is not None else AcademicYear.of(today).label
    in_two_weeks = (today + datetime.timedelta(days=14)).strftime("%d.%m.%Y")
    curator_text = "; ".join(_person_line(person) for person in curators) or "заместителя директора по УВР"
    title = str(Order.Kind(kind).label) if kind != Order.Kind.FREE else ""
    preamble = f"{BASIS_FEDERAL}, в целях развития системы наставничества в {short}"
    if kind == Order.Kind.INTRODUCE_MODEL:
        points = [
            f"Внедрить с {today:%d.%m.%Y} целевую модель наставничества в {short}.",
            f"Назначить куратором внедрения целевой модели наставничества: {curator_text}.",
            "Куратору разработать проект положения о системе наставничества и план мероприятий "
            f"(дорожную карту) внедрения целевой модели наставничества в срок до {in_two_weeks}.",
            f"Разместить настоящий приказ на официальном сайте {short} в информационно-"
            "телекоммуникационной сети «Интернет».",
        ]
    elif kind == Order.Kind.REGULATION:
        points = [
            f"Утвердить Положение о системе наставничества педагогических работников и обучающихся {short} "
            "(приложение).",
            "Куратору целевой модели наставничества ознакомить педагогических работников с Положением "
            f"в срок до {in_two_weeks}.",
            f"Разместить Положение на официальном сайте {short}.",
        ]
    elif kind == Order.Kind.ROADMAP:
        preamble = (
            f"Во исполнение Положения о системе наставничества {short}, в целях реализации целевой модели "
            "наставничества"
        )
        points = [
            "Утвердить план мероприятий (дорожную карту) реализации Положения о системе наставничества "
            f"в {short} на {year} учебный год (приложение к настоящему приказу).",
            f"Назначить {_responsible_word(curators)} за реализацию плана мероприятий куратора: "
            f"{curator_text}.",
            "Педагогическим работникам, включённым в систему наставничества, руководствоваться планом "
            "мероприятий в работе.",
        ]
    elif kind == Order.Kind.PAIRS:
        preamble = (
            f"В соответствии с Положением о системе наставничества {short}, на основании результатов "
            "встречи потенциальных наставников и наставляемых и анкетирования участников"
        )
        count = len(pairs)
        points = [
            f"Закрепить на {year} учебный год наставнические пары/группы согласно приложению к настоящему "
            f"приказу (всего: {count}).",
            "Наставникам и наставляемым заключить соглашения о сотрудничестве и разработать "
            f"индивидуальные планы в срок до {in_two_weeks}.",
            "Куратору целевой модели наставничества проинформировать участников о закреплённых "
            "наставнических парах/группах.",
        ]
    elif kind == Order.Kind.PLANS:
        preamble = f"В соответствии с Положением о системе наставничества {short}"
        listed = f" согласно приложению к настоящему приказу (всего: {len(plans)})" if plans else ""
        points = [
            "Утвердить индивидуальные планы развития под руководством наставника (персонализированные "
            f"программы наставничества) наставнических пар/групп на {year} учебный год{listed}.",
            "Наставникам обеспечить выполнение индивидуальных планов не менее чем на 90 %.",
            "Куратору целевой модели наставничества осуществлять мониторинг реализации индивидуальных "
            "планов.",
        ]
    elif kind == Order.Kind.FINAL_EVENT:
        preamble = (
            "В соответствии с планом мероприятий (дорожной картой) реализации целевой модели наставничества "
            f"в {short}"
        )
        if event is not None:
            points = [_event_point(event, year), _responsible_point(event_responsible or curators)]
        else:
            points = [
                "Провести итоговое мероприятие — общую заключительную встречу участников всех "
                f"наставнических пар/групп {year} учебного года."
            ]
        points += [
            "Куратору подготовить программу мероприятия и лист регистрации участников, организовать "
            "награждение лучших наставников.",
            f"Разместить информацию о мероприятии на официальном сайте {short}.",
        ]
    else:
        preamble = ""
        points = [""]
    points += _cancel_points(cancels)
    points.append(CONTROL)
    parts = [f"{preamble}," if preamble else "", "ПРИКАЗЫВАЮ:", _numbered(points)]
    return title, "\n".join(part for part in parts if part)
