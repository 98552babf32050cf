from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.downloads import DOCX, PDF, download
from common.http import HtmxHttpRequest
from common.messages import error_text
from mentoring.models import AuditEntry
from mentoring.organisations.access import OrganisationAccess, organisation_view
from reports import permissions
from reports.models import Order
from reports.orders import selectors, services
from reports.orders.documents import OrderDocument
from reports.orders.forms import OrderCreateForm, OrderEditForm, OrderFilterForm, RegisterForm
from reports.permissions import ReportPerm

PAGE_SIZE = 50


@organisation_view(ReportPerm.VIEW_ORDERS)
@require_safe
def order_list(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
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
        "reports/orders/list.html",
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
def order_create(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    initial: dict[str, object] = (
        {"kind": request.GET.get("kind")} if request.GET.get("kind") in Order.Kind.values else {}
    )
    # «Приказ об утверждении» from the roadmap page, «Приказ о проведении» from an event's page.
    for name in ("roadmap", "event"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    # «Подготовить приказ» from the page of a pair whose people changed after its order: that pair ticked,
    # if it is one the order may fix (any other id, or another organisation's, is ignored).
    if request.GET.get("pair", "").isdigit():
        pair_id = int(request.GET["pair"])
        if selectors.proposed_pairs(access.organisation).filter(pk=pair_id).exists():
            initial |= {"kind": Order.Kind.PAIRS, "pairs": [pair_id]}
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
        "reports/orders/create.html",
        {"access": access, "organisation": access.organisation, "form": form},
    )


def _object_ids(data: dict[str, Any]) -> dict[str, Any]:
    """The roadmap, plans and event an order form chose, as the service takes them."""
    return {
        "plan_ids": [plan.pk for plan in data.get("plans") or []],
        "roadmap_id": data["roadmap"].pk if data.get("roadmap") else None,
        "event_id": data["event"].pk if data.get("event") else None,
    }


@organisation_view(ReportPerm.VIEW_ORDERS)
@require_safe
def order_detail(request: HtmxHttpRequest, access: OrganisationAccess, order_id: int) -> HttpResponse:
    order = get_object_or_404(selectors.orders_with_details(access), pk=order_id)
    can_sign = permissions.can_sign_order(access, order)
    if request.htmx:
        # The signed PDF's progress, asked for every second while the worker lays it out.
        return render(
            request,
            "reports/orders/_pdf_status.html",
            {
                "organisation": access.organisation,
                "order": order,
                "can_retry_pdf": access.has(ReportPerm.SIGN_ORDERS),
            },
        )
    # The appendix's pairs a page at a time: an order can assign hundreds.
    page = Paginator(selectors.order_pairs_queryset(order), PAGE_SIZE).get_page(request.GET.get("page"))
    pairs = OrderDocument.with_labour_basis(access.organisation, list(page.object_list))
    history: QuerySet[AuditEntry] | list[AuditEntry] = []
    if access.has(ReportPerm.DRAFTS):
        history = access.organisation.audit_entries.filter(
            target_type=ContentType.objects.get_for_model(Order), target_id=order.pk
        ).select_related("actor", "actor__person")
    return render(
        request,
        "reports/orders/detail.html",
        {
            "access": access,
            "organisation": access.organisation,
            "order": order,
            "pairs": pairs,
            "page": page,
            **OrderDocument.appendix_context(order),
            "history": history,
            "can_edit": permissions.can_edit_order(access, order),
            "can_sign": can_sign,
            "can_retry_pdf": access.has(ReportPerm.SIGN_ORDERS),
            "cancelled_orders": order.cancelled_orders.all() if not order.is_draft else [],
        },
    )


@organisation_view(ReportPerm.MANAGE_ORDERS)
@require_http_methods(["GET", "POST"])
def order_edit(request: HttpRequest, access: OrganisationAccess, order_id: int) -> HttpResponse:
    order = get_object_or_404(selectors.orders_with_details(access), pk=order_id)
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
        "reports/orders/edit.html",
        {"access": access, "organisation": access.organisation, "order": order, "form": form},
    )


@organisation_view(ReportPerm.SIGN_ORDERS)
@require_POST
def order_sign(request: HttpRequest, access: OrganisationAccess, order_id: int) -> HttpResponse:
    order = get_object_or_404(selectors.orders_with_details(access), pk=order_id)
    try:
        order = services.order_sign(organisation=access.organisation, order_id=order.pk, actor=request.user)
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, _("Приказ не подписан: %(reason)s") % {"reason": error_text(error)})
    else:
        # A signed order has its date (a check constraint of the model).
        values = {"date": f"{order.signed_on:%d.%m.%Y}", "number": order.number}
        if order.pdf:
            messages.success(
                request,
                _("Приказ подписан: от %(date)s № %(number)s. PDF сохранён и больше не изменится.") % values,
            )
        else:
            messages.success(
                request,
                _(
                    "Приказ подписан: от %(date)s № %(number)s. PDF формируется — через несколько секунд он "
                    "появится на этой странице и больше не изменится."
                )
                % values,
            )
    return redirect("reports:order", access.organisation.slug, order.pk)


