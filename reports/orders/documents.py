"""The order («приказ») as a document: its PDF, and the order buttons on the roadmap and event pages.

An order is not served by the generic document views: a draft gets a preview marked «ПРОЕКТ» from the
order's own view, and a signed order's PDF is made once, by the task worker after the signature
(`services.order_pdf_build`), stored with its SHA-256 and never made again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.models import Organisation, Pair, Person, Plan, Role
from mentoring.organisations.page_actions import PageAction
from mentoring.organisations.selectors import people_with_role
from mentoring.programme import labour
from reports.documents.base import Document, ObjectParamsForm, place_of
from reports.documents.programme import FINAL_EVENT_KINDS, roadmap_table
from reports.models import Order
from reports.orders import selectors
from reports.permissions import ReportPerm
from roadmap.models import Event, Roadmap

if TYPE_CHECKING:
    from mentoring.organisations.access import OrganisationAccess


class OrderParamsForm(ObjectParamsForm):
    param = "order"

    def objects(self, organisation: Organisation) -> QuerySet[Order]:
        return organisation.orders.all()


@dataclass
class AppendixPlan:
    """A plan in the appendix of an order on plans, as the templates read one: the plan's pair and
    approval, how many items it has and its term (the pair's, or else its items' first and last due dates)."""

    plan: Plan
    item_count: int
    start: datetime.date | None
    end: datetime.date | None

    @property
    def pair(self) -> Pair:
        return self.plan.pair

    @property
    def pair_id(self) -> int:
        return self.plan.pair_id

    @property
    def approved_at(self) -> datetime.datetime | None:
        return self.plan.approved_at


class OrderDocument(Document):
    key = "order"
    verbose_name = gettext_lazy("Приказ")
    template = "reports/documents/pdf/order.html"
    params_form = OrderParamsForm
    perm = ReportPerm.VIEW_ORDERS
    generic = False
    pages = ("roadmap.detail", "event.detail", "pair.needs_order")

    @classmethod
    def permission(cls, access: OrganisationAccess, params: dict) -> bool:
        """Signed orders: everyone of the organisation; drafts: those who prepare or sign them."""
        return selectors.orders_for(access).filter(pk=params["order"]).exists()

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        return cls.order_context(selectors.order_for_document(organisation, params["order"]))

    @classmethod
    def order_context(cls, order: Order) -> dict:
        """What the order's PDF (and its Word copy) shows, all loaded here. A signed order's people come from
        the rows frozen at signing (`freeze_rows`), a draft's from the data as it is now."""
        organisation = order.organisation
        director = None
        if order.is_draft:
            director = people_with_role(organisation, Role.DIRECTOR).order_by("last_name").first()
        context = {
            "order": order,
            "organisation": organisation,
            "place": place_of(organisation),
            "draft_director": director,
            **cls.live_rows(order),
        }
        if not order.is_draft and order.frozen_rows:
            context |= thaw_rows(order.frozen_rows)
        return context

    @classmethod
    def live_rows(cls, order: Order) -> dict:
        """The pairs, the people to be acquainted with the order and the appendices, from the data now."""
        pairs = cls.with_labour_basis(order.organisation, selectors.order_pairs(order))
        participants: list[Person] = []
        seen: set[int] = set()
        for pair in pairs:
            for person in [pair.mentor, *[item.mentee for item in pair.pair_mentees.all()]]:
                if person.pk not in seen:
                    seen.add(person.pk)
                    participants.append(person)
        participants.sort(key=lambda person: (person.last_name, person.first_name))
        # The roadmap, the plans or the final event of a programme order, for its appendix.
        return {"pairs": pairs, "participants": participants, **cls.appendix_context(order)}

    @staticmethod
    def with_labour_basis(organisation: Organisation, pairs: list[Pair]) -> list[Pair]:
        """ст. 351.8 ТК РФ: what each staff mentor's mentoring rests on, a column of the appendix."""
        status = labour.pairs_labour_status(organisation, pairs)
        for pair in pairs:
            pair.labour_basis = _labour_basis(status[pair.pk])  # type: ignore[attr-defined]
        return pairs

    @classmethod
    def appendix_context(cls, order: Order) -> dict:
        """What the appendix of an order on the roadmap, the plans or the final event prints."""
        context: dict = {"appendix_roadmap": None, "appendix_plans": [], "appendix_event": None}
        if order.kind == Order.Kind.ROADMAP and order.roadmap_id:
            roadmap = order.roadmap
            if roadmap is not None:
                context["appendix_roadmap"] = roadmap
                context["roadmap_table"] = roadmap_table(roadmap)
        elif order.kind == Order.Kind.PLANS:
            plans = selectors.plans_for_order(order.organisation, order.plans.values_list("pk", flat=True))
            appendix_plans = []
            for plan in plans:
                items = list(plan.items.all())
                dates = [item.due_date for item in items if item.due_date]
                appendix_plans.append(
                    AppendixPlan(
                        plan,
                        item_count=len(items),
                        start=plan.pair.start_date or (min(dates) if dates else None),
                        end=plan.pair.end_date or (max(dates) if dates else None),
                    )
                )
            context["appendix_plans"] = appendix_plans
        elif order.kind == Order.Kind.FINAL_EVENT and order.event_id:
            context["appendix_event"] = order.event
        return context

    @classmethod
    def copy_note(cls, order: Order) -> str:
        """The header of the Word copy of a signed order; a draft's copy has none (it says «ПРОЕКТ»)."""
        if order.is_draft:
            return ""
        note = _("Копия. Подлинник подписан %(date)s: приказ № %(number)s, %(signer)s.") % {
            # A signed order has its date (a check constraint of the model).
            "date": f"{order.signed_on:%d.%m.%Y}",
            "number": order.number,
            "signer": order.signer_name,
        }
        if order.status == Order.Status.CANCELLED:
            note += " " + _("Приказ отменён.")
        return note

    @classmethod
    def filename(cls, organisation: Organisation, params: dict) -> str:
        order = organisation.orders.only("pk", "status", "number", "signed_on").get(pk=params["order"])
        if order.is_draft:
            return f"Проект приказа {order.pk}.pdf"
        return f"Приказ № {order.number} от {order.signed_on:%d.%m.%Y}.pdf"

    # The order that approved the roadmap or appoints the final event, or a button to prepare one.

    @classmethod
    def page_actions(cls, access: OrganisationAccess, obj: Roadmap | Event | Pair) -> list[PageAction]:
        if isinstance(obj, Pair):
            return cls._changed_pair_actions(access, obj)
        if not access.has(ReportPerm.ALL_DOCUMENTS):
            return []
        if isinstance(obj, Roadmap):
            return cls._roadmap_actions(access, obj)
        if isinstance(obj, Event) and obj.kind in FINAL_EVENT_KINDS and access.has(ReportPerm.MANAGE_ORDERS):
            return cls._event_actions(access, obj)
        return []

    @classmethod
    def _roadmap_actions(cls, access: OrganisationAccess, roadmap: Roadmap) -> list[PageAction]:
        order = selectors.signed_order_of(roadmap.orders.filter(organisation=access.organisation))
        if order is not None:
            return [_order_link(access, order)]
        if (
            access.has(ReportPerm.MANAGE_ORDERS)
            and roadmap.organisation_id == access.organisation.pk
            and roadmap.status != Roadmap.Status.ARCHIVED
        ):
            return [
                PageAction(
                    _("Приказ об утверждении"),
                    _new_order_url(access, Order.Kind.ROADMAP, roadmap=roadmap.pk),
                    "journal-plus",
                    testid="roadmap-order",
                )
            ]
        return []

    @classmethod
    def _changed_pair_actions(cls, access: OrganisationAccess, pair: Pair) -> list[PageAction]:
        """«Подготовить приказ» beside «нужен новый приказ» on the page of a pair whose people changed after
        its order: the pairs order with this pair ticked, for those who prepare orders."""
        if not access.has(ReportPerm.MANAGE_ORDERS) or pair.organisation_id != access.organisation.pk:
            return []
        if not selectors.proposed_pairs(access.organisation).filter(pk=pair.pk).exists():
            return []
        return [
            PageAction(
                _("Подготовить приказ"),
                _new_order_url(access, Order.Kind.PAIRS, pair=pair.pk),
                "journal-plus",
                testid="pair-change-order",
                style="outline-primary",
            )
        ]

    @classmethod
    def _event_actions(cls, access: OrganisationAccess, event: Event) -> list[PageAction]:
        order = selectors.signed_order_of(event.orders.filter(organisation=access.organisation))
        if order is not None:
            return [_order_link(access, order)]
        return [
            PageAction(
                _("Приказ о проведении"),
                _new_order_url(access, Order.Kind.FINAL_EVENT, event=event.pk),
                "journal-plus",
                testid="event-order",
            )
        ]


