"""Queries of the surveys app. Every query starts from the organisation (the tenant); the results and the
wave comparison are returned as plain data, which the reports app can render to PDF as they are."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from mentoring.models import Organisation, Pair, Person, Role
from mentoring.programme import personal_data
from mentoring.programme.selectors import mentees_in_base, mentors_in_base

from . import comparison
from .models import Answer, Invitation, Question, Questionnaire, Response, Section


def questionnaires_for_organisation(organisation: Organisation) -> QuerySet[Questionnaire]:
    return (
        organisation.questionnaires.select_related("previous_wave")
        .annotate(
            invited_count=Count("invitations", distinct=True),
            answered_count=Count("invitations", filter=Q(invitations__answered=True), distinct=True),
            question_count=Count("questions", distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def questionnaires_with_details(organisation: Organisation) -> QuerySet[Questionnaire]:
    """The questionnaires as their pages show them; a view takes one with `get_object_or_404(…, pk=…)`."""
    return organisation.questionnaires.select_related("mentoring_form", "previous_wave", "created_by")


def sections_with_questions(questionnaire: Questionnaire) -> list[Section]:
    return list(
        questionnaire.sections.prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("order", "id"))
        ).order_by("order", "id")
    )


def questions_in_order(questionnaire: Questionnaire) -> list[Question]:
    return list(
        questionnaire.questions.select_related("section").order_by(
            "section__order", "section_id", "order", "id"
        )
    )


def pair_links(organisation: Organisation) -> tuple[dict[int, list[Pair]], list[Pair]]:
    """{person id: their live pairs (as mentor or mentee)}, and the live pairs of the organisation."""
    pairs = list(
        organisation.pairs.live()
        .select_related("mentor", "form")
        .prefetch_related("mentees")
        .order_by("mentor__last_name", "id")
    )
    by_person: dict[int, list[Pair]] = defaultdict(list)
    for pair in pairs:
        by_person[pair.mentor_id].append(pair)
        for mentee in pair.mentees.all():
            by_person[mentee.pk].append(pair)
    return by_person, pairs


def programme_roles(organisation: Organisation) -> dict[int, str]:
    """{person id: "mentor" or "mentee"} from the bases and the pairs; a mentor who is also a mentee counts
    as a mentor."""
    roles: dict[int, str] = {}
    mentee_ids = set(mentees_in_base(organisation).values_list("pk", flat=True)) | set(
        organisation.pairs.live().values_list("pair_mentees__mentee_id", flat=True)
    )
    mentor_ids = set(mentors_in_base(organisation).values_list("pk", flat=True)) | set(
        organisation.pairs.live().values_list("mentor_id", flat=True)
    )
    for person_id in mentee_ids - {None}:
        roles[person_id] = Invitation.Role.MENTEE
    for person_id in mentor_ids - {None}:
        roles[person_id] = Invitation.Role.MENTOR
    return roles


def audience_people(questionnaire: Questionnaire) -> QuerySet[Person]:
    organisation = questionnaire.organisation
    audience = Questionnaire.Audience
    # 152-ФЗ: nobody who withdrew consent (or was anonymised) is invited.
    members = personal_data.processable(
        Person.objects.filter(memberships__organisation=organisation), organisation
    )
    ids: Any  # a subquery of primary keys, or the keys themselves
    if questionnaire.audience == audience.MENTORS:
        ids = mentors_in_base(organisation).values("pk")
    elif questionnaire.audience == audience.MENTEES:
        ids = mentees_in_base(organisation).values("pk")
    elif questionnaire.audience == audience.ALL_PARTICIPANTS:
        ids = list(programme_roles(organisation))
    elif questionnaire.audience == audience.CHOSEN_PEOPLE:
        ids = questionnaire.chosen_people.values("pk")
    else:
        pairs = organisation.pairs.live().filter(form=questionnaire.mentoring_form_id)
        ids = set(pairs.values_list("mentor_id", flat=True)) | set(
            pairs.values_list("pair_mentees__mentee_id", flat=True)
        )
        ids = [pk for pk in ids if pk is not None]
    return members.filter(pk__in=ids).distinct().order_by("last_name", "first_name", "patronymic")


def chooses_mentees(organisation: Organisation, question: Question, respondent: Person | None) -> bool:
    """A mentor answering «whom would you choose» among the mentors chooses whom they would like to mentor
    instead: the mentees of the base (the matching counts a choice made by both as mutual)."""
    if respondent is None or question.people_source != Question.PeopleSource.MENTORS:
        return False
    return (
        mentors_in_base(organisation).filter(pk=respondent.pk).exists()
        and not mentees_in_base(organisation).filter(pk=respondent.pk).exists()
    )


def people_to_choose(
    organisation: Organisation, question: Question, *, exclude: Person | None = None
) -> list[Person]:
    if question.people_source == Question.PeopleSource.MENTEES or chooses_mentees(
        organisation, question, exclude
    ):
        people = mentees_in_base(organisation)
    elif question.people_source == Question.PeopleSource.STAFF:
        people = Person.objects.filter(
            memberships__organisation=organisation, memberships__roles__role=Role.TEACHER
        ).distinct()
    else:
        people = mentors_in_base(organisation)
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    return list(people.order_by("last_name", "first_name", "patronymic"))


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 64:
        return None
    return (
        Invitation.objects.select_related("questionnaire", "questionnaire__organisation", "person")
        .filter(token=token)
        .first()
    )


def invitations_for_person(organisation: Organisation, person: Person) -> QuerySet[Invitation]:
    """A participant's own invitations of one organisation, open and closed; drafts excluded."""
    return (
        Invitation.objects.filter(questionnaire__organisation=organisation, person=person)
        .exclude(questionnaire__status=Questionnaire.Status.DRAFT)
        .select_related("questionnaire")
        .order_by("answered", "questionnaire__closes_on", "-questionnaire__created_at")
    )


