from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.downloads import PDF, download
from common.http import HtmxHttpRequest
from common.messages import error_text
from mentoring.organisations.access import OrganisationAccess, organisation_view
from reports.documents import registry as documents
from reports.documents import selectors as document_selectors
from reports.documents import services
from reports.indicators import computation as indicators
from reports.indicators.views import _year_context, selected_year
from reports.models import GeneratedDocument, Order
from reports.orders import selectors
from reports.permissions import IndicatorPerm, ReportPerm


@organisation_view(ReportPerm.VIEW_DOCUMENTS)
def documents_index(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    organisation = access.organisation
    pairs = selectors.with_mentees(documents.visible_pairs(access))
    return render(
        request,
        "reports/documents_index.html",
        {
            "access": access,
            "organisation": organisation,
            "latest_orders": selectors.orders_for(access).exclude(status=Order.Status.DRAFT)[:5],
            "drafts": selectors.drafts_awaiting_signature(organisation)
            if access.has(ReportPerm.DRAFTS)
            else [],
            "pairs": pairs,
            "background_kinds": [
                kind for kind in documents.all_kinds() if kind.background and access.has(kind.permission)
            ],
            "generated": document_selectors.generated_documents_for(organisation)[:10]
            if access.has(ReportPerm.ALL_DOCUMENTS)
            else [],
            "can_manage_orders": access.has(ReportPerm.MANAGE_ORDERS),
            "can_build": access.has(ReportPerm.BUILD_DOCUMENTS),
            "can_see_year_documents": access.has(ReportPerm.ALL_DOCUMENTS),
        },
    )


def _kind_or_404(access: OrganisationAccess, kind_key: str) -> documents.DocumentKind:
    kind = documents.get(kind_key)
    if kind is None:
        raise Http404(_("Такого документа нет"))
    access.require(kind.permission)
    return kind


@organisation_view(ReportPerm.VIEW_DOCUMENTS)
def document_pdf(
    request: HttpRequest, access: OrganisationAccess, kind_key: str, object_id: int | None = None
) -> HttpResponse:
    """Any registered document that is made while the visitor waits; its main object (a pair, a plan, an
    event...) comes in the address, other parameters in the query string."""
    kind = _kind_or_404(access, kind_key)
    if kind.background:
        raise Http404(_("Этот документ формируется в фоне"))
    params = {}
    if kind.params_form is not None:
        form = kind.params_form({**request.GET.dict(), "object": object_id}, access=access)
        if not form.is_valid():
            raise Http404(_("Документ не найден"))
        params = form.params()
    try:
        data = services.document_render(organisation=access.organisation, kind=kind, params=params)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("reports:documents", access.organisation.slug)
    return download(data, filename=kind.filename(access.organisation, params), content_type=PDF)


@organisation_view(ReportPerm.BUILD_DOCUMENTS)
@require_POST
def document_build(request: HttpRequest, access: OrganisationAccess, kind_key: str) -> HttpResponse:
    kind = _kind_or_404(access, kind_key)
    if not kind.background:
        raise Http404(_("Этот документ скачивается сразу"))
    params = {}
    if kind.params_form is not None:
        form = kind.params_form(request.POST, access=access)
        if not form.is_valid():
            raise Http404(_("Документ не найден"))
        params = form.params()
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
def generated_detail(request: HtmxHttpRequest, access: OrganisationAccess, document_id: int) -> HttpResponse:
    document = get_object_or_404(
        document_selectors.generated_documents_for(access.organisation), pk=document_id
    )
    template = "reports/generated_status.html" if request.htmx else "reports/generated_detail.html"
    return render(
        request, template, {"access": access, "organisation": access.organisation, "document": document}
    )


@organisation_view(ReportPerm.ALL_DOCUMENTS)
def generated_download(request: HttpRequest, access: OrganisationAccess, document_id: int) -> HttpResponse:
    document = get_object_or_404(
        document_selectors.generated_documents_for(access.organisation), pk=document_id
    )
    if document.status != GeneratedDocument.Status.DONE or not document.file:
        raise Http404(_("Документ ещё не готов"))
    kind = documents.get(document.kind)
    name = kind.filename(access.organisation, document.params) if kind else "document.pdf"
    return download(document.file.open("rb"), filename=name, content_type=PDF)


@organisation_view(IndicatorPerm.VIEW)
def year_documents(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    year = selected_year(request)
    final_report = documents.get("final-report")
    generated = [
        item
        for item in access.organisation.generated_documents.filter(kind="final-report").select_related(
            "requested_by__person"
        )[:30]
        if str(item.params.get("year")) == str(year.first_year)
    ][:5]
    return render(
        request,
        "reports/year_documents.html",
        {
            "access": access,
            "organisation": access.organisation,
            "data": indicators.for_organisation(access.organisation, year),
            "final_report": final_report,
            "analytical_note": documents.get("analytical-note"),
            "generated": generated,
            "can_build": access.has(IndicatorPerm.BUILD),
            "tab": "documents",
            **_year_context(request, year),
        },
    )
