"""Who a row is: the organisation's people, loaded once into look-ups (no query per row).

The rule, as the preview states it (`RULE`): a row is the person of the organisation with the row's e-mail;
without a matching e-mail, the person with the same surname, name and patronymic and the same birth date
(a person whose birth date is not recorded yet is found by the name alone, when there is one such person);
a row without a birth date finds a person by the name alone when exactly one has it. Anything else that
fits more than one person is a row error, never a guess.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.models import Organisation, Person

RULE = gettext_lazy(
    "Человек ищется среди людей организации по электронной почте, а если её нет или она не совпала — по "
    "фамилии, имени, отчеству и дате рождения (если в строке нет даты рождения — по ФИО, когда такой "
    "человек один)."
)


def name_key(last: str, first: str, patronymic: str) -> tuple[str, str, str]:
    return tuple(part.strip().lower().replace("ё", "е") for part in (last, first, patronymic))  # type: ignore[return-value]


@dataclass
class Match:
    person: Person | None = None
    how: str = ""  # «по электронной почте», «по ФИО и дате рождения», «по ФИО»
    error: str = ""


class Directory:
    """The organisation's people by e-mail and by name (one query). An anonymised person is never matched
    again (152-ФЗ): a row with the same name makes a new person."""

    def __init__(self, organisation: Organisation):
        self.people = list(
            Person.objects.filter(memberships__organisation=organisation, anonymised_at__isnull=True)
            .order_by("pk")
            .distinct()
        )
        self.by_email: dict[str, list[Person]] = defaultdict(list)
        self.by_name: dict[tuple[str, str, str], list[Person]] = defaultdict(list)
        for person in self.people:
            if person.email:
                self.by_email[person.email.lower()].append(person)
            self.by_name[name_key(person.last_name, person.first_name, person.patronymic)].append(person)

    def find(
        self, *, email: str | None, last: str, first: str, patronymic: str, birth: datetime.date | None
    ) -> Match:
        if email:
            found = self.by_email.get(email.lower(), [])
            if len(found) == 1:
                return Match(found[0], _("по электронной почте"))
            if len(found) > 1:
                return Match(
                    error=_(
                        "Адрес %(email)s записан в организации у нескольких человек (%(names)s): исправьте "
                        "почту в списке людей, потом загрузите файл."
                    )
                    % {"email": email, "names": ", ".join(p.full_name for p in found)}
                )
        candidates = self.by_name.get(name_key(last, first, patronymic), [])
        if not candidates:
            return Match()
        full_name = " ".join(part for part in (last, first, patronymic) if part)
        if birth is not None:
            same_birth = [person for person in candidates if person.birth_date == birth]
            if len(same_birth) == 1:
                return Match(same_birth[0], _("по ФИО и дате рождения"))
            undated = [person for person in candidates if person.birth_date is None]
            if not same_birth and len(undated) == 1:
                return Match(undated[0], _("по ФИО (дата рождения в организации не записана)"))
            if len(same_birth) > 1 or len(undated) > 1:
                return Match(error=self._many(full_name))
            return Match()
        if len(candidates) == 1:
            return Match(candidates[0], _("по ФИО"))
        return Match(error=self._many(full_name))

    @staticmethod
    def _many(full_name: str) -> str:
        return _(
            "В организации несколько человек «%(name)s»: укажите в строке дату рождения или электронную "
            "почту, чтобы было понятно, о ком она."
        ) % {"name": full_name}
