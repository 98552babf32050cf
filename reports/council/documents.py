"""«Протокол педагогического совета» as a document kind: the PDF and its Word copy, from the minutes filled
on the council's page (`reports.council.views`) and the event's registration sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.models import Organisation
from mentoring.organisations.declension import person_name, position_in_case
from mentoring.organisations.page_actions import PageAction
from reports.council import selectors
from reports.documents.base import Document, ObjectParamsForm, event_day, place_of
from reports.permissions import ReportPerm
from roadmap.models import Event

if TYPE_CHECKING:
    from mentoring.organisations.access import OrganisationAccess


class MinutesParamsForm(ObjectParamsForm):
    """The council event whose minutes are filled; any other event is a 404."""

    param = "event"

    def objects(self, organisation: Organisation):
        return organisation.events.filter(kind=Event.Kind.COUNCIL, council_minutes__isnull=False)


def _speaker(person) -> str:
    """«Кузнецову О.П., заместителя директора по УВР, — »: whom the council heard, in the accusative, and the
    dash before what they reported."""
    if person is None:
        return ""
    # The initials as the rest of the minutes writes them: «Кузнецову О.П.».
    name = person_name(person, "accs", short=True).replace(". ", ".")
    position = position_in_case(person.position, "accs")
    return f"{name}, {position[:1].lower()}{position[1:]}, — " if position else f"{name} — "


def minutes_context(organisation: Organisation, event: Event) -> dict:
    minutes = selectors.minutes_of(event)
    if minutes is None:
        raise LookupError("the council has no minutes")
    presence = selectors.presence_of(event)
    items = list(minutes.items.all())
    return {
        "organisation": organisation,
        "event": event,
        "minutes": minutes,
        "items": [
            {
                "item": item,
                # «СЛУШАЛИ: Кузнецову О. П., учителя …» — the speaker in the accusative, as minutes write it.
                "speaker": _speaker(item.speaker),
            }
            for item in items
        ],
        "present": presence.present,
        "absent": presence.absent,
        "present_names": ", ".join(person.short_name for person in presence.present),
        "absent_names": ", ".join(person.short_name for person in presence.absent),
        "by_name": minutes.attendance_list == minutes.AttendanceList.BY_NAME,
        "place": place_of(organisation),
    }


class CouncilMinutesDocument(Document):
    key = "council-minutes"
    verbose_name = gettext_lazy("Протокол педагогического совета")
    file_title = gettext_lazy("Протокол педагогического совета")
    template = "reports/documents/pdf/council_minutes.html"
    params_form = MinutesParamsForm
    perm = ReportPerm.ALL_DOCUMENTS
    pages = ("event.detail",)

    @classmethod
    def file_detail(cls, organisation: Organisation, params: dict) -> str:
        """«№ 3 от 29.10.2026»."""
        minutes = organisation.council_minutes.filter(event_id=params["event"]).first()
        if minutes is None:
            return event_day(organisation, params["event"])
        return _("№ %(number)s от %(date)s") % {
            "number": minutes.number,
            "date": f"{minutes.held_on:%d.%m.%Y}",
        }

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        event = organisation.events.get(pk=params["event"])
        return minutes_context(organisation, event)

    @classmethod
    def page_actions(cls, access: OrganisationAccess, event: Event) -> list[PageAction]:
        if event.kind != Event.Kind.COUNCIL or not access.has(cls.perm):
            return []
        organisation = access.organisation
        actions = [
            PageAction(
                _("Протокол педсовета"),
                reverse("reports:council_minutes", args=[organisation.slug, event.pk]),
                "journal-check",
                testid="council-minutes",
            )
        ]
        if hasattr(event, "council_minutes"):
            actions += [
                PageAction(
                    _("Протокол (PDF)"),
                    cls.url(organisation, event.pk),
                    "file-earmark-pdf",
                    testid="minutes-pdf",
                ),
                PageAction(
                    _("Протокол (Word)"),
                    cls.docx_url(organisation, event.pk),
                    "file-earmark-word",
                    testid="minutes-docx",
                ),
            ]
        return actions


DOCUMENTS = [CouncilMinutesDocument]
