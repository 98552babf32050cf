"""A kind of document is one class (in the style of pretix's exporters, `pretix/base/exporter.py`).

A subclass of `Document` describes one kind completely: its key (in the address and in
`GeneratedDocument.kind`), its name, its template, the form that validates its parameters (which pair,
which event, which year…), the context its template needs, who may have it, its file name, whether it is
built in the background by the task worker, and the «PDF» buttons it puts on the pages of the lower apps.
The registry (`reports.documents.registry`) lists the classes; the generic views (`reports:document_pdf`,
`reports:document_object_pdf`, `reports:document_build`) and the worker serve every listed kind, so a new
document is one class plus its template — no new URL, view or task.

The classes are never instantiated: a document is made from `(organisation, params)`, where `params` is
what the parameters form returned — plain JSON, so a background document keeps it in its row and the worker
builds the very same file later.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

from common import dates, xlsx
from mentoring.models import Organisation
from mentoring.organisations.page_actions import PageAction
from reports.permissions import ReportPerm

if TYPE_CHECKING:
    from mentoring.organisations.access import OrganisationAccess

# One laid-out piece of a document: a template and its context. Most documents are one part; «all the
# agreements in one file» is one part per pair.
Part = tuple[str, dict]


class DocumentParamsForm(forms.Form):
    """The parameters of a document. Every object is loaded FROM the organisation, so an id of another
    organisation (or a forged one) is invalid and the view answers 404. `params()` returns the JSON-ready
    parameters the document is made from."""

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def params(self) -> dict:
        raise NotImplementedError


class ObjectParamsForm(DocumentParamsForm):
    """A document of one object, which comes in the address (`documents/<key>/<id>/pdf/`) as `object`.
    A subclass names the parameter (`param`) and the objects of the organisation it may be (`objects`)."""

    param: ClassVar[str]
    object: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The form's own copy of the declared field (`self.fields` is typed as holding plain `Field`s).
        field = self.fields["object"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = self.objects(self.organisation)

    def objects(self, organisation: Organisation) -> QuerySet[Any]:
        raise NotImplementedError

    def params(self) -> dict:
        return {self.param: self.cleaned_data["object"].pk}


def place_of(organisation: Organisation) -> str:
    """«г. Южно-Сахалинск»: the place line of a document, from the start of the organisation's address."""
    first = organisation.address.split(",")[0].strip()
    return first if first[:2] in {"г.", "с.", "п.", "д."} or first.startswith(("пгт", "ст.")) else ""


# A file name stays well within the 255 bytes a file system allows (Cyrillic takes two bytes a letter).
FILE_TITLE_MAX = 60
FILE_OWNER_MAX = 40


def event_day(organisation: Organisation, event_id: int) -> str:
    """«29.10.2026»: the day of one of the organisation's events, in its time zone (for a file name)."""
    starts_at = organisation.events.filter(pk=event_id).values_list("starts_at", flat=True).first()
    return f"{timezone.localtime(starts_at, dates.zone(organisation)):%d.%m.%Y}" if starts_at else ""


