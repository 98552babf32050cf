"""Queries of the documents; every one starts from the organisation (or the visitor's access to it)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from mentoring.models import Organisation, Pair, PairMentee, Role
from mentoring.organisations.access import OrganisationAccess
from reports.models import GeneratedDocument
from reports.permissions import ReportPerm


def generated_documents_for(organisation: Organisation) -> QuerySet[GeneratedDocument]:
    return organisation.generated_documents.select_related("requested_by", "requested_by__person")


def pairs_for_documents(organisation: Organisation) -> QuerySet[Pair]:
    return organisation.pairs.select_related("mentor", "form").prefetch_related(
        Prefetch(
            "pair_mentees", queryset=PairMentee.objects.select_related("mentee").order_by("mentee__last_name")
        )
    )


def visible_pairs(access: OrganisationAccess) -> QuerySet[Pair]:
    """Pairs whose documents the visitor may have: all of them for the staff, their own for a teacher."""
    pairs: QuerySet[Pair] = access.organisation.pairs.exclude(status=Pair.Status.REJECTED)
    if access.has(ReportPerm.ALL_DOCUMENTS):
        return pairs
    if access.person is None or Role.TEACHER not in access.roles:
        return pairs.none()
    return pairs.filter(Q(mentor=access.person) | Q(pair_mentees__mentee=access.person)).distinct()