@organisation_view(ReportPerm.SIGN_ORDERS)
@require_POST
def order_pdf_retry(request: HttpRequest, access: OrganisationAccess, order_id: int) -> HttpResponse:
    order = get_object_or_404(selectors.orders_with_details(access), pk=order_id)
    if not order.pdf_error:
        # Stored already, or still being laid out: nothing to start again (a second click lands here too).
        return redirect("reports:order", access.organisation.slug, order.pk)
    try:
        services.order_pdf_retry(organisation=access.organisation, order_id=order.pk, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.info(request, _("PDF приказа формируется заново."))
    return redirect("reports:order", access.organisation.slug, order.pk)


@organisation_view(ReportPerm.VIEW_ORDERS)
@require_safe
def order_pdf(request: HttpRequest, access: OrganisationAccess, order_id: int) -> HttpResponseBase:
    order = get_object_or_404(selectors.orders_with_details(access), pk=order_id)
    params = {"order": order.pk}
    filename = OrderDocument.filename(access.organisation, params)
    if order.is_draft:
        # A preview of the draft, marked «ПРОЕКТ»; nothing is stored.
        return download(
            OrderDocument.render_pdf(access.organisation, params), filename=filename, content_type=PDF
        )
    if not order.pdf:
        if order.pdf_pending:
            messages.info(request, _("PDF приказа ещё формируется: скачайте его через несколько секунд."))
            return redirect("reports:order", access.organisation.slug, order.pk)
        raise Http404(_("Файл приказа не найден"))
    return download(order.pdf.open("rb"), filename=filename, content_type=PDF)


@organisation_view(ReportPerm.VIEW_ORDERS)
@require_safe
def order_docx(request: HttpRequest, access: OrganisationAccess, order_id: int) -> HttpResponseBase:
    """The Word copy of an order: a draft's as it stands; a signed order's from its frozen row (title, text,
    number, date, signer), headed «Копия» — the signed PDF stays the record."""
    order = get_object_or_404(selectors.orders_with_details(access), pk=order_id)
    params = {"order": order.pk}
    data = OrderDocument.render_docx(access.organisation, params, copy_note=OrderDocument.copy_note(order))
    return download(
        data, filename=OrderDocument.docx_filename(access.organisation, params), content_type=DOCX
    )


@organisation_view(ReportPerm.MANAGE_REGISTER)
@require_http_methods(["GET", "POST"])
def register_settings(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    register = services.order_register_for(access.organisation)
    counters = list(register.counters.order_by("-year"))
    initial: dict[str, object] = {"number_format": register.number_format}
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
        "reports/orders/register_settings.html",
        {"access": access, "organisation": access.organisation, "form": form, "counters": counters},
    )
