"""Queries of the reports app; every one starts from the organisation."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from mentoring.models import Organisation, Pair, PairMentee, Role
from mentoring.organisations.access import OrganisationAccess
from mentoring.organisations.selectors import people_with_role
from reports.documents.programme import order_appendix_context
from reports.documents.registry import place_of
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
    from mentoring.models import Pair

    return (
        organisation.pairs.filter(status=Pair.Status.PROPOSED)
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


def order_document_context(order: Order) -> dict[str, Any]:
    """What the order's PDF template needs, all loaded here (the template issues no query of its own)."""
    organisation = order.organisation
    pairs = list(order.pairs.all()) if order.kind == Order.Kind.PAIRS else []
    if pairs:
        pairs = list(
            organisation.pairs.filter(pk__in=[pair.pk for pair in pairs])
            .select_related("mentor", "form")
            .prefetch_related(
                Prefetch(
                    "pair_mentees",
                    queryset=PairMentee.objects.select_related("mentee").order_by("mentee__last_name"),
                )
            )
            .order_by("mentor__last_name", "mentor__first_name", "pk")
        )
    participants = []
    seen = set()
    for pair in pairs:
        for person in [pair.mentor, *[item.mentee for item in pair.pair_mentees.all()]]:
            if person.pk not in seen:
                seen.add(person.pk)
                participants.append(person)
    participants.sort(key=lambda person: (person.last_name, person.first_name))
    director = None
    if order.is_draft:
        director = people_with_role(organisation, Role.DIRECTOR).order_by("last_name").first()
    return {
        "order": order,
        "organisation": organisation,
        "place": place_of(organisation),
        "pairs": pairs,
        "participants": participants,
        "draft_director": director,
        # The roadmap, the plans or the final event of a programme order, for its appendix.
        **order_appendix_context(order),
    }


def latest_orders(organisation: Organisation, *, limit: int = 5) -> list[Order]:
    return list(signed_orders(organisation).exclude(status=Order.Status.DRAFT)[:limit])
