"""Who may do what in the reports app, as role sets (see `mentoring.organisations.access.Perm`): orders and
documents (`ReportPerm`), the indicators, the documents of a year, the bank of practices and the municipal
pages (`IndicatorPerm`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentoring.models import Role

if TYPE_CHECKING:
    from mentoring.organisations.access import OrganisationAccess
    from reports.models import Order


class ReportPerm:
    # Everyone of the organisation may read the register: teachers are acquainted with signed orders. Drafts
    # are shown only to those who prepare or sign them (DRAFTS).
    VIEW_ORDERS = frozenset(Role.values)
    DRAFTS = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR})
    MANAGE_ORDERS = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR})
    # Only the director signs; the service checks the director's own role (a superuser is not a director).
    SIGN_ORDERS = frozenset({Role.DIRECTOR})
    MANAGE_REGISTER = frozenset({Role.ADMIN, Role.DIRECTOR})
    # Documents of the programme: all the pairs' documents for the staff who run it; a teacher gets only
    # the documents of their own pair.
    VIEW_DOCUMENTS = frozenset(Role.values)
    ALL_DOCUMENTS = frozenset(
        {
            Role.ADMIN,
            Role.COORDINATOR,
            Role.REGIONAL_COORDINATOR,
            Role.DIRECTOR,
            Role.CURATOR,
            Role.PSYCHOLOGIST,
        }
    )
    BUILD_DOCUMENTS = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR, Role.PSYCHOLOGIST})


class IndicatorPerm:
    # The indicators and the year's documents: those who run or oversee the programme, not a teacher.
    VIEW = frozenset(
        {
            Role.ADMIN,
            Role.COORDINATOR,
            Role.REGIONAL_COORDINATOR,
            Role.DIRECTOR,
            Role.CURATOR,
            Role.PSYCHOLOGIST,
        }
    )
    # Ordering the final report built: the organisation's own staff (the coordinator only reads).
    BUILD = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR, Role.PSYCHOLOGIST})
    # The bank of programmes and best practices: the curator (director, administrator) publishes; the staff
    # and the coordinator read what is published.
    PRACTICES_VIEW = VIEW
    PRACTICES_MANAGE = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR})
    # The municipality's pages: its coordinator, and the regional coordinator above it, read them.
    MUNICIPAL = frozenset({Role.COORDINATOR, Role.REGIONAL_COORDINATOR})
    # Acting for the municipality (its final report, its monitoring submission): its own coordinator.
    MUNICIPAL_ACT = frozenset({Role.COORDINATOR})
    # The region's pages, and announcing its monitoring rounds: the regional coordinator.
    REGIONAL = frozenset({Role.REGIONAL_COORDINATOR})


def can_edit_order(access: OrganisationAccess, order: Order) -> bool:
    """A draft, by those who prepare orders; a signed order is only cancelled by a new one."""
    return order.is_draft and access.has(ReportPerm.MANAGE_ORDERS)


def can_sign_order(access: OrganisationAccess, order: Order) -> bool:
    """A draft, by the organisation's own director (a superuser or a coordinator is not one); the signing
    service checks the same."""
    return order.is_draft and Role.DIRECTOR in access.own_roles
