"""Queries of the reports app; every one starts from the organisation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from mentoring.models import Organisation, Pair, PairMentee, Plan
from mentoring.organisations.access import OrganisationAccess
from reports.models import Order
from reports.permissions import ReportPerm


def orders_for(
    access: OrganisationAccess, *, year: int | None = None, kind: str = "", status: str = ""
) -> QuerySet[Order]:
    """The register as the visitor may see it: drafts only for those who prepare or sign orders."""
    orders = access.organisation.orders.select_related("cancelled_by").order_by(
        "-year", "-sequence", "-created_at", "-pk"
    )
    if not access.has(ReportPerm.DRAFTS):
        orders = orders.exclude(status=Order.Status.DRAFT)
    if year:
        orders = orders.filter(year=year)
    if kind:
        orders = orders.filter(kind=kind)
    if status:
        orders = orders.filter(status=status)
    return orders


def order_years(organisation: Organisation) -> list[int]:
    years = organisation.orders.exclude(year=None).values_list("year", flat=True)
    return sorted({year for year in years if year is not None}, reverse=True)


def orders_with_details(access: OrganisationAccess) -> QuerySet[Order]:
    """`orders_for` with who prepared and signed each, its pairs and the orders it cancels; a view takes one
    with `get_object_or_404(orders_with_details(access), pk=…)`."""
    return (
        orders_for(access)
        .select_related("signed_by", "created_by", "cancelled_by")
        .prefetch_related(pairs_prefetch(), "cancels")
    )


def pairs_prefetch(name: str = "pairs") -> Prefetch[Any, Any, Any]:
    from mentoring.models import Pair

    return Prefetch(
        name,
        queryset=Pair.objects.select_related("mentor", "form")
        .prefetch_related(
            Prefetch(
                "pair_mentees",
                queryset=PairMentee.objects.select_related("mentee").order_by("mentee__last_name"),
            )
        )
        .order_by("mentor__last_name", "mentor__first_name", "pk"),
    )


def proposed_pairs(organisation: Organisation) -> QuerySet[Pair]:
    """The pairs a pairs order may fix: the proposed ones, and the working ones whose people changed after the
    order that fixed them (mentoring keeps that as `PairChange`, waiting for a new order)."""
    from mentoring.models import Pair
    from mentoring.programme.selectors import pairs_awaiting_new_order

    changed = pairs_awaiting_new_order(organisation).values("pk")
    return (
        organisation.pairs.filter(Q(status=Pair.Status.PROPOSED) | Q(pk__in=changed))
        .select_related("mentor", "form")
        .prefetch_related(
            Prefetch(
                "pair_mentees",
                queryset=PairMentee.objects.select_related("mentee").order_by("mentee__last_name"),
            )
        )
        .order_by("mentor__last_name", "mentor__first_name", "pk")
    )


def with_mentees(pairs: QuerySet[Pair]) -> QuerySet[Pair]:
    return (
        pairs.select_related("mentor", "form")
        .prefetch_related(
            Prefetch(
                "pair_mentees",
                queryset=PairMentee.objects.select_related("mentee").order_by("mentee__last_name"),
            )
        )
        .order_by("mentor__last_name", "mentor__first_name", "pk")
    )


def signed_orders(organisation: Organisation) -> QuerySet[Order]:
    return organisation.orders.filter(status=Order.Status.SIGNED).order_by("-signed_on", "-sequence")


def drafts_awaiting_signature(organisation: Organisation) -> QuerySet[Order]:
    return organisation.orders.filter(status=Order.Status.DRAFT).order_by("-created_at")


def signed_order_of(orders: QuerySet[Order]) -> Order | None:
    """The order that approved something: the latest signed one still in force."""
    return orders.filter(status=Order.Status.SIGNED).order_by("-signed_on", "-sequence").first()


def order_for_document(organisation: Organisation, order_id: int) -> Order:
    return organisation.orders.select_related("organisation", "roadmap", "event").get(pk=order_id)


def order_pairs(order: Order) -> list[Pair]:
    """The pairs a pairs order assigns, with their people, as its appendix lists them."""
    if order.kind != Order.Kind.PAIRS:
        return []
    return list(order_pairs_queryset(order))


def order_pairs_queryset(order: Order) -> QuerySet[Pair]:
    """The same pairs as a query, for a page of them on the order's page."""
    if order.kind != Order.Kind.PAIRS:
        return order.organisation.pairs.none()
    return (
        order.organisation.pairs.filter(pk__in=order.pairs.values("pk"))
        .select_related("mentor", "form")
        .prefetch_related(
            Prefetch(
                "pair_mentees",
                queryset=PairMentee.objects.select_related("mentee").order_by("mentee__last_name"),
            )
        )
        .order_by("mentor__last_name", "mentor__first_name", "pk")
    )


def plans_for_order(organisation: Organisation, plan_ids: Iterable[int]) -> list[Plan]:
    return list(
        Plan.objects.filter(pair__organisation=organisation, pk__in=list(plan_ids))
        .select_related("pair__mentor", "pair__form")
        .prefetch_related(
            Prefetch(
                "pair__pair_mentees",
                queryset=PairMentee.objects.select_related("mentee").order_by("mentee__last_name"),
            ),
            "items",
        )
        .order_by("pair__mentor__last_name", "pair__mentor__first_name", "pk")
    )


def latest_orders(organisation: Organisation, *, limit: int = 5) -> list[Order]:
    return list(signed_orders(organisation).exclude(status=Order.Status.DRAFT)[:limit])
