"""Who may see the indicators, the documents of a year, the bank of practices and the municipal pages, as role
sets (see `mentoring.organisations.access.Perm`)."""

from mentoring.models import Role


class IndicatorPerm:
    # The indicators and the year's documents: those who run or oversee the programme, not a teacher.
    VIEW = frozenset({Role.ADMIN, Role.COORDINATOR, Role.DIRECTOR, Role.CURATOR, Role.PSYCHOLOGIST})
    # Ordering the final report built: the organisation's own staff (the coordinator only reads).
    BUILD = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR, Role.PSYCHOLOGIST})
    # The bank of programmes and best practices: the curator (director, administrator) publishes; the staff
    # and the coordinator read what is published.
    PRACTICES_VIEW = VIEW
    PRACTICES_MANAGE = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR})
    # The municipality's own documents: its coordinator.
    MUNICIPAL = frozenset({Role.COORDINATOR})
