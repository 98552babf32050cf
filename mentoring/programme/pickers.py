"""The people picker: a list of checkboxes that a phone can tick, with groups to tick at once.

`PeoplePicker` renders a `ModelMultipleChoiceField` of people as plain checkboxes (so the form works without
JavaScript and its server-side validation is the field's own), each marked with the groups its person belongs
to: the organisation's roles, the mentor and mentee bases and the open pairs. static/js/app.js adds a search
box, «Выбрать всех», «Снять все» and a button per group on top of that list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.template import loader
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mentoring.models import Organisation
from mentoring.organisations.models import MembershipRole, Role

from .models import MenteeProfile, MentorProfile, Pair


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


class PeoplePicker(forms.widgets.ChoiceWidget):
    """Checkboxes of people with the groups each belongs to (see the module's docstring)."""

    allow_multiple_selected = True
    input_type = "checkbox"
    template_name = "includes/people_picker.html"
    option_template_name = "includes/people_picker_option.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.picker_groups = PickerGroups()

    def use_groups(self, groups: PickerGroups) -> None:
        self.picker_groups = groups

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
        kinds = {"role": _("По роли"), "base": _("По базе"), "pair": _("По паре")}
        rows = []
        for kind, title in kinds.items():
            groups = [group for group in self.picker_groups.groups if group.kind == kind]
            if groups:
                rows.append({"title": title, "groups": groups})
        context["widget"]["group_rows"] = rows
        context["widget"]["count"] = len(context["widget"]["optgroups"])
        return context
