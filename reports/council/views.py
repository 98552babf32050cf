"""The minutes page of a pedagogical council: filled by those who manage the events, read by the staff who
see the programme's documents."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentoring.models import Role
from mentoring.organisations.access import OrganisationAccess, organisation_view
from mentoring.organisations.selectors import people_with_role
from reports.council import selectors, services
from reports.council.forms import (
    ITEMS_PREFIX,
    BaseItemsFormSet,
    ItemsFormSet,
    MinutesForm,
    item_initial,
    rows_from,
)
from reports.council.models import CouncilMinutes
from reports.permissions import ReportPerm
from roadmap.permissions import RoadmapPerm
from roadmap.selectors import members_of

# Up to this many present are named in the minutes themselves; more are listed in the appendix.
NAMED_IN_MINUTES = 15


def _initial(access: OrganisationAccess, event, minutes: CouncilMinutes | None, present: int) -> dict:
    if minutes is not None:
        return {
            "number": minutes.number,
            "held_on": minutes.held_on,
            "chair": minutes.chair_id,
            "secretary": minutes.secretary_id,
            "attendance_list": minutes.attendance_list,
        }
    director = people_with_role(access.organisation, Role.DIRECTOR).order_by("last_name", "pk").first()
    return {
        "number": selectors.next_minutes_number(access.organisation, event),
        "held_on": timezone.localtime(event.starts_at).date(),
        "chair": director.pk if director else None,
        "attendance_list": CouncilMinutes.AttendanceList.BY_NAME
        if present <= NAMED_IN_MINUTES
        else CouncilMinutes.AttendanceList.APPENDIX,
    }


@organisation_view(ReportPerm.ALL_DOCUMENTS)
@require_http_methods(["GET", "POST"])
def council_minutes(request: HttpRequest, access: OrganisationAccess, event_id: int) -> HttpResponse:
    event = get_object_or_404(selectors.council_events(access.organisation), pk=event_id)
    can_manage = access.has(RoadmapPerm.MANAGE)
    minutes = selectors.minutes_of(event)
    presence = selectors.presence_of(event)
    people = members_of(access.organisation)
    form_kwargs = {"people": people}
    if request.method == "POST":
        access.require(RoadmapPerm.MANAGE)
        if "add_item" in request.POST:
            # One more blank row; what was typed is shown again as it was, the rows ticked «Удалить» go.
            form = MinutesForm(initial=request.POST.dict(), people=people)
            items = ItemsFormSet(
                initial=[*rows_from(request.POST), {}], prefix=ITEMS_PREFIX, form_kwargs=form_kwargs
            )
        else:
            form = MinutesForm(request.POST, people=people)
            items = ItemsFormSet(request.POST, prefix=ITEMS_PREFIX, form_kwargs=form_kwargs)
            if form.is_valid() and items.is_valid():
                data = form.cleaned_data
                try:
                    services.council_minutes_save(
                        event=event,
                        actor=request.user,
                        number=data["number"],
                        held_on=data["held_on"],
                        chair=data["chair"],
                        secretary=data["secretary"],
                        attendance_list=data["attendance_list"],
                        items=cast(BaseItemsFormSet, items).agenda(),
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("Протокол сохранён."))
                    return redirect("reports:council_minutes", access.organisation.slug, event.pk)
    else:
        form = MinutesForm(initial=_initial(access, event, minutes, len(presence.present)), people=people)
        rows = item_initial(minutes) if minutes is not None else []
        items = ItemsFormSet(initial=rows or [{}], prefix=ITEMS_PREFIX, form_kwargs=form_kwargs)
    return render(
        request,
        "reports/council/minutes.html",
        {
            "access": access,
            "organisation": access.organisation,
            "event": event,
            "minutes": minutes,
            "presence": presence,
            "form": form,
            "items": items,
            "can_manage": can_manage,
        },
    )
