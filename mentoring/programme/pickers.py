"""The people picker: checkboxes a phone can tick, with groups to tick at once, bounded for a large school.

`PeoplePickField` with its `PeoplePicker` renders the chosen people and at most `PICKER_LIMIT` others that the
picker's search box finds (`selectors.people_found`, the preferences page's search) as plain checkboxes, so a
school of thousands does not send thousands of them; each is marked with the groups its person belongs to (the
organisation's roles, the mentor and mentee bases, the open pairs). A group is a checkbox of its own, sent as
`group:<key>` in the same field and expanded to its people on submit. Without JavaScript «Найти» sends the
form with `find` and the view renders it again unsaved (as the preferences page does); static/js/app.js
searches in place (htmx re-renders the list) and adds «Выбрать всех», «Снять все».
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIteratorValue
from django.http import QueryDict
from django.template import loader
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mentoring.models import Organisation, Person
from mentoring.organisations.models import MembershipRole, Role

from . import selectors
from .models import MenteeProfile, MentorProfile, Pair

# The people a picker (or a drop-down of the preferences page) shows besides those already chosen.
PICKER_LIMIT = 50
GROUP_PREFIX = "group:"
GROUPS_SHOWN = 12


@dataclass(frozen=True)
class PickerGroup:
    key: str
    label: str
    kind: str  # "role", "base" or "pair": the picker shows each kind on a line of its own


@dataclass
class PickerGroups:
    groups: list[PickerGroup] = field(default_factory=list)
    # person id → the keys of the groups the person is in
    members: dict[int, list[str]] = field(default_factory=dict)

    def people_of(self, keys: set[str]) -> set[int]:
        return {person_id for person_id, groups in self.members.items() if keys.intersection(groups)}


def people_groups(organisation: Organisation) -> PickerGroups:
    """The groups a picker of the organisation's people offers, each with at least one member."""
    members: dict[int, list[str]] = defaultdict(list)
    groups: list[PickerGroup] = []

    role_people: dict[str, set[int]] = defaultdict(set)
    for person_id, role in MembershipRole.objects.filter(membership__organisation=organisation).values_list(
        "membership__person_id", "role"
    ):
        role_people[role].add(person_id)
    for role in Role:
        if role_people.get(role.value):
            key = f"role-{role.value}"
            groups.append(PickerGroup(key, str(role.label), "role"))
            for person_id in role_people[role.value]:
                members[person_id].append(key)

    mentors = set(
        MentorProfile.objects.filter(organisation=organisation)
        .exclude(status=MentorProfile.Status.ARCHIVED)
        .values_list("person_id", flat=True)
    )
    mentees = set(MenteeProfile.objects.filter(organisation=organisation).values_list("person_id", flat=True))
    for key, label, people in (
        ("mentors", _("Наставники"), mentors),
        ("mentees", _("Наставляемые"), mentees),
    ):
        if people:
            groups.append(PickerGroup(key, label, "base"))
            for person_id in people:
                members[person_id].append(key)

    pairs = (
        Pair.objects.open()
        .filter(organisation=organisation)
        .select_related("mentor")
        .prefetch_related("mentees")
        .order_by("mentor__last_name", "pk")
    )
    for pair in pairs:
        key = f"pair-{pair.pk}"
        people_in = [pair.mentor, *pair.mentees.all()]
        mentee_names = ", ".join(person.short_name for person in people_in[1:])
        groups.append(PickerGroup(key, f"{pair.mentor.short_name} — {mentee_names}", "pair"))
        for person in people_in:
            members[person.pk].append(key)
    return PickerGroups(groups=groups, members=dict(members))


def picker_initial(data: QueryDict, *, multiple: tuple[str, ...]) -> dict[str, Any]:
    """A form's values as sent (a search of its picker, «Найти»), as the initial values of an unbound form:
    the page comes back with what was typed and chosen, unsaved and without errors."""
    initial: dict[str, Any] = {key: data.get(key, "")[:5000] for key in data if key != "csrfmiddlewaretoken"}
    for name in multiple:
        initial[name] = data.getlist(name)[:5000]
    return initial


def picker_search(form: forms.BaseForm, name: str) -> object:
    """What the picker `name` of `form` was asked to search for."""
    source = form.data if form.is_bound else form.initial
    return source.get(f"{name}_q", "")


def _split(value: Any) -> tuple[list[int], set[str]]:
    values = [str(item) for item in (value or [])]
    ids = [int(item) for item in values if item.isdigit()]
    keys = {item.removeprefix(GROUP_PREFIX) for item in values if item.startswith(GROUP_PREFIX)}
    return ids, keys


