from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mentoring.models import Role
from mentoring.organisations.access import organisation_view

from . import documents, selectors, services
from .forms import OrderCreateForm, OrderEditForm, OrderFilterForm, RegisterForm
from .models import GeneratedDocument, Order
from .permissions import ReportPerm

PAGE_SIZE = 50


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def _pdf_response(data, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = _content_disposition(filename)
    return response


def _content_disposition(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "ignore").decode() or "document.pdf"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


# --- Documents hub -----------------------------------------------------------------------------------------


@organisation_view(ReportPerm.VIEW_DOCUMENTS)
def documents_index(request: HttpRequest, access) -> HttpResponse:
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
            "generated": selectors.generated_documents_for(organisation)[:10]
            if access.has(ReportPerm.ALL_DOCUMENTS)
            else [],
            "can_manage_orders": access.has(ReportPerm.MANAGE_ORDERS),
            "can_build": access.has(ReportPerm.BUILD_DOCUMENTS),
            "can_see_year_documents": access.has(ReportPerm.ALL_DOCUMENTS),
        },
    )


# --- Orders ------------------------------------------------------------------------------------------------


@organisation_view(ReportPerm.VIEW_ORDERS)
def order_list(request: HttpRequest, access) -> HttpResponse:
    years = selectors.order_years(access.organisation)
    filters = OrderFilterForm(request.GET or None, years=years)
    params = filters.cleaned_data if filters.is_valid() else {}
    orders = selectors.orders_for(
        access, year=params.get("year"), kind=params.get("kind", ""), status=params.get("status", "")
    )
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/order_list.html",
        {
            "access": access,
            "organisation": access.organisation,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "can_manage": access.has(ReportPerm.MANAGE_ORDERS),
            "can_register": access.has(ReportPerm.MANAGE_REGISTER),
        },
    )


