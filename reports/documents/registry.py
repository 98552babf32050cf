"""The registry of the documents the app renders to PDF.

A document kind is a template, a function that builds its context from the organisation and validated
parameters, an optional parameters form (which loads every object FROM the organisation, so a forged id is a
404), and whether it is built in the background by the task worker. The generic views
(`reports:document_pdf`, `reports:document_build`) and the worker serve every registered kind, so a new
document is one `register(...)` call plus its template — no new URL, view or task.

Orders are not in this registry: they have their own life (draft → signed → frozen PDF), see services.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from mentoring.models import Organisation, Pair, PairMentee, Role
from mentoring.organisations.access import OrganisationAccess
from reports.permissions import ReportPerm

Part = tuple[str, dict]


@dataclass(frozen=True)
class DocumentKind:
    key: str
    title: StrOrPromise
    # (organisation, params) -> the list of (template, context) parts the file is made of, in order.
    parts: Callable[[Organisation, dict], list[Part]]
    filename: Callable[[Organisation, dict], str]
    permission: frozenset[str] = ReportPerm.ALL_DOCUMENTS
    background: bool = False
    # A form taking `access=` whose `params()` returns JSON-ready parameters; None: no parameters.
    params_form: type[forms.Form] | None = None
    description: StrOrPromise = ""
    # (organisation, params) -> None, raising ValidationError when the document cannot be made (checked
    # before a background document is queued, so the visitor hears it at once).
    check: Callable[[Organisation, dict], None] | None = None
    extra: dict = field(default_factory=dict)


_kinds: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    _kinds[kind.key] = kind


def get(key: str) -> DocumentKind | None:
    return _kinds.get(key)


def all_kinds() -> list[DocumentKind]:
    return list(_kinds.values())


def single(template: str, context: Callable[[Organisation, dict], dict]) -> Callable:
    """`parts` for a document made of one template."""

    def parts(organisation: Organisation, params: dict) -> list[Part]:
        return [(template, context(organisation, params))]

    return parts


# --- Agreements of pairs («соглашение о сотрудничестве») --------------------------------------------------

AGREEMENT_TEMPLATE = "reports/pdf/agreement.html"
AGREEMENT_STATUSES = [Pair.Status.APPROVED, Pair.Status.ACTIVE, Pair.Status.COMPLETED]


def pairs_for_documents(organisation: Organisation):
    return organisation.pairs.select_related("mentor", "form").prefetch_related(
        Prefetch(
            "pair_mentees", queryset=PairMentee.objects.select_related("mentee").order_by("mentee__last_name")
        )
    )


def visible_pairs(access: OrganisationAccess):
    """Pairs whose documents the visitor may have: all of them for the staff, their own for a teacher."""
    pairs = access.organisation.pairs.exclude(status=Pair.Status.REJECTED)
    if access.has(ReportPerm.ALL_DOCUMENTS):
        return pairs
    if access.person is None or Role.TEACHER not in access.roles:
        return pairs.none()
    return pairs.filter(Q(mentor=access.person) | Q(pair_mentees__mentee=access.person)).distinct()


class PairParamsForm(forms.Form):
    """The pair is the document's object (`documents/pair-agreement/<pair id>/pdf/`)."""

    object = forms.ModelChoiceField(queryset=Pair.objects.none(), label=gettext_lazy("Пара/группа"))

    def __init__(self, *args, access: OrganisationAccess, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["object"]).queryset = visible_pairs(access)

    def params(self) -> dict:
        return {"pair": self.cleaned_data["object"].pk}


def agreement_context(organisation: Organisation, pair: Pair) -> dict:
    return {
        "organisation": organisation,
        "pair": pair,
        "mentees": [item.mentee for item in pair.pair_mentees.all()],
        "date": pair.start_date or (timezone.localdate(pair.approved_at) if pair.approved_at else None),
        "place": place_of(organisation),
    }


def _agreement_parts(organisation: Organisation, params: dict) -> list[Part]:
    pair = pairs_for_documents(organisation).get(pk=params["pair"])
    return [(AGREEMENT_TEMPLATE, agreement_context(organisation, pair))]


def _check_agreements(organisation: Organisation, params: dict) -> None:
    if not organisation.pairs.filter(status__in=AGREEMENT_STATUSES).exists():
        raise ValidationError(
            _("В организации нет утверждённых пар/групп: соглашения составлять не для кого.")
        )


def _all_agreements_parts(organisation: Organisation, params: dict) -> list[Part]:
    _check_agreements(organisation, params)
    pairs = list(
        pairs_for_documents(organisation)
        .filter(status__in=AGREEMENT_STATUSES)
        .order_by("mentor__last_name", "mentor__first_name", "pk")
    )
    return [(AGREEMENT_TEMPLATE, agreement_context(organisation, pair)) for pair in pairs]


def place_of(organisation: Organisation) -> str:
    """«г. Южно-Сахалинск»: the place line of a document, from the start of the organisation's address."""
    first = organisation.address.split(",")[0].strip()
    return first if first[:2] in {"г.", "с.", "п.", "д."} or first.startswith(("пгт", "ст.")) else ""


register(
    DocumentKind(
        key="pair-agreement",
        title=gettext_lazy("Соглашение о сотрудничестве наставника и наставляемого"),
        parts=_agreement_parts,
        filename=lambda organisation, params: f"soglashenie-para-{params['pair']}.pdf",
        permission=ReportPerm.VIEW_DOCUMENTS,
        params_form=PairParamsForm,
    )
)
register(
    DocumentKind(
        key="agreements-all",
        title=gettext_lazy("Все соглашения о сотрудничестве одним файлом"),
        parts=_all_agreements_parts,
        filename=lambda organisation, params: f"soglasheniya-{organisation.slug}.pdf",
        permission=ReportPerm.BUILD_DOCUMENTS,
        background=True,
        check=_check_agreements,
        description=gettext_lazy(
            "По одному соглашению на каждую утверждённую пару или группу; файл формируется в фоне."
        ),
    )
)
