"""What the roadmap views need, as role sets (see `mentoring.organisations.access.Perm`)."""

from mentoring.models import Role
from mentoring.organisations.access import Perm


class RoadmapPerm:
    # The whole roadmap, events and publications: everyone but a teacher, who sees only their own activities.
    VIEW = frozenset({Role.ADMIN, Role.COORDINATOR, Role.DIRECTOR, Role.CURATOR, Role.PSYCHOLOGIST})
    # Keeping it current: the curator runs it; the director and the administrator may too.
    MANAGE = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR})
    # The «УТВЕРЖДАЮ» block is the director's.
    APPROVE = frozenset({Role.DIRECTOR})
    # An activity's own page: anyone of the organisation; a teacher only where they are named responsible.
    VIEW_ACTIVITY = Perm.VIEW_ORGANISATION
    CALENDAR = Perm.VIEW_ORGANISATION
