"""Queries of the reports app; every one starts from the organisation."""

from __future__ import annotations

from django.db.models import QuerySet

from mentoring.models import Organisation
from reports.models import GeneratedDocument


def generated_documents_for(organisation: Organisation) -> QuerySet[GeneratedDocument]:
    return organisation.generated_documents.select_related("requested_by", "requested_by__person")
