"""Demo orders of the demo school: the three orders that open a mentoring year, signed by the director at
the start of the academic year with numbers that continue the school's own register (the order on the
roadmap carries the roadmap as its appendix), and the drafts awaiting the director: the order on the
proposed pairs, the order approving the individual plan of a pair that has just made one, and the order on
the final event (the business game at the end of the year). And the minutes of the pedagogical council that
launched the programme, with its agenda and the votes."""

from __future__ import annotations

import datetime

from django.db import transaction

from common.dates import AcademicYear
from mentoring.models import Pair, PlanTemplate, Role
from mentoring.organisations.selectors import people_with_role
from mentoring.programme import labour
from mentoring.programme import services as mentoring_services
from reports.council import services as council_services
from reports.council.models import CouncilMinutes
from reports.council.services import AgendaItem
from reports.documents import programme as programme_documents
from reports.documents import services as document_services
from reports.indicators import demo as demo_indicators
from reports.models import Order, OrderCounter
from reports.municipal import demo as demo_region
from reports.orders import services
from roadmap.models import Event
from roadmap.selectors import current_roadmap

# (kind, day offset from 29 August, number in the school's register)
SIGNED = [
    (Order.Kind.INTRODUCE_MODEL, 0, 652),
    (Order.Kind.REGULATION, 3, 667),
    (Order.Kind.ROADMAP, 7, 680),
]


def seed(ctx) -> None:
    demo_indicators.seed(ctx)
    # After the indicators' demo: it fills the council's registration sheet the votes are checked against.
    _council_minutes(ctx)
    # The region before the school's orders: their line stays the last of the log.
    demo_region.seed(ctx)
    _seed_document_sections(ctx)
    _seed_orders(ctx)


# The demo school's own text of one section of its Положение: how it rewards its mentors.
REWARDS_SECTION = """По итогам учебного года на итоговом мероприятии лучшие наставники {{ organisation }} \
по представлению куратора поощряются приказом директора:
— объявлением благодарности с занесением в личное дело;
— вручением благодарственных писем;
— представлением к муниципальным и ведомственным наградам.
Опыт лучших наставников публикуется на сайте {{ organisation }} и в методической копилке."""


@transaction.atomic
def _seed_document_sections(ctx) -> None:
    organisation = ctx.organisations.get("demo-school")
    curator = ctx.users.get("curator")
    if organisation is None or organisation.documentsectionwordings.exists():
        return
    document_services.document_section_save(
        organisation=organisation,
        actor=curator,
        document="regulation",
        section="rewards",
        text=REWARDS_SECTION,
    )
    ctx.log.append("Положение о наставничестве МБОУ СОШ № 23: свой текст раздела «Поощрение наставников»")


@transaction.atomic
def _seed_orders(ctx) -> None:
    organisation = ctx.organisations.get("demo-school")
    director, curator = ctx.users.get("director"), ctx.users.get("curator")
    if organisation is None or director is None or organisation.orders.exists():
        return
    first_day = AcademicYear.of(ctx.today).start - datetime.timedelta(days=3)  # 29 August
    register = services.order_register_for(organisation)
    numbers = []
    for kind, offset, number in SIGNED:
        day = first_day + datetime.timedelta(days=offset)
        # The school's other orders of these days took the numbers in between.
        counter, _created = OrderCounter.objects.get_or_create(register=register, year=day.year)
        OrderCounter.objects.filter(pk=counter.pk).update(last_sequence=number - 1)
        roadmap = current_roadmap(organisation) if kind == Order.Kind.ROADMAP else None
        order = services.order_create(
            organisation=organisation,
            actor=curator,
            kind=kind,
            today=day,
            roadmap_id=roadmap.pk if roadmap else None,
        )
        order = services.order_sign(
            organisation=organisation, order_id=order.pk, actor=director, signed_on=day
        )
        # The demo's files are there at once, worker or not (its queued task then finds the file stored).
        order = services.order_pdf_build(order_id=order.pk) or order
        numbers.append(order.number)
    # ст. 351.8 ТК РФ: only the pairs whose staff mentor's consent and agreement are on file go in.
    candidates = list(
        organisation.pairs.filter(status=Pair.Status.PROPOSED)
        .select_related("mentor", "form")
        .prefetch_related("pair_mentees__mentee")
    )
    papers = labour.pairs_labour_status(organisation, candidates)
    proposed = [pair.pk for pair in candidates if papers[pair.pk].complete]
    if proposed:
        services.order_create(
            organisation=organisation, actor=curator, kind=Order.Kind.PAIRS, pair_ids=proposed
        )
        draft = f"проект приказа о закреплении {len(proposed)} пар/групп ждёт подписи директора"
    else:
        draft = "предложенных пар нет — проект приказа о закреплении не создан"
    drafts = [
        draft,
        *_programme_drafts(organisation, curator),
        *_labour_and_rewards(ctx, organisation, curator),
    ]
    ctx.log.append(f"Приказы МБОУ СОШ № 23: подписаны {', '.join(numbers)}; {'; '.join(drafts)}")