class PeoplePicker(forms.widgets.ChoiceWidget):
    """The chosen people and at most `PICKER_LIMIT` found, with the groups of each (see the module)."""

    allow_multiple_selected = True
    input_type = "checkbox"
    template_name = "includes/people_picker.html"
    option_template_name = "includes/people_picker_option.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.picker_groups = PickerGroups()
        self.people: QuerySet[Person] = Person.objects.none()
        self.search = ""
        self.search_url = ""

    def use_groups(self, groups: PickerGroups) -> None:
        self.picker_groups = groups

    def use_people(self, people: QuerySet[Person], *, search: object, search_url: str = "") -> None:
        self.people = people
        self.search = str(search or "").strip()[:200]
        self.search_url = search_url

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> SafeString:
        # The project's templates/ (where the picker's templates live) rather than the form renderer's own
        # engine, which reads only Django's and the apps' form templates.
        return mark_safe(loader.render_to_string(template_name, context))  # noqa: S308 — escaped by the template

    def use_required_attribute(self, initial: Any) -> bool:
        return False

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        # Like CheckboxSelectMultiple: a form without any ticked box still sends «nobody».
        return False

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        # The field's own label is the fieldset's legend, not the label of the first checkbox.
        return "" if index is None else f"{id_}_{index}"

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> list[Any]:
        # The chosen first (they must survive a search and a form's error), then the first found of the
        # others; whoever is in a chosen group is shown ticked.
        ids, keys = _split(value)
        chosen = list(self.people.filter(pk__in=ids).order_by("last_name", "first_name", "pk"))
        found = selectors.people_found(self.people.exclude(pk__in=ids), self.search, limit=PICKER_LIMIT)
        self.cut = len(found) > PICKER_LIMIT
        self.found_none = bool(self.search) and not found
        ticked = {str(pk) for pk in ids} | {str(pk) for pk in self.picker_groups.people_of(keys)}
        options = []
        for index, person in enumerate([*chosen, *found[:PICKER_LIMIT]]):
            option_value = ModelChoiceIteratorValue(person.pk, person)
            selected = str(person.pk) in ticked
            options.append(
                (
                    None,
                    [self.create_option(name, option_value, str(person), selected, index, attrs=attrs)],
                    index,
                )
            )
        return options

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        key = getattr(value, "value", value)
        try:
            person_id = int(key)
        except (TypeError, ValueError):
            person_id = 0
        option["groups"] = " ".join(self.picker_groups.members.get(person_id, []))
        instance = getattr(value, "instance", None)
        position = getattr(instance, "position", "") or ""
        option["position"] = position
        option["search"] = f"{label} {position}".lower()
        return option

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        _ids, keys = _split(value)
        kinds = {"role": _("По роли"), "base": _("По базе"), "pair": _("По паре")}
        words = self.search.lower().split()
        rows = []
        for kind, title in kinds.items():
            groups = [group for group in self.picker_groups.groups if group.kind == kind]
            if not groups:
                continue
            # Hundreds of pairs in a large school: the ticked ones and a dozen of those the search matches.
            matching = groups
            if len(groups) > GROUPS_SHOWN:
                matching = [group for group in groups if all(word in group.label.lower() for word in words)]
            ticked = keys & {group.key for group in groups}
            shown = {group.key for group in matching[:GROUPS_SHOWN]} | ticked
            rows.append(
                {
                    "title": title,
                    "groups": [
                        {"key": group.key, "label": group.label, "checked": group.key in keys}
                        for group in groups
                        if group.key in shown
                    ],
                    "more": len([group for group in matching if group.key not in shown]),
                }
            )
        widget = context["widget"]
        widget.update(
            group_rows=rows,
            group_prefix=GROUP_PREFIX,
            count=len(widget["optgroups"]),
            total=self.people.count(),
            search=self.search,
            search_name=f"{name}_q",
            search_url=self.search_url,
            cut=self.cut,
            found_none=self.found_none,
            limit=PICKER_LIMIT,
        )
        return context


class PeoplePickField(forms.ModelMultipleChoiceField):
    """People ticked one by one or by group (`group:<key>`, expanded here to those of its people the field
    may take): the queryset and the groups both start from the organisation, whatever ids a request forges."""

    widget = PeoplePicker

    def setup(
        self,
        *,
        people: QuerySet[Person],
        groups: PickerGroups | None,
        search: object,
        search_url: str = "",
    ) -> None:
        self.queryset = people
        widget = cast(PeoplePicker, self.widget)
        widget.use_people(people, search=search, search_url=search_url)
        if groups is not None:
            widget.use_groups(groups)

    def clean(self, value: Any) -> Any:
        values = [str(item) for item in (value or [])]
        keys = {item.removeprefix(GROUP_PREFIX) for item in values if item.startswith(GROUP_PREFIX)}
        picked = [item for item in values if not item.startswith(GROUP_PREFIX)]
        groups = cast(PeoplePicker, self.widget).picker_groups
        known = {group.key for group in groups.groups}
        if keys - known:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": sorted(keys - known)[0]},
            )
        people = super().clean(picked)
        if not keys:
            return people
        # Only those of the group the field may take (an event's picker leaves out the invited already).
        queryset = cast(QuerySet[Person], self.queryset)
        members = queryset.filter(pk__in=groups.people_of(keys)).values_list("pk", flat=True)
        return queryset.filter(pk__in={*people.values_list("pk", flat=True), *members})