# --- The rows frozen at signing ----------------------------------------------------------------------------

FROZEN_VERSION = 1


def _person_row(person: Person) -> dict[str, str]:
    return {"full_name": person.full_name, "position": person.position}


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def freeze_rows(order: Order) -> dict[str, Any]:
    """The appendix's people as plain JSON: each pair's mentor, mentees, form, term and ст. 351.8 basis, the
    list «С приказом ознакомлены» and the plans of an order on plans. Stored when the director signs."""
    rows = OrderDocument.live_rows(order)

    def pair_row(pair: Pair) -> dict[str, Any]:
        return {
            "mentor": _person_row(pair.mentor),
            "mentees": [_person_row(link.mentee) for link in pair.pair_mentees.all()],
            "form": pair.form.name,
            "start_date": _day(pair.start_date),
            "end_date": _day(pair.end_date),
        }

    return {
        "version": FROZEN_VERSION,
        "pairs": [
            {**pair_row(pair), "labour_basis": getattr(pair, "labour_basis", "")} for pair in rows["pairs"]
        ],
        "participants": [_person_row(person) for person in rows["participants"]],
        "plans": [
            {
                "pair": pair_row(plan.pair),
                "item_count": plan.item_count,
                "start": _day(plan.start),
                "end": _day(plan.end),
            }
            for plan in rows["appendix_plans"]
        ],
    }


