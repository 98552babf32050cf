"""Demo data of the indicators and the municipal pages: the roadmaps' activities linked to the indicators
their texts name, the pedagogical council's registration sheet filled in (so the school meets that target
while others are still below theirs in the middle of the year), a publication of the kindergarten, and a
few programmes, cases and best practices from each organisation for the municipal bank."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from common.dates import AcademicYear
from mentoring.models import Person, Role
from reports.documents import pdf
from reports.indicators import computation as indicators
from reports.indicators.services import roadmap_indicators_autolink
from reports.models import Practice
from roadmap import services as roadmap_services
from roadmap.models import Event, Roadmap

PRACTICES = {
    "demo-school": [
        (
            Practice.Kind.PROGRAMME,
            "Программа наставничества МБОУ СОШ № 23 «Учитель – учитель»",
            "Программа для молодых специалистов и вновь принятых педагогов: адаптация в коллективе, "
            "методика урока, работа с родителями. Формы: «учитель – учитель», «учитель – ученик». "
            "Срок реализации — учебный год; итог — открытые уроки наставляемых.",
            "Кустова Н.Ф.",
            True,
            True,
        ),
        (
            Practice.Kind.CASE,
            "Кейс: первый год молодого учителя математики",
            "Как пара «опытный учитель – молодой специалист» за полгода вышла от посещения уроков друг "
            "друга к совместному проекту по функциональной грамотности: план, встречи, трудности и "
            "результаты входной и итоговой диагностики.",
            "Петрова Е.И., Смирнов Д.О.",
            True,
            False,
        ),
        (
            Practice.Kind.BEST_PRACTICE,
            "Нетворкинг «Давайте знакомиться» для формирования наставнических пар",
            "Сценарий встречи наставников и наставляемых перед подбором пар: разминка, «скоростные "
            "знакомства» по три минуты, анкета предпочтений сразу после встречи.",
            "Белова И.С.",
            False,
            False,
        ),
    ],
    "demo-kindergarten": [
        (
            Practice.Kind.BEST_PRACTICE,
            "«Педагогическая мастерская» для молодых воспитателей",
            "Ежемесячные встречи наставников и молодых воспитателей: разбор режимных моментов, игровые "
            "технологии, подготовка к аттестации. Включает чек-лист посещения занятий.",
            "",
            True,
            False,
        ),
        (
            Practice.Kind.METHOD,
            "Методическая копилка: конспекты занятий наставляемых",
            "Подборка конспектов открытых занятий, подготовленных молодыми воспитателями вместе с "
            "наставниками, с комментариями наставников.",
            "",
            True,
            False,
        ),
    ],
    "demo-centre": [
        (
            Practice.Kind.CASE,
            "Кейс: «ученик – ученик» в объединении робототехники",
            "Старшеклассники-наставники помогают пятиклассникам собрать первую модель к городскому "
            "фестивалю; как распределили роли и чему научились обе стороны.",
            "",
            True,
            False,
        ),
        (
            Practice.Kind.PROGRAMME,
            "Программа наставничества «Педагог дополнительного образования – студент»",
            "Программа сопровождения студентов педагогического колледжа на практике в центре: "
            "индивидуальные планы, наблюдение занятий, самостоятельное проведение занятия.",
            "",
            True,
            False,
        ),
    ],
}

PROGRAMME_HTML = """<!doctype html><html lang="ru"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 20mm; }} body {{ font-family: serif; font-size: 13pt; }}
h1 {{ font-size: 15pt; text-align: center; }}</style></head><body>
<h1>{title}</h1><p>{summary}</p>
<p>Разделы программы: 1. Пояснительная записка. 2. Цели и задачи. 3. Формы наставничества.
4. План мероприятий. 5. Ожидаемые результаты и показатели эффективности.</p></body></html>"""


def _link_roadmaps(ctx) -> int:
    linked = 0
    for organisation in ctx.organisations.values():
        for roadmap in organisation.roadmaps.exclude(status=Roadmap.Status.ARCHIVED):
            linked += len(roadmap_indicators_autolink(roadmap=roadmap, actor=ctx.users.get("curator")))
    return linked


def _council_attendance(ctx) -> None:
    """The school's council: almost all the staff came (the sheet lists everyone invited)."""
    school = ctx.organisations.get("demo-school")
    if school is None:
        return
    council = school.events.filter(kind=Event.Kind.COUNCIL, starts_at__lte=timezone.now()).first()
    if council is None:
        return
    staff = list(
        Person.objects.filter(memberships__organisation=school, kind=Person.Kind.STAFF).order_by(
            "last_name", "pk"
        )
    )
    # Those who lead the council (the director, the curator, the psychologist who keeps the minutes) came.
    leaders = set(
        Person.objects.filter(
            memberships__organisation=school,
            memberships__roles__role__in=[Role.DIRECTOR, Role.CURATOR, Role.PSYCHOLOGIST],
        ).values_list("pk", flat=True)
    )
    others = [person for person in staff if person.pk not in leaders]
    absent = {person.pk for person in ctx.rng.sample(others, k=min(3, len(others)))}
    roadmap_services.attendance_set(
        event=council,
        actor=ctx.users.get("curator"),
        invited=staff,
        attended=[person for person in staff if person.pk not in absent],
    )


def _kindergarten_publication(ctx) -> None:
    kindergarten = ctx.organisations.get("demo-kindergarten")
    if kindergarten is None or kindergarten.publications.exists():
        return
    roadmap_services.publication_create(
        organisation=kindergarten,
        actor=None,
        data={
            "title": "Наставничество в детском саду: молодые воспитатели и их наставники",
            "url": "https://demo-kindergarten.example/news/nastavniki",
            "published_on": ctx.today - datetime.timedelta(days=9),
        },
    )


def _practices(ctx) -> int:
    year = AcademicYear.of(ctx.today)
    made = 0
    for slug, items in PRACTICES.items():
        organisation = ctx.organisations.get(slug)
        if organisation is None or organisation.practices.exists():
            continue
        for kind, title, summary, authors, published, with_file in items:
            practice = Practice(
                organisation=organisation,
                kind=kind,
                title=title,
                summary=summary,
                authors=authors,
                academic_year=year.label,
                url="" if with_file else f"https://{slug}.example/nastavnichestvo/{made + 1}",
                created_by=ctx.users.get("curator") if slug == "demo-school" else None,
            )
            if published:
                practice.is_published = True
                practice.published_at = timezone.now() - datetime.timedelta(days=ctx.rng.randint(2, 40))
            if with_file:
                data = pdf.html_to_pdf(PROGRAMME_HTML.format(title=title, summary=summary))
                practice.file.save("programma-nastavnichestva.pdf", ContentFile(data), save=False)
            practice.save()
            made += 1
    return made


@transaction.atomic
def seed(ctx) -> None:
    linked = _link_roadmaps(ctx)
    _council_attendance(ctx)
    _kindergarten_publication(ctx)
    made = _practices(ctx)
    school = ctx.organisations.get("demo-school")
    summary = ""
    if school is not None:
        data = indicators.for_organisation(school, AcademicYear.of(ctx.today))
        summary = f"; в школе достигнуто {data.met_count} из {data.target_count} нормативов"
    ctx.log.append(
        f"Показатели: {linked} мероприятий дорожных карт связаны с показателями{summary}; "
        f"банк практик — {made} материалов"
    )
