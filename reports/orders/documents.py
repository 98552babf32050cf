"""The order («приказ») as a document: its PDF, and the order buttons on the roadmap and event pages.

An order is not served by the generic document views: a draft gets a preview marked «ПРОЕКТ» from the
order's own view, and a signed order's PDF is made once, by the task worker after the signature
(`services.order_pdf_build`), stored with its SHA-256 and never made again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.models import Organisation, Pair, Role
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

    def objects(self, organisation: Organisation):
        return organisation.orders.all()


class OrderDocument(Document):
    key = "order"
    verbose_name = gettext_lazy("Приказ")
    template = "reports/documents/pdf/order.html"
    params_form = OrderParamsForm
    perm = ReportPerm.VIEW_ORDERS
    generic = False
    pages = ("roadmap.detail", "event.detail")

    @classmethod
    def permission(cls, access: OrganisationAccess, params: dict) -> bool:
        """Signed orders: everyone of the organisation; drafts: those who prepare or sign them."""
        return selectors.orders_for(access).filter(pk=params["order"]).exists()

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        return cls.order_context(selectors.order_for_document(organisation, params["order"]))

    @classmethod
    def order_context(cls, order: Order) -> dict:
        """What the order's PDF (and the order's page) shows, all loaded here."""
        organisation = order.organisation
        pairs = cls.with_labour_basis(organisation, selectors.order_pairs(order))
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
            **cls.appendix_context(order),
        }

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
            context["appendix_roadmap"] = roadmap
            context["roadmap_table"] = roadmap_table(roadmap)
        elif order.kind == Order.Kind.PLANS:
            plans = selectors.plans_for_order(order.organisation, order.plans.values_list("pk", flat=True))
            for plan in plans:
                items = list(plan.items.all())
                plan.item_count = len(items)
                dates = [item.due_date for item in items if item.due_date]
                plan.start = plan.pair.start_date or (min(dates) if dates else None)
                plan.end = plan.pair.end_date or (max(dates) if dates else None)
            context["appendix_plans"] = plans
        elif order.kind == Order.Kind.FINAL_EVENT and order.event_id:
            context["appendix_event"] = order.event
        return context

    @classmethod
    def copy_note(cls, order: Order) -> str:
        """The header of the Word copy of a signed order; a draft's copy has none (it says «ПРОЕКТ»)."""
        if order.is_draft:
            return ""
        note = _("Копия. Подлинник подписан %(date)s: приказ № %(number)s, %(signer)s.") % {
            "date": order.signed_on.strftime("%d.%m.%Y"),
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
    def page_actions(cls, access: OrganisationAccess, obj: Roadmap | Event) -> list[PageAction]:
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


def _new_order_url(access: OrganisationAccess, kind: str, **params) -> str:
    query = "&".join([f"kind={kind}", *[f"{name}={value}" for name, value in params.items()]])
    return f"{reverse('reports:order_create', args=[access.organisation.slug])}?{query}"


DOCUMENTS = [OrderDocument]