def _thawed_pair(row: dict[str, Any]) -> SimpleNamespace:
    """A frozen pair shaped as the templates read one (`pair.mentor.full_name`, `pair.pair_mentees.all`)."""
    links = [SimpleNamespace(mentee=SimpleNamespace(**mentee)) for mentee in row.get("mentees", [])]
    return SimpleNamespace(
        mentor=SimpleNamespace(**row["mentor"]),
        pair_mentees=SimpleNamespace(all=links),
        form=SimpleNamespace(name=row.get("form", "")),
        start_date=_parse_day(row.get("start_date")),
        end_date=_parse_day(row.get("end_date")),
        labour_basis=row.get("labour_basis", ""),
    )


def _parse_day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def thaw_rows(frozen: dict[str, Any]) -> dict[str, Any]:
    """The context keys `freeze_rows` stored, back in the shape the order's templates read."""
    context: dict[str, Any] = {
        "pairs": [_thawed_pair(row) for row in frozen.get("pairs", [])],
        "participants": [SimpleNamespace(**row) for row in frozen.get("participants", [])],
    }
    if "plans" in frozen:
        context["appendix_plans"] = [
            SimpleNamespace(
                pair=_thawed_pair(row["pair"]),
                item_count=row.get("item_count", 0),
                start=_parse_day(row.get("start")),
                end=_parse_day(row.get("end")),
            )
            for row in frozen["plans"]
        ]
    return context


def _labour_basis(item: labour.PairLabourStatus) -> str:
    if not item.applies:
        return _("не применяется: наставляемый — обучающийся")
    consent = (
        _("согласие от %(date)s") % {"date": f"{item.consent.signed_on:%d.%m.%Y}"}
        if item.consent
        else _("согласие не записано")
    )
    agreement = (
        _("доп. соглашение от %(date)s № %(number)s")
        % {"date": f"{item.agreement.signed_on:%d.%m.%Y}", "number": item.agreement.number}
        if item.agreement
        else _("доп. соглашение не оформлено")
    )
    return f"{consent}; {agreement}"


def _order_link(access: OrganisationAccess, order: Order) -> PageAction:
    return PageAction(
        _("Приказ № %(number)s") % {"number": order.number},
        reverse("reports:order", args=[access.organisation.slug, order.pk]),
        "journal-text",
    )


def _new_order_url(access: OrganisationAccess, kind: str, **params: object) -> str:
    query = "&".join([f"kind={kind}", *[f"{name}={value}" for name, value in params.items()]])
    return f"{reverse('reports:order_create', args=[access.organisation.slug])}?{query}"


DOCUMENTS = [OrderDocument]
