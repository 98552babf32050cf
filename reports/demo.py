"""Demo orders of the demo school: the three orders that open a mentoring year, signed by the director at
the start of the academic year with numbers that continue the school's own register, and a draft order on
the pairs awaiting the director when the mentoring demo has proposed pairs."""

from __future__ import annotations

import datetime

from django.db import transaction

from mentoring.models import Pair

from . import demo_indicators, services
from .models import Order, OrderCounter

# (kind, day offset from 29 August, number in the school's register)
SIGNED = [
    (Order.Kind.INTRODUCE_MODEL, 0, 652),
    (Order.Kind.REGULATION, 3, 667),
    (Order.Kind.ROADMAP, 7, 680),
]


def seed(ctx) -> None:
    demo_indicators.seed(ctx)
    _seed_orders(ctx)


@transaction.atomic
def _seed_orders(ctx) -> None:
    organisation = ctx.organisations.get("demo-school")
    director, curator = ctx.users.get("director"), ctx.users.get("curator")
    if organisation is None or director is None or organisation.orders.exists():
        return
    start_year = ctx.today.year if ctx.today.month >= 9 else ctx.today.year - 1
    first_day = datetime.date(start_year, 8, 29)
    register = services.order_register_for(organisation)
    numbers = []
    for kind, offset, number in SIGNED:
        day = first_day + datetime.timedelta(days=offset)
        # The school's other orders of these days took the numbers in between.
        counter, _created = OrderCounter.objects.get_or_create(register=register, year=day.year)
        OrderCounter.objects.filter(pk=counter.pk).update(last_sequence=number - 1)
        order = services.order_create(organisation=organisation, actor=curator, kind=kind, today=day)
        order = services.order_sign(
            organisation=organisation, order_id=order.pk, actor=director, signed_on=day
        )
        numbers.append(order.number)
    proposed = list(organisation.pairs.filter(status=Pair.Status.PROPOSED).values_list("pk", flat=True))
    if proposed:
        services.order_create(
            organisation=organisation, actor=curator, kind=Order.Kind.PAIRS, pair_ids=proposed
        )
        draft = f"проект приказа о закреплении {len(proposed)} пар/групп ждёт подписи директора"
    else:
        draft = "предложенных пар нет — проект приказа о закреплении не создан"
    ctx.log.append(f"Приказы МБОУ СОШ № 23: подписаны {', '.join(numbers)}; {draft}")