def _programme_drafts(organisation, curator) -> list[str]:
    """An approved pair without a plan makes one from the template of its form; the curator drafts the order
    approving it. The final event of the year gets its order too."""
    made = []
    pair = organisation.pairs.working().filter(plan__isnull=True).order_by("mentor__last_name").first()
    if pair is not None:
        template = PlanTemplate.objects.filter(form=pair.form).order_by("name").first()
        mentoring_services.plan_create(pair=pair, actor=curator, template=template)
    plan_ids = list(
        organisation.pairs.filter(plan__approved_at__isnull=True, plan__items__isnull=False)
        .working()
        .values_list("plan__pk", flat=True)
        .distinct()
    )
    if plan_ids:
        services.order_create(
            organisation=organisation, actor=curator, kind=Order.Kind.PLANS, plan_ids=plan_ids
        )
        made.append(f"проект приказа об утверждении индивидуальных планов (планов: {len(plan_ids)})")
    event = (
        organisation.events.filter(kind__in=programme_documents.FINAL_EVENT_KINDS)
        .order_by("-starts_at")
        .first()
    )
    if event is not None:
        services.order_create(
            organisation=organisation, actor=curator, kind=Order.Kind.FINAL_EVENT, event_id=event.pk
        )
        made.append(f"проект приказа о проведении «{event.title}»")
    return made


def _labour_and_rewards(ctx, organisation, curator) -> list[str]:
    """A pair ended early at its mentor's written notice (three working days by the production calendar),
    which drafts the order on it; and the mentors the curator nominated at the final event, with the draft
    order «О поощрении наставников»."""
    made = []
    pair = (
        organisation.pairs.working()
        .filter(goal__startswith="Освоение электронного журнала")
        .select_related("mentor")
        .first()
    )
    if pair is not None:
        notice = ctx.today - datetime.timedelta(days=10)
        termination = labour.pair_end_early(
            organisation=organisation,
            pair=pair,
            actor=curator,
            initiator="mentor",
            notice_date=notice,
            end_date=labour.earliest_end(notice),
            reason="Наставник переходит на работу в другую организацию.",
        )
        made.append(
            f"наставничество {pair.mentor.short_name} прекращено с {termination.end_date:%d.%m.%Y} "
            "(проект приказа о прекращении)"
        )
    event = (
        organisation.events.filter(kind__in=programme_documents.FINAL_EVENT_KINDS)
        .order_by("-starts_at")
        .first()
    )
    if event is not None:
        reasons = [
            "высокие результаты молодого специалиста и открытый урок на муниципальном уровне",
            "системную работу с наставляемым и выполнение индивидуального плана на 100 %",
        ]
        mentors = [
            item.mentor
            for item in organisation.pairs.working().select_related("mentor").order_by("mentor__last_name")
        ]
        for mentor, reason in zip(dict.fromkeys(mentors), reasons, strict=False):
            services.nomination_create(
                organisation=organisation, actor=curator, event=event, mentor=mentor, reason=reason
            )
        if event.nominations.exists():
            services.order_create(
                organisation=organisation, actor=curator, kind=Order.Kind.REWARD, event_id=event.pk
            )
            made.append(f"проект приказа о поощрении наставников ({event.nominations.count()})")
    return made


@transaction.atomic
def _council_minutes(ctx) -> None:
    """The minutes of the school's council that launched the programme: three questions, the votes of those
    the registration sheet marks present."""
    school = ctx.organisations.get("demo-school")
    if school is None:
        return
    council = school.events.filter(kind=Event.Kind.COUNCIL).order_by("starts_at").first()
    if council is None or CouncilMinutes.objects.filter(event=council).exists():
        return
    present = [row.person for row in council.attendances.filter(attended=True).select_related("person")]
    if len(present) < 3:
        return
    ids = {person.pk for person in present}

    def first_present(role: str):
        people = people_with_role(school, role).filter(pk__in=ids).order_by("last_name", "pk")
        return people.first()

    # The chair is the director, the secretary the psychologist, each if the sheet marks them present.
    director = first_present(Role.DIRECTOR)
    curator = first_present(Role.CURATOR) or people_with_role(school, Role.CURATOR).first()
    chair = director or curator
    others = [person for person in present if chair is None or person.pk != chair.pk]
    secretary = first_present(Role.PSYCHOLOGIST) or (others[0] if others else None)
    if chair is None or secretary is None or curator is None or chair.pk == secretary.pk:
        return
    present_total = len(present)
    position = curator.position or "учитель"
    position = position[:1].lower() + position[1:]
    items = [
        AgendaItem(
            title="О внедрении целевой модели наставничества в школе",
            speaker=chair,
            heard="о распоряжении министерства образования о внедрении целевой модели наставничества и о "
            "положении о системе наставничества школы",
            decided="Внедрить целевую модель наставничества. Одобрить положение о системе наставничества и "
            "рекомендовать директору утвердить его приказом",
            votes_for=present_total,
        ),
        AgendaItem(
            title="О программе наставничества и дорожной карте на учебный год",
            speaker=curator,
            heard="о формах наставничества, базе наставников и наставляемых, мероприятиях дорожной карты и "
            "показателях эффективности программы",
            spoke="педагог-психолог — о входной диагностике наставляемых; учителя начальных классов — "
            "о наставничестве «учитель – учитель» для молодых специалистов",
            decided="Одобрить программу наставничества и дорожную карту. Куратору сформировать "
            "наставнические пары до конца сентября",
            votes_for=present_total - 1,
            votes_abstained=1,
        ),
        AgendaItem(
            title="О назначении куратора программы наставничества",
            speaker=chair,
            heard=f"о кандидатуре куратора: {curator.short_name}, {position}",
            decided=f"Рекомендовать назначить куратором программы наставничества {curator.short_name}",
            votes_for=present_total - 2,
            votes_against=1,
            votes_abstained=1,
        ),
    ]
    minutes = council_services.council_minutes_save(
        event=council,
        actor=ctx.users.get("curator"),
        number="1",
        held_on=None,
        chair=chair,
        secretary=secretary,
        attendance_list=CouncilMinutes.AttendanceList.APPENDIX,
        items=items,
    )
    ctx.log.append(
        f"Протокол педсовета № {minutes.number} от {minutes.held_on:%d.%m.%Y}: вопросов {len(items)}"
    )