@organisation_view(ReportPerm.MANAGE_ORDERS)
@require_http_methods(["GET", "POST"])
def order_create(request: HttpRequest, access) -> HttpResponse:
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in Order.Kind.values else {}
    # «Приказ об утверждении» from the roadmap page, «Приказ о проведении» from an event's page.
    for name in ("roadmap", "event"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    form = OrderCreateForm(request.POST or None, organisation=access.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_create(
                organisation=access.organisation,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                pair_ids=[pair.pk for pair in form.cleaned_data["pairs"]],
                cancel_ids=[item.pk for item in form.cleaned_data["cancels"]],
                **_object_ids(form.cleaned_data),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Проект приказа подготовлен. Проверьте текст и передайте директору на подпись.")
            )
            return redirect("reports:order", access.organisation.slug, order.pk)
    return render(
        request,
        "reports/order_create.html",
        {"access": access, "organisation": access.organisation, "form": form},
    )


def _object_ids(data: dict) -> dict:
    """The roadmap, plans and event an order form chose, as the service takes them."""
    return {
        "plan_ids": [plan.pk for plan in data.get("plans") or []],
        "roadmap_id": data["roadmap"].pk if data.get("roadmap") else None,
        "event_id": data["event"].pk if data.get("event") else None,
    }


def _order_or_404(access, order_id: int) -> Order:
    order = selectors.order_get(access, order_id)
    if order is None:
        raise Http404(_("Приказ не найден"))
    return order


@organisation_view(ReportPerm.VIEW_ORDERS)
def order_detail(request: HttpRequest, access, order_id: int) -> HttpResponse:
    order = _order_or_404(access, order_id)
    context = selectors.order_document_context(order)
    history = []
    if access.has(ReportPerm.DRAFTS):
        history = access.organisation.audit_entries.filter(
            target_type=ContentType.objects.get_for_model(Order), target_id=order.pk
        ).select_related("actor", "actor__person")
    return render(
        request,
        "reports/order_detail.html",
        {
            "access": access,
            "organisation": access.organisation,
            "order": order,
            "pairs": context["pairs"],
            "appendix_roadmap": context["appendix_roadmap"],
            "roadmap_table": context.get("roadmap_table"),
            "appendix_plans": context["appendix_plans"],
            "appendix_event": context["appendix_event"],
            "history": history,
            "can_edit": order.is_draft and access.has(ReportPerm.MANAGE_ORDERS),
            "can_sign": order.is_draft and Role.DIRECTOR in access.own_roles,
            "cancelled_orders": order.cancelled_orders.all() if not order.is_draft else [],
        },
    )


@organisation_view(ReportPerm.MANAGE_ORDERS)
@require_http_methods(["GET", "POST"])
def order_edit(request: HttpRequest, access, order_id: int) -> HttpResponse:
    order = _order_or_404(access, order_id)
    if not order.is_draft:
        messages.error(
            request, _("Подписанный приказ изменить нельзя: его можно только отменить новым приказом.")
        )
        return redirect("reports:order", access.organisation.slug, order.pk)
    form = OrderEditForm(request.POST or None, order=order)
    if request.method == "POST" and form.is_valid():
        try:
            services.order_update(
                organisation=access.organisation,
                order_id=order.pk,
                actor=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                pair_ids=[pair.pk for pair in form.cleaned_data.get("pairs", [])],
                cancel_ids=[item.pk for item in form.cleaned_data["cancels"]],
                **_object_ids(form.cleaned_data),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Проект приказа сохранён."))
            return redirect("reports:order", access.organisation.slug, order.pk)
    return render(
        request,
        "reports/order_edit.html",
        {"access": access, "organisation": access.organisation, "order": order, "form": form},
    )


@organisation_view(ReportPerm.SIGN_ORDERS)
@require_POST
def order_sign(request: HttpRequest, access, order_id: int) -> HttpResponse:
    order = _order_or_404(access, order_id)
    try:
        order = services.order_sign(organisation=access.organisation, order_id=order.pk, actor=request.user)
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, _("Приказ не подписан: %(reason)s") % {"reason": _messages_of(error)})
    else:
        messages.success(
            request,
            _("Приказ подписан: от %(date)s № %(number)s. PDF сохранён и больше не изменится.")
            % {"date": order.signed_on.strftime("%d.%m.%Y"), "number": order.number},
        )
    return redirect("reports:order", access.organisation.slug, order.pk)


@organisation_view(ReportPerm.VIEW_ORDERS)
def order_pdf(request: HttpRequest, access, order_id: int) -> HttpResponse:
    order = _order_or_404(access, order_id)
    if order.is_draft:
        # A preview of the draft, marked «ПРОЕКТ»; nothing is stored.
        return _pdf_response(services.order_pdf_bytes(order), f"Проект приказа {order.pk}.pdf")
    if not order.pdf:
        raise Http404(_("Файл приказа не найден"))
    response = FileResponse(order.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = _content_disposition(
        f"Приказ № {order.number} от {order.signed_on:%d.%m.%Y}.pdf"
    )
    return response


@organisation_view(ReportPerm.MANAGE_REGISTER)
@require_http_methods(["GET", "POST"])
def register_settings(request: HttpRequest, access) -> HttpResponse:
    register = services.order_register_for(access.organisation)
    counters = list(register.counters.order_by("-year"))
    initial = {"number_format": register.number_format}
    if counters:
        initial.update(year=counters[0].year, last_sequence=counters[0].last_sequence)
    else:
        initial.update(last_sequence=0)
    form = RegisterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.order_register_update(
                organisation=access.organisation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Нумерация приказов сохранена."))
            return redirect("reports:orders", access.organisation.slug)
    return render(
        request,
        "reports/register_settings.html",
        {"access": access, "organisation": access.organisation, "form": form, "counters": counters},
    )


# --- Documents of the registry -----------------------------------------------------------------------------


def _kind_or_404(access, kind_key: str) -> documents.DocumentKind:
    kind = documents.get(kind_key)
    if kind is None:
        raise Http404(_("Такого документа нет"))
    access.require(kind.permission)
    return kind


@organisation_view(ReportPerm.VIEW_DOCUMENTS)
def document_pdf(request: HttpRequest, access, kind_key: str, object_id: int | None = None) -> HttpResponse:
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
        messages.error(request, _messages_of(error))
        return redirect("reports:documents", access.organisation.slug)
    return _pdf_response(data, kind.filename(access.organisation, params))


@organisation_view(ReportPerm.BUILD_DOCUMENTS)
@require_POST
def document_build(request: HttpRequest, access, kind_key: str) -> HttpResponse:
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
        messages.error(request, _messages_of(error))
        return redirect("reports:documents", access.organisation.slug)
    if not created:
        messages.info(request, _("Этот документ уже формируется — показываем его."))
    return redirect("reports:generated", access.organisation.slug, document.pk)


def _generated_or_404(access, document_id: int) -> GeneratedDocument:
    document = selectors.generated_documents_for(access.organisation).filter(pk=document_id).first()
    if document is None:
        raise Http404(_("Документ не найден"))
    return document


@organisation_view(ReportPerm.ALL_DOCUMENTS)
def generated_detail(request: HttpRequest, access, document_id: int) -> HttpResponse:
    document = _generated_or_404(access, document_id)
    template = "reports/generated_status.html" if request.htmx else "reports/generated_detail.html"
    return render(
        request, template, {"access": access, "organisation": access.organisation, "document": document}
    )


@organisation_view(ReportPerm.ALL_DOCUMENTS)
def generated_download(request: HttpRequest, access, document_id: int) -> HttpResponse:
    document = _generated_or_404(access, document_id)
    if document.status != GeneratedDocument.Status.DONE or not document.file:
        raise Http404(_("Документ ещё не готов"))
    kind = documents.get(document.kind)
    name = kind.filename(access.organisation, document.params) if kind else "document.pdf"
    response = FileResponse(document.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = _content_disposition(name)
    return response