def invitations_for_questionnaire(questionnaire: Questionnaire) -> QuerySet[Invitation]:
    return questionnaire.invitations.select_related("person").order_by(
        "person__last_name", "person__first_name", "person__patronymic", "id"
    )


def response_for_invitation(invitation: Invitation) -> Response | None:
    return Response.objects.filter(invitation=invitation).prefetch_related("answers").first()


def _filtered_responses(
    questionnaire: Questionnaire, *, role: str = "", form_id: int | None = None, pair_id: int | None = None
) -> QuerySet[Response]:
    responses = (
        questionnaire.responses.filter(submitted_at__isnull=False)
        if not questionnaire.is_anonymous
        else questionnaire.responses.all()
    )
    if role:
        responses = responses.filter(respondent_role=role)
    if not questionnaire.is_anonymous and (form_id or pair_id):
        pairs = questionnaire.organisation.pairs.live()
        if form_id:
            pairs = pairs.filter(form_id=form_id)
        if pair_id:
            pairs = pairs.filter(pk=pair_id)
        people = set(pairs.values_list("mentor_id", flat=True)) | set(
            pairs.values_list("pair_mentees__mentee_id", flat=True)
        )
        responses = responses.filter(respondent_id__in=[pk for pk in people if pk is not None])
    return responses


def questionnaire_results(
    questionnaire: Questionnaire, *, role: str = "", form_id: int | None = None, pair_id: int | None = None
) -> dict[str, Any]:
    """Response rate and, per question, counts, shares, averages and text answers, as plain data."""
    questions = questions_in_order(questionnaire)
    responses = _filtered_responses(questionnaire, role=role, form_id=form_id, pair_id=pair_id)
    response_ids = list(responses.values_list("pk", flat=True))
    answers_by_question: dict[int, list[Any]] = defaultdict(list)
    for question_id, value in Answer.objects.filter(response_id__in=response_ids).values_list(
        "question_id", "value"
    ):
        answers_by_question[question_id].append(value)
    invited = questionnaire.invitations.count()
    answered = questionnaire.invitations.filter(answered=True).count()
    people_names: dict[int, str] = {}
    people_ids = {
        person_id
        for question in questions
        if question.type == Question.Type.PEOPLE
        for value in answers_by_question[question.pk]
        for person_id in value
    }
    if people_ids:
        people_names = {person.pk: person.short_name for person in Person.objects.filter(pk__in=people_ids)}
    total = len(response_ids)
    return {
        "invited": invited,
        "answered": answered,
        "rate": round(100 * answered / invited) if invited else None,
        "responses": total,
        "questions": [
            _question_summary(question, answers_by_question[question.pk], people_names)
            for question in questions
        ],
    }


