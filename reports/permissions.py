"""Who may do what with orders and documents, as role sets (see `mentoring.organisations.access.Perm`)."""

from mentoring.models import Role


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
    ALL_DOCUMENTS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.DIRECTOR, Role.CURATOR, Role.PSYCHOLOGIST})
    BUILD_DOCUMENTS = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR, Role.PSYCHOLOGIST})