class Document:
    """One kind of document. Subclasses set the attributes and override the hooks they need."""

    key: ClassVar[str]
    verbose_name: ClassVar[str | Promise]
    # The short name its files are saved under («Индивидуальный план»); the verbose name when empty.
    file_title: ClassVar[str | Promise] = ""
    # Shown beside the button that orders a background document.
    description: ClassVar[str | Promise] = ""
    template: ClassVar[str] = ""
    # None: the document has no parameters.
    params_form: ClassVar[type[DocumentParamsForm] | None] = None
    # The roles that may ask for this kind at all (a visitor without one gets a 403); `permission` then
    # decides on the parameters.
    perm: ClassVar[frozenset[str]] = ReportPerm.ALL_DOCUMENTS
    # Too long to make while the visitor waits: ordered with `reports:document_build`, made by the worker.
    background: ClassVar[bool] = False
    # Served by the generic views. The order is not: its signed PDF is made once, at signing, and frozen.
    generic: ClassVar[bool] = True
    # The page-action slots (`mentoring.organisations.page_actions`) `page_actions` fills.
    pages: ClassVar[tuple[str, ...]] = ()

    # Templates get the class itself (`{{ kind.verbose_name }}`), never an instance.
    do_not_call_in_templates = True

    # --- Parameters and permission ---------------------------------------------------------------------

    @classmethod
    def clean_params(cls, organisation: Organisation, data: Mapping[str, Any]) -> dict | None:
        """The parameters bound from the request and validated by the kind's form; None when invalid."""
        if cls.params_form is None:
            return {}
        form = cls.params_form(data, organisation=organisation)
        return form.params() if form.is_valid() else None

    @classmethod
    def permission(cls, access: OrganisationAccess, params: dict) -> bool:
        """Whether this visitor may have this document with these (valid) parameters; False answers 404.
        By default the kind's roles; a document of a pair also requires a teacher to be in the pair."""
        return access.has(cls.perm)

    @classmethod
    def check(cls, organisation: Organisation, params: dict) -> None:
        """Raise a ValidationError (in Russian) when the document cannot be made; checked before a background
        document is queued, so the visitor hears it at once."""

    # --- Content -------------------------------------------------------------------------------------------

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        """Everything the template needs, loaded here (the templates issue no query of their own)."""
        raise NotImplementedError

    @classmethod
    def parts(cls, organisation: Organisation, params: dict) -> list[Part]:
        """The (template, context) parts the file is made of, in order: one unless overridden."""
        return [(cls.template, cls.context(organisation, params))]

    @classmethod
    def filename(cls, organisation: Organisation, params: dict) -> str:
        """«Индивидуальный план, пара 12 МБОУ СОШ № 23 03.12.2026.pdf»: the same pattern as every
        spreadsheet's (`common.xlsx.filename`), what, whose, of which day."""
        detail = cls.file_detail(organisation, params)
        title = str(cls.file_title or cls.verbose_name)
        return xlsx.filename(
            (f"{title}, {detail}" if detail else title)[:FILE_TITLE_MAX],
            cls.file_owner(organisation, params)[:FILE_OWNER_MAX],
            dates.today(organisation),
            extension="pdf",
        )

    @classmethod
    def file_detail(cls, organisation: Organisation, params: dict) -> str:
        """What tells two files of the kind apart («пара 12», «2026–2027»), if anything."""
        return ""

    @classmethod
    def file_owner(cls, organisation: Organisation, params: dict) -> str:
        return organisation.short_name or organisation.name

    # --- Files ---------------------------------------------------------------------------------------------

    @classmethod
    def render_pdf(
        cls,
        organisation: Organisation,
        params: dict,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> bytes:
        """The PDF (`reports.documents.pdf`); `progress(done, total)` is told after each part is laid out."""
        # Imported here: WeasyPrint takes a while to load, and the registry is loaded with the app.
        from reports.documents import pdf

        parts = cls.parts(organisation, params)
        if len(parts) == 1 and progress is None:
            template, context = parts[0]
            return pdf.render_pdf(template, context)
        # A background kind runs in the task worker: its own, longer rendering time limit.
        return pdf.join_pdf(parts, progress=progress, background=cls.background)

    @classmethod
    def render_docx(cls, organisation: Organisation, params: dict, *, copy_note: str = "") -> bytes:
        """The Word copy of the same document, from the same parts: the PDF's templates and contexts, laid
        out in Word by `reports.documents.docx` (letterhead, «УТВЕРЖДАЮ», signature lines, tables with
        repeated headers, page numbers). `copy_note` heads every page of a copy («Копия. Подлинник …»)."""
        from reports.documents import docx

        return docx.render_docx(cls.parts(organisation, params), copy_note=copy_note)

    @classmethod
    def docx_filename(cls, organisation: Organisation, params: dict) -> str:
        """The PDF's file name with .docx."""
        name = cls.filename(organisation, params)
        return (name[:-4] if name.lower().endswith(".pdf") else name) + ".docx"

    # --- Buttons on the pages of the lower apps ----------------------------------------------------------

    @classmethod
    def url(cls, organisation: Organisation, object_id: int | None = None, query: str = "") -> str:
        if object_id is None:
            url = reverse("reports:document_pdf", args=[organisation.slug, cls.key])
        else:
            url = reverse("reports:document_object_pdf", args=[organisation.slug, cls.key, object_id])
        return f"{url}?{query}" if query else url

    @classmethod
    def docx_url(cls, organisation: Organisation, object_id: int | None = None, query: str = "") -> str:
        """Where the Word copy is downloaded (`reports:document_docx`), with the PDF's parameters."""
        if object_id is None:
            url = reverse("reports:document_docx", args=[organisation.slug, cls.key])
        else:
            url = reverse("reports:document_object_docx", args=[organisation.slug, cls.key, object_id])
        return f"{url}?{query}" if query else url

    @classmethod
    def page_actions(cls, access: OrganisationAccess, obj) -> list[PageAction]:
        """The buttons this kind puts on the page of `obj` (one of `pages`); decides itself who sees them."""
        return []