def _share(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def _question_summary(question: Question, values: list[Any], people_names: dict[int, str]) -> dict[str, Any]:
    kind = Question.Type
    summary: dict[str, Any] = {
        "code": question.code,
        "text": question.text,
        "type": question.type,
        "type_label": question.get_type_display(),
        "section": question.section.title,
        "n": len(values),
        "question": question,
    }
    if question.type in {kind.SINGLE, kind.MULTIPLE}:
        counter: Counter[Any] = Counter()
        for value in values:
            counter.update([value] if question.type == kind.SINGLE else value)
        summary["options"] = [
            {"label": option, "count": counter[option], "share": _share(counter[option], len(values))}
            for option in question.options
        ]
        if question.is_numeric:
            numbers = [comparison.numeric_values(question, value)[question.code] for value in values]
            summary["mean"] = round(sum(numbers) / len(numbers), 2) if numbers else None
    elif question.type in {kind.SCALE, kind.NUMBER}:
        numbers = [float(value) for value in values]
        summary["mean"] = round(sum(numbers) / len(numbers), 2) if numbers else None
        summary["min"] = min(numbers) if numbers else None
        summary["max"] = max(numbers) if numbers else None
        if question.type == kind.SCALE:
            counter = Counter(values)
            summary["distribution"] = [(point, counter[point]) for point in question.scale_values]
    elif question.type == kind.MATRIX:
        rows = []
        for index, statement in enumerate(question.statements):
            numbers = [value[index] for value in values if index < len(value) and value[index] is not None]
            rows.append(
                {
                    "statement": statement,
                    "n": len(numbers),
                    "mean": round(sum(numbers) / len(numbers), 2) if numbers else None,
                }
            )
        summary["rows"] = rows
    elif question.type == kind.PEOPLE:
        first_choice: Counter[Any] = Counter()
        mentioned: Counter[Any] = Counter()
        for value in values:
            if value:
                first_choice[value[0]] += 1
            mentioned.update(value)
        summary["people"] = [
            {"name": people_names.get(person_id, "—"), "first": first_choice[person_id], "mentioned": count}
            for person_id, count in sorted(
                mentioned.items(), key=lambda item: (-first_choice[item[0]], -item[1])
            )
        ]
    elif question.type == kind.DATE:
        summary["texts"] = sorted(values)
    else:
        summary["texts"] = [value for value in values if value]
    return summary


def filter_choices(questionnaire: Questionnaire) -> dict[str, Any]:
    """Forms and pairs that can filter the results (named questionnaires only)."""
    if questionnaire.is_anonymous:
        return {"forms": [], "pairs": []}
    _by_person, pairs = pair_links(questionnaire.organisation)
    forms = {pair.form_id: pair.form for pair in pairs}
    return {"forms": sorted(forms.values(), key=lambda form: (form.order, form.name)), "pairs": pairs}


def _respondents(
    questionnaire: Questionnaire, questions: list[Question], roles: dict[int, str]
) -> list[comparison.Respondent]:
    by_person, _pairs = pair_links(questionnaire.organisation) if not questionnaire.is_anonymous else ({}, [])
    responses = list(questionnaire.responses.select_related("respondent").prefetch_related("answers"))
    by_id = {question.pk: question for question in questions}
    result = []
    for response in responses:
        values: dict[str, float] = {}
        key: int | str
        groups: tuple[str, ...]
        for answer in response.answers.all():
            question = by_id.get(answer.question_id)
            if question is not None:
                values.update(comparison.numeric_values(question, answer.value))
        if questionnaire.is_anonymous or response.respondent_id is None:
            key, name, groups = f"r{response.pk}", "", (response.respondent_role,)
        else:
            pairs = by_person.get(response.respondent_id, [])
            key = response.respondent_id
            name = response.respondent.full_name if response.respondent else ""
            groups = (
                response.respondent_role,
                *(f"form:{pair.form_id}" for pair in pairs),
                *(f"pair:{pair.pk}" for pair in pairs),
            )
        result.append(comparison.Respondent(key=key, name=name, groups=groups, values=values))
    return result


def wave_comparison(final: Questionnaire) -> dict[str, Any] | None:
    """Entry vs final wave of one questionnaire, as plain data (see `surveys.comparison.compare`), with the
    titles of both waves; None when the questionnaire is not a final wave."""
    entry = final.previous_wave
    if entry is None:
        return None
    final_questions = questions_in_order(final)
    entry_questions = questions_in_order(entry)
    entry_codes = {question.code: question for question in entry_questions}
    items = [
        item
        for question in final_questions
        if question.code in entry_codes and entry_codes[question.code].is_numeric
        for item in comparison.numeric_items(question)
    ]
    paired = not (final.is_anonymous or entry.is_anonymous)
    roles: dict[int, str] = {}
    group_labels: dict[str, str] = {
        Invitation.Role.MENTOR: str(_("Наставники")),
        Invitation.Role.MENTEE: str(_("Наставляемые")),
    }
    if paired:
        _by_person, pairs = pair_links(final.organisation)
        for pair in pairs:
            group_labels[f"form:{pair.form_id}"] = str(_("Форма «%(form)s»") % {"form": pair.form.name})
        for pair in pairs:
            mentees = ", ".join(mentee.short_name for mentee in pair.mentees.all())
            group_labels[f"pair:{pair.pk}"] = str(
                _("Пара: %(mentor)s — %(mentees)s") % {"mentor": pair.mentor.short_name, "mentees": mentees}
            )
    result = comparison.compare(
        items,
        _respondents(entry, entry_questions, roles),
        _respondents(final, final_questions, roles),
        paired=paired,
        groups=group_labels,
    )
    scale_max = max(
        (
            question.scale_max
            for question in final_questions
            if question.type in {Question.Type.SCALE, Question.Type.MATRIX}
        ),
        default=None,
    )
    result.update(
        {
            "entry_title": entry.title,
            "final_title": final.title,
            "entry_id": entry.pk,
            "final_id": final.pk,
            "scale_max": scale_max,
        }
    )
    return result


def export_rows(
    questionnaire: Questionnaire,
) -> tuple[list[str], list[str], list[str | None], list[list[Any]]]:
    """(column codes, column titles, column question types, rows) for the .xlsx export: one column per
    question code (a matrix: one per statement, «Q05.2»); the respondent's name only when the questionnaire
    is named. The leading columns have no question type; a date answer is a date."""
    questions = questions_in_order(questionnaire)
    columns: list[tuple[str, str, Question, int | None]] = []
    for question in questions:
        if question.type == Question.Type.MATRIX:
            for index, statement in enumerate(question.statements):
                columns.append(
                    (f"{question.code}.{index + 1}", f"{question.text}: {statement}", question, index)
                )
        else:
            columns.append((question.code, question.text, question, None))
    responses = list(
        questionnaire.responses.select_related("respondent").prefetch_related("answers").order_by("pk")
    )
    if not questionnaire.is_anonymous:
        # 152-ФЗ: the answers of someone who withdrew consent are left out of the named export.
        withdrawn = set(
            personal_data.withdrawn_people(questionnaire.organisation).values_list("pk", flat=True)
        )
        responses = [response for response in responses if response.respondent_id not in withdrawn]
    people_ids = {
        person_id
        for response in responses
        for answer in response.answers.all()
        if isinstance(answer.value, list)
        for person_id in answer.value
        if isinstance(person_id, int)
    }
    names = {person.pk: person.short_name for person in Person.objects.filter(pk__in=people_ids)}
    head_codes = ["N", "ROLE"]
    head_titles = [str(_("№")), str(_("Роль"))]
    if not questionnaire.is_anonymous:
        head_codes += ["PERSON", "SUBMITTED"]
        head_titles += [str(_("Участник")), str(_("Отправлено"))]
    role_labels = dict(Invitation.Role.choices)
    rows = []
    for number, response in enumerate(responses, start=1):
        by_question = {answer.question_id: answer.value for answer in response.answers.all()}
        row: list[Any] = [number, str(role_labels.get(response.respondent_role, ""))]
        if not questionnaire.is_anonymous:
            row += [
                response.respondent.full_name if response.respondent else "",
                response.submitted_at,
            ]
        for _code, _title, question, part in columns:
            row.append(_export_value(question, by_question.get(question.pk), part, names))
        rows.append(row)
    return (
        head_codes + [c[0] for c in columns],
        head_titles + [c[1] for c in columns],
        [None] * len(head_codes) + [c[2].type for c in columns],
        rows,
    )


def _export_value(question: Question, value: Any, index: int | None, names: dict[int, str]) -> Any:
    if value is None:
        return None
    kind = Question.Type
    if question.type == kind.MATRIX:
        return value[index] if index is not None and index < len(value) else None
    if question.type == kind.MULTIPLE:
        return "; ".join(value)
    if question.type == kind.PEOPLE:
        return "; ".join(f"{rank}. {names.get(pk, '—')}" for rank, pk in enumerate(value, start=1))
    if question.type == kind.DATE and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def my_open_invitations_count(organisation: Organisation, person: Person) -> int:
    return Invitation.objects.filter(
        questionnaire__organisation=organisation,
        person=person,
        answered=False,
        questionnaire__status=Questionnaire.Status.OPEN,
    ).count()
