"""Who may do what with questionnaires, as role sets (see `mentoring.organisations.access.Perm`).

- The curator runs questionnaires; the director and the administrator may too (they stand in for the
  curator, as they do for people).
- Results, the wave comparison and the export are read by those who also analyse them: the psychologist
  (who joins the diagnostics, DESIGN.md) and the municipal coordinator (read-only everywhere).
- Named answers (the export with names, one pair's answers, each participant's change between waves) stay
  in the school: the coordinators above it (municipal and regional) read aggregates only.
- A teacher fills in only their own invitations (`Perm.VIEW_ORGANISATION` plus the invitation being theirs)
  and never sees anyone's answers. Anonymous answers are linkable by nobody: the link is not stored.
"""

from mentoring.models import Role

MANAGE_SURVEYS = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR})
VIEW_NAMED_ANSWERS = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR, Role.PSYCHOLOGIST})
VIEW_RESULTS = VIEW_NAMED_ANSWERS | {Role.COORDINATOR, Role.REGIONAL_COORDINATOR}
FILL_SURVEYS = frozenset(Role.values)
