from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from common.downloads import DOCX, PDF, download
from common.http import HtmxHttpRequest
from common.messages import error_text
from mentoring.organisations.access import OrganisationAccess, organisation_view
from mentoring.programme import selectors as programme_selectors
from reports.council import selectors as council_selectors
from reports.documents import registry, services
from reports.documents import selectors as document_selectors
from reports.documents.base import Document
from reports.indicators import computation as indicators
from reports.indicators.views import _year_context, selected_year
from reports.models import GeneratedDocument, Order
from reports.orders import selectors
from reports.permissions import IndicatorPerm, ReportPerm

PAIRS_PAGE = 20


@organisation_view(ReportPerm.VIEW_DOCUMENTS)
@require_safe
def documents_index(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    organisation = access.organisation
    search = request.GET.get("q", "").strip()[:100]
    pairs = selectors.with_mentees(
        programme_selectors.pairs_matching(document_selectors.visible_pairs(access), search)
    ).order_by("mentor__last_name", "mentor__first_name", "pk")
    page = Paginator(pairs, PAIRS_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/documents/index.html",
        {
            "access": access,
            "organisation": organisation,
            "latest_orders": selectors.orders_for(access).exclude(status=Order.Status.DRAFT)[:5],
            "drafts": selectors.drafts_awaiting_signature(organisation)
            if access.has(ReportPerm.DRAFTS)
            else [],
            "pairs": page.object_list,
            "page": page,
            "pairs_search": search,
            "query": urlencode({"q": search}) if search else "",
            "background_kinds": registry.background_kinds_for(access),
            "generated": document_selectors.generated_documents_for(organisation)[:10]
            if access.has(ReportPerm.ALL_DOCUMENTS)
            else [],
            "can_manage_orders": access.has(ReportPerm.MANAGE_ORDERS),
            "can_build": access.has(ReportPerm.BUILD_DOCUMENTS),
            "can_see_year_documents": access.has(ReportPerm.ALL_DOCUMENTS),
            "councils": list(council_selectors.council_events(organisation)[:10])
            if access.has(ReportPerm.ALL_DOCUMENTS)
            else [],
        },
    )


def _kind_or_404(access: OrganisationAccess, kind_key: str, *, background: bool) -> type[Document]:
    """The kind served by the generic views; its roles are required (403), then the right view (404)."""
    kind = registry.get(kind_key)
    if kind is None or not kind.generic:
        raise Http404(_("Такого документа нет"))
    access.require(kind.perm)
    if kind.background != background:
        raise Http404(
            _("Этот документ формируется в фоне") if kind.background else _("Этот документ скачивается сразу")
        )
    return kind


def _params_or_404(access: OrganisationAccess, kind: type[Document], data: Mapping[str, Any]) -> dict:
    """The parameters bound and validated by the kind's form, and the visitor's right to them; else 404."""
    params = kind.clean_params(access.organisation, data)
    if params is None or not kind.permission(access, params):
        raise Http404(_("Документ не найден"))
    return params


@organisation_view(ReportPerm.VIEW_DOCUMENTS)
@require_safe
def document_pdf(
    request: HttpRequest, access: OrganisationAccess, kind_key: str, object_id: int | None = None
) -> HttpResponseBase:
    """Any kind made while the visitor waits; its main object (a pair, a plan, an event...) comes in the
    address, other parameters in the query string."""
    kind = _kind_or_404(access, kind_key, background=False)
    params = _params_or_404(access, kind, {**request.GET.dict(), "object": object_id})
    try:
        data = kind.render_pdf(access.organisation, params)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("reports:documents", access.organisation.slug)
    return download(data, filename=kind.filename(access.organisation, params), content_type=PDF)


@organisation_view(ReportPerm.VIEW_DOCUMENTS)
@require_safe
def document_docx(
    request: HttpRequest, access: OrganisationAccess, kind_key: str, object_id: int | None = None
) -> HttpResponseBase:
    """The Word copy of any kind, background ones included (a .docx is quick to make: no layout engine),
    with the same parameters and the same permission as its PDF."""
    kind = registry.get(kind_key)
    if kind is None or not kind.generic:
        raise Http404(_("Такого документа нет"))
    access.require(kind.perm)
    params = _params_or_404(access, kind, {**request.GET.dict(), "object": object_id})
    try:
        data = kind.render_docx(access.organisation, params)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("reports:documents", access.organisation.slug)
    return download(data, filename=kind.docx_filename(access.organisation, params), content_type=DOCX)


@organisation_view(ReportPerm.BUILD_DOCUMENTS)
@require_POST
def document_build(request: HttpRequest, access: OrganisationAccess, kind_key: str) -> HttpResponse:
    kind = _kind_or_404(access, kind_key, background=True)
    params = _params_or_404(access, kind, request.POST)
    try:
        document, created = services.document_request(
            organisation=access.organisation, kind_key=kind.key, params=params, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("reports:documents", access.organisation.slug)
    if not created:
        messages.info(request, _("Этот документ уже формируется — показываем его."))
    return redirect("reports:generated", access.organisation.slug, document.pk)


@organisation_view(ReportPerm.ALL_DOCUMENTS)
@require_safe
def generated_detail(request: HtmxHttpRequest, access: OrganisationAccess, document_id: int) -> HttpResponse:
    document = get_object_or_404(
        document_selectors.generated_documents_for(access.organisation), pk=document_id
    )
    template = (
        "reports/documents/generated_status.html" if request.htmx else "reports/documents/generated.html"
    )
    return render(
        request, template, {"access": access, "organisation": access.organisation, "document": document}
    )


@organisation_view(ReportPerm.ALL_DOCUMENTS)
@require_safe
def generated_download(
    request: HttpRequest, access: OrganisationAccess, document_id: int
) -> HttpResponseBase:
    document = get_object_or_404(
        document_selectors.generated_documents_for(access.organisation), pk=document_id
    )
    if document.status != GeneratedDocument.Status.DONE or not document.file:
        raise Http404(_("Документ ещё не готов"))
    kind = registry.get(document.kind)
    name = kind.filename(access.organisation, document.params) if kind else "document.pdf"
    return download(document.file.open("rb"), filename=name, content_type=PDF)


@organisation_view(IndicatorPerm.VIEW)
@require_safe
def year_documents(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    year = selected_year(request)
    final_report = registry.get("final-report")
    generated = [
        item
        for item in access.organisation.generated_documents.filter(kind="final-report").select_related(
            "requested_by__person"
        )[:30]
        if str(item.params.get("year")) == str(year.first_year)
    ][:5]
    return render(
        request,
        "reports/documents/year.html",
        {
            "access": access,
            "organisation": access.organisation,
            "data": indicators.for_organisation(access.organisation, year),
            "final_report": final_report,
            "analytical_note": registry.get("analytical-note"),
            "generated": generated,
            "can_build": access.has(IndicatorPerm.BUILD),
            "tab": "documents",
            **_year_context(request, year),
        },
    )
