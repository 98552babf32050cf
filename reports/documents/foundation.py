"""The two documents every roadmap starts with, filled from the organisation: «Положение о системе
наставничества» and «Программа наставничества» — the forms of mentoring it runs, the participants' roles, the
curator, the legal basis its programmes rest on (`reports.orders.texts.legal_basis_documents`), the payment of
staff mentors (ст. 351.8 ТК РФ) and, once signed, the order approving each.

The text of each is a list of sections (`reports.documents.sections`): a standard text per section, which
an organisation may replace with its own (as it may keep its own wording of an order); the PDF and the Word
copy are laid out from the same sections."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from common import dates
from common.dates import AcademicYear
from mentoring.models import MentoringForm, Organisation, Person, Role
from mentoring.organisations.selectors import people_with_role
from mentoring.programme import labour
from reports.documents import sections
from reports.documents.base import Document, place_of
from reports.models import Order
from reports.orders import texts as order_texts
from reports.permissions import ReportPerm


def _people(organisation: Organisation, role: str) -> list[Person]:
    return list(people_with_role(organisation, role).order_by("last_name", "pk"))


def foundation_context(organisation: Organisation, *, order_kind: str, document: str) -> dict:
    """The data of the document and its sections, filled from it."""
    context = foundation_data(organisation, order_kind=order_kind)
    context["sections"] = sections.sections_of(organisation, document, sections.values_of(context))
    return context


def foundation_data(organisation: Organisation, *, order_kind: str) -> dict:
    settings = labour.programme_settings_for(organisation)
    today = dates.today(organisation)
    used = MentoringForm.objects.filter(pairs__organisation=organisation).distinct().order_by("order", "name")
    forms = list(used) or list(MentoringForm.objects.filter(is_active=True).order_by("order", "name"))
    if not settings.for_students:
        forms = [form for form in forms if labour.labour_rules_apply(form)] or forms
    approving = (
        Order.objects.filter(organisation=organisation, kind=order_kind, status=Order.Status.SIGNED)
        .order_by("-signed_on", "-sequence")
        .first()
    )
    directors = _people(organisation, Role.DIRECTOR)
    return {
        "organisation": organisation,
        "settings": settings,
        "basis": order_texts.legal_basis_documents(
            settings, today=today, labour_applies=settings.for_teachers
        ),
        "participants": order_texts.participants_genitive(settings, organisation),
        "forms": forms,
        "labour_forms": [form for form in forms if labour.labour_rules_apply(form)],
        "curators": _people(organisation, Role.CURATOR),
        "psychologists": _people(organisation, Role.PSYCHOLOGIST),
        "director": directors[0] if directors else None,
        "approving_order": approving,
        "year": AcademicYear.of(today).label,
        "place": place_of(organisation),
        "today": today,
        "notice_days": labour.NOTICE_WORKING_DAYS,
        "payment": labour.agreement_payment_text(settings),
    }


class RegulationDocument(Document):
    key = "regulation"
    verbose_name = gettext_lazy("Положение о системе наставничества")
    file_title = gettext_lazy("Положение о наставничестве")
    template = "reports/documents/pdf/regulation.html"
    perm = ReportPerm.ALL_DOCUMENTS

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        return foundation_context(organisation, order_kind=Order.Kind.REGULATION, document=cls.key)


class ProgrammeDocument(Document):
    key = "programme"
    verbose_name = gettext_lazy("Программа наставничества")
    file_title = gettext_lazy("Программа наставничества")
    template = "reports/documents/pdf/programme.html"
    perm = ReportPerm.ALL_DOCUMENTS

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        return foundation_context(organisation, order_kind=Order.Kind.INTRODUCE_MODEL, document=cls.key)


DOCUMENTS = [RegulationDocument, ProgrammeDocument]


# The order that approves each document, for the data of its sections.
APPROVING_ORDER = {
    RegulationDocument.key: Order.Kind.REGULATION,
    ProgrammeDocument.key: Order.Kind.INTRODUCE_MODEL,
}


def section_values(organisation: Organisation, document: str) -> dict:
    """What the sections of `document` are filled with (for the edit page's preview)."""
    return sections.values_of(foundation_data(organisation, order_kind=APPROVING_ORDER[document]))
