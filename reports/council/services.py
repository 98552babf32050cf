"""Filling the minutes of a pedagogical council: one service saves the whole minutes (its heading and its
agenda) at once, or nothing. The people it names must be of the organisation; each vote may not count more
people than the registration sheet says were present, and the chair and the secretary are among them."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.models import Person
from mentoring.organisations.services import audit_entry_create
from mentoring.organisations.types import Actor
from reports.council import selectors
from reports.council.models import CouncilMinutes, MinutesItem
from roadmap.models import Attendance, Event


@dataclass(frozen=True)
class AgendaItem:
    """One item of the agenda as the form gives it."""

    title: str
    heard: str
    decided: str
    speaker: Person | None = None
    spoke: str = ""
    votes_for: int = 0
    votes_against: int = 0
    votes_abstained: int = 0

    @property
    def votes_total(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstained


def _check_people(event: Event, people: Sequence[Person | None]) -> None:
    ids = {person.pk for person in people if person is not None}
    if not ids:
        return
    own = set(
        Person.objects.filter(pk__in=ids, memberships__organisation_id=event.organisation_id).values_list(
            "pk", flat=True
        )
    )
    if ids - own:
        raise ValidationError(_("В протоколе можно назвать только людей своей организации."))


def _check_present(event: Event, chair: Person, secretary: Person) -> None:
    """The chair and the secretary took part: the registration sheet marks them present."""
    present = set(
        Attendance.objects.filter(
            event=event, attended=True, person_id__in=[chair.pk, secretary.pk]
        ).values_list("person_id", flat=True)
    )
    for label, person in ((_("Председатель"), chair), (_("Секретарь"), secretary)):
        if person.pk not in present:
            raise ValidationError(
                _(
                    "%(role)s — %(name)s: в листе регистрации нет отметки о присутствии. Отметьте "
                    "присутствующих на странице события."
                )
                % {"role": label, "name": person.short_name}
            )


def _check_votes(items: Sequence[AgendaItem], present: int) -> None:
    errors = []
    for number, item in enumerate(items, start=1):
        if min(item.votes_for, item.votes_against, item.votes_abstained) < 0:
            errors.append(
                _("Пункт %(number)s: число голосов не может быть отрицательным.") % {"number": number}
            )
        elif item.votes_total > present:
            errors.append(
                _(
                    "Пункт %(number)s: проголосовали %(votes)s, а присутствовало по листу регистрации "
                    "%(present)s — голосов не может быть больше, чем присутствующих."
                )
                % {"number": number, "votes": item.votes_total, "present": present}
            )
    if errors:
        raise ValidationError(errors)


def _check_number_free(minutes: CouncilMinutes) -> None:
    """No other minutes of the organisation has this number in the year of the meeting."""
    year = minutes.held_on.year
    taken = selectors.minutes_numbers_taken(minutes.organisation_id, year, besides=minutes.pk)
    if minutes.number in taken:
        raise ValidationError(
            {
                "number": _(
                    "Протокол № %(number)s за %(year)s год уже есть. Следующий свободный номер — %(free)s."
                )
                % {"number": minutes.number, "year": year, "free": selectors.free_minutes_number(taken)}
            }
        )


@transaction.atomic
def council_minutes_save(
    *,
    event: Event,
    actor: Actor,
    number: str,
    held_on: datetime.date | None,
    chair: Person | None,
    secretary: Person | None,
    attendance_list: str = CouncilMinutes.AttendanceList.APPENDIX,
    items: Sequence[AgendaItem],
) -> CouncilMinutes:
    """Create or replace the minutes of a council event: the heading and the whole agenda."""
    if event.kind != Event.Kind.COUNCIL:
        raise ValidationError(_("Протокол ведётся только для педагогического совета."))
    number = (number or "").strip()
    if not number:
        raise ValidationError(_("Укажите номер протокола."))
    if chair is None or secretary is None:
        raise ValidationError(_("Укажите председателя и секретаря педагогического совета."))
    if chair.pk == secretary.pk:
        raise ValidationError(_("Председатель и секретарь — разные люди."))
    if attendance_list not in CouncilMinutes.AttendanceList.values:
        raise ValidationError(_("Выберите, как указать присутствующих."))
    if not items:
        raise ValidationError(_("Добавьте в повестку дня хотя бы один вопрос."))
    for number_in_list, item in enumerate(items, start=1):
        if not (item.title.strip() and item.heard.strip() and item.decided.strip()):
            raise ValidationError(
                _("Пункт %(number)s: заполните вопрос, «Слушали» и «Постановили».")
                % {"number": number_in_list}
            )
    _check_people(event, [chair, secretary, *(item.speaker for item in items)])
    # The registration sheet is read under the lock of the event's row: a vote checked against it stays true.
    Event.objects.select_for_update().filter(pk=event.pk).first()
    _check_present(event, chair, secretary)
    _check_votes(items, selectors.present_count(event))

    minutes = CouncilMinutes.objects.filter(event=event).first()
    created = minutes is None
    if minutes is None:
        minutes = CouncilMinutes(organisation_id=event.organisation_id, event=event)
    minutes.number = number
    minutes.held_on = held_on or timezone.localtime(event.starts_at).date()
    minutes.year = minutes.held_on.year
    minutes.chair = chair
    minutes.secretary = secretary
    minutes.attendance_list = attendance_list
    minutes.full_clean(exclude=["event", "organisation"])
    _check_number_free(minutes)
    try:
        with transaction.atomic():
            minutes.save()
    except IntegrityError:
        # Another council of the year took the number between the check and the save.
        _check_number_free(minutes)
        raise
    minutes.items.all().delete()
    rows = [
        MinutesItem(
            minutes=minutes,
            order=order,
            title=item.title.strip(),
            speaker=item.speaker,
            heard=item.heard.strip(),
            spoke=item.spoke.strip(),
            decided=item.decided.strip(),
            votes_for=item.votes_for,
            votes_against=item.votes_against,
            votes_abstained=item.votes_abstained,
        )
        for order, item in enumerate(items, start=1)
    ]
    for row in rows:
        row.full_clean(exclude=["minutes"])
    MinutesItem.objects.bulk_create(rows)
    audit_entry_create(
        actor=actor,
        organisation=event.organisation,
        action="council_minutes.created" if created else "council_minutes.updated",
        target=minutes,
        changes={
            _("номер"): minutes.number,
            _("дата"): minutes.held_on.strftime("%d.%m.%Y"),
            _("вопросов"): len(rows),
        },
    )
    return minutes
