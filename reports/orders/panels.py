"""The reports app's navigation entry and dashboard panel."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mentoring.models import Role
from mentoring.organisations import dashboard, navigation
from mentoring.organisations.access import OrganisationAccess
from reports.models import Order
from reports.orders import selectors
from reports.permissions import ReportPerm


def _orders_panel(access: OrganisationAccess, request):
    organisation = access.organisation
    drafts = []
    if access.has(ReportPerm.DRAFTS):
        drafts = list(selectors.drafts_awaiting_signature(organisation)[:5])
    latest = list(
        organisation.orders.exclude(status=Order.Status.DRAFT).order_by("-signed_on", "-sequence")[:5]
    )
    return {
        "drafts": drafts,
        "latest": latest,
        "is_director": Role.DIRECTOR in access.own_roles,
        "can_manage": access.has(ReportPerm.MANAGE_ORDERS),
    }


def register() -> None:
    navigation.register(
        label=_("Документы"),
        url_name="reports:documents",
        permission=ReportPerm.VIEW_DOCUMENTS,
        icon="file-earmark-text",
        order=80,
    )
    dashboard.register_panel(
        key="orders",
        template="reports/orders/panel.html",
        permission=ReportPerm.ALL_DOCUMENTS,
        context=_orders_panel,
        order=15,
    )
