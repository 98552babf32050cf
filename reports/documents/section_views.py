"""The organisation's own text of the founding documents («Положение о системе наставничества», «Программа
наставничества»): the document section by section, and one section's text to edit, preview, save, or take
back to the standard one — the pages of the orders' own wordings (`reports.orders.programme_views`) for the
documents. Those who read the documents see them; those who prepare orders change them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mentoring.organisations.access import OrganisationAccess, organisation_view
from reports.documents import foundation, registry, sections, services
from reports.documents.forms import SectionTextForm
from reports.permissions import ReportPerm


def _document_or_404(document: str, section: str | None = None) -> None:
    if document not in sections.SECTIONS or (
        section is not None and section not in sections.section_keys(document)
    ):
        raise Http404(_("Такого раздела документа нет"))


def _ctx(access: OrganisationAccess, document: str, **extra):
    return {
        "access": access,
        "organisation": access.organisation,
        "document": document,
        "kind": registry.get(document),
        "can_edit": access.has(ReportPerm.MANAGE_ORDERS),
        **extra,
    }


@organisation_view(ReportPerm.ALL_DOCUMENTS)
@require_safe
def document_text(request: HttpRequest, access: OrganisationAccess, document: str) -> HttpResponse:
    """The document section by section, as it is filled now, with which sections are the organisation's
    own."""
    _document_or_404(document)
    organisation = access.organisation
    values = foundation.section_values(organisation, document)
    return render(
        request,
        "reports/documents/sections.html",
        _ctx(access, document, sections=sections.sections_of(organisation, document, values)),
    )


@organisation_view(ReportPerm.ALL_DOCUMENTS)
@require_http_methods(["GET", "POST"])
def document_section(
    request: HttpRequest, access: OrganisationAccess, document: str, section: str
) -> HttpResponse:
    """One section: edit, preview with the organisation's data, save, or go back to the standard text."""
    _document_or_404(document, section)
    organisation = access.organisation
    can_edit = access.has(ReportPerm.MANAGE_ORDERS)
    if request.method == "POST":
        access.require(ReportPerm.MANAGE_ORDERS)
    own = sections.own_texts(organisation, document).get(section)
    form = SectionTextForm(
        request.POST or None,
        initial={"text": own.text if own else sections.default_text(document, section)},
        read_only=not can_edit,
    )
    values = foundation.section_values(organisation, document)
    number = sections.section_keys(document).index(section) + 1
    text = own.text if own else sections.default_text(document, section)
    preview = sections.fill(text, values, number)
    previewing = False
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "reset":
            services.document_section_reset(
                organisation=organisation, actor=request.user, document=document, section=section
            )
            messages.success(request, _("Возвращён стандартный текст раздела."))
            return redirect("reports:document_section", organisation.slug, document, section)
        if form.is_valid():
            try:
                if action == "preview":
                    checked = sections.check_text(form.cleaned_data["text"], values=values)
                    preview, previewing = sections.fill(checked, values, number), True
                else:
                    services.document_section_save(
                        organisation=organisation,
                        actor=request.user,
                        document=document,
                        section=section,
                        text=form.cleaned_data["text"],
                    )
                    messages.success(request, _("Свой текст раздела сохранён: он будет в PDF и в Word."))
                    return redirect("reports:document_section", organisation.slug, document, section)
            except ValidationError as error:
                form.add_error("text", error)
    return render(
        request,
        "reports/documents/section_edit.html",
        _ctx(
            access,
            document,
            form=form,
            section=section,
            number=number,
            title=sections.section_title(document, section),
            own=own,
            preview=preview,
            previewing=previewing,
            variables=sections.VARIABLES,
        ),
    )
