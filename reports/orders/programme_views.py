"""Screens of the orders beyond the register: the organisation's own wording of each kind (with a preview
and «вернуть стандартный текст»), and the mentors nominated for rewarding at a final event."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common import dates
from common.messages import error_text
from mentoring.models import Person, Role
from mentoring.organisations.access import OrganisationAccess, organisation_view
from mentoring.organisations.selectors import people_with_role
from reports.models import Order
from reports.orders import services
from reports.orders import texts as order_texts
from reports.orders.forms import NominationForm, WordingForm
from reports.permissions import ReportPerm


def _ctx(access: OrganisationAccess, **extra):
    return {"access": access, "organisation": access.organisation, **extra}


@organisation_view(ReportPerm.MANAGE_ORDERS)
@require_safe
def wording_list(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    own = set(access.organisation.orderwordings.values_list("kind", flat=True))
    kinds = [
        {"kind": kind, "label": Order.Kind(kind).label, "own": kind in own}
        for kind in order_texts.WORDING_KINDS
    ]
    return render(request, "reports/orders/wording_list.html", _ctx(access, kinds=kinds))


@organisation_view(ReportPerm.MANAGE_ORDERS)
@require_http_methods(["GET", "POST"])
def wording_edit(request: HttpRequest, access: OrganisationAccess, kind: str) -> HttpResponse:
    """The wording of one kind: edit, preview with the organisation's data, save, or go back to the
    standard one."""
    if kind not in order_texts.WORDING_KINDS:
        raise Http404(_("Неизвестный вид приказа"))
    organisation = access.organisation
    own = order_texts.own_wording(organisation, kind)
    form = WordingForm(request.POST or None, initial={"text": order_texts.wording_for(organisation, kind)})
    preview = None
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "reset":
            services.order_wording_reset(organisation=organisation, actor=request.user, kind=kind)
            messages.success(request, _("Возвращён стандартный текст приказа."))
            return redirect("reports:wording_edit", organisation.slug, kind)
        if form.is_valid():
            try:
                text = order_texts.check_wording(form.cleaned_data["text"])
                if action == "preview":
                    curators = list(people_with_role(organisation, Role.CURATOR).order_by("last_name", "pk"))
                    preview = order_texts.draft_text(
                        kind=kind,
                        organisation=organisation,
                        today=dates.today(organisation),
                        curators=curators,
                        wording=text,
                    )[1]
                else:
                    services.order_wording_save(
                        organisation=organisation, actor=request.user, kind=kind, text=text
                    )
                    messages.success(request, _("Свой текст приказа сохранён: он будет в новых проектах."))
                    return redirect("reports:wording_edit", organisation.slug, kind)
            except ValidationError as error:
                form.add_error("text", error)
    return render(
        request,
        "reports/orders/wording_edit.html",
        _ctx(
            access,
            form=form,
            kind=kind,
            label=Order.Kind(kind).label,
            own=own,
            preview=preview,
            variables=order_texts.VARIABLES,
        ),
    )


def _nomination_mentors(access: OrganisationAccess):
    return (
        Person.objects.filter(
            mentor_pairs__organisation=access.organisation,
            mentor_pairs__status__in=["approved", "active", "completed"],
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


@organisation_view(ReportPerm.MANAGE_ORDERS)
@require_http_methods(["GET", "POST"])
def nominations(request: HttpRequest, access: OrganisationAccess, event_id: int) -> HttpResponse:
    """The mentors the curator puts forward for rewarding at the final event."""
    event = get_object_or_404(services.nomination_events(access.organisation), pk=event_id)
    form = NominationForm(request.POST or None, mentors=_nomination_mentors(access))
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_create(
                organisation=access.organisation,
                actor=request.user,
                event=event,
                mentor=form.cleaned_data["mentor"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Наставник выдвинут к поощрению."))
            return redirect("reports:nominations", access.organisation.slug, event.pk)
    items = list(
        event.nominations.select_related("mentor").order_by("mentor__last_name", "mentor__first_name")
    )
    orders = list(event.orders.filter(kind=Order.Kind.REWARD).exclude(status=Order.Status.CANCELLED))
    return render(
        request,
        "reports/orders/nominations.html",
        _ctx(access, event=event, form=form, items=items, orders=orders),
    )


@organisation_view(ReportPerm.MANAGE_ORDERS)
@require_POST
def nomination_delete(request: HttpRequest, access: OrganisationAccess, nomination_id: int) -> HttpResponse:
    nomination = get_object_or_404(access.organisation.mentornominations, pk=nomination_id)
    try:
        services.nomination_delete(
            organisation=access.organisation, actor=request.user, nomination_id=nomination.pk
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Выдвижение снято."))
    return redirect("reports:nominations", access.organisation.slug, nomination.event_id)
