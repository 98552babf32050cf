"""State changes of the surveys app: each checks its rules, writes in a transaction, and leaves an audit
entry — except the submission of an anonymous response, which must leave no trace of who gave it."""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.models import Organisation, Person, Preference
from mentoring.organisations.mail import email_send
from mentoring.organisations.services import audit_entry_create, field_changes
from mentoring.organisations.types import Actor
from mentoring.programme.services import preferences_replace

from . import library, selectors
from .forms import AnswersForm
from .models import Answer, Invitation, Question, Questionnaire, Response, ResponseDraft, Section

QUESTIONNAIRE_FIELDS = (
    "title",
    "instructions",
    "purpose",
    "audience",
    "mentoring_form",
    "opens_on",
    "closes_on",
    "is_anonymous",
    "allow_edit_until_close",
)
QUESTION_FIELDS = (
    "code",
    "text",
    "help_text",
    "type",
    "required",
    "options",
    "statements",
    "scale_min",
    "scale_max",
    "scale_min_label",
    "scale_max_label",
    "lower_is_better",
    "people_source",
    "max_choices",
)
CODE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,15}$")
MAX_SCALE_POINTS = 11
MAX_PEOPLE_CHOICES = 10
MAX_OPTIONS = 30
MAX_STATEMENTS = 30


class AlreadySubmitted(ValidationError):
    """The invitation already has its one response (a double click, a second tab)."""


def _site_url() -> str:
    return settings.SITE_URL


def fill_url(invitation: Invitation, base_url: str | None = None) -> str:
    return f"{(base_url or _site_url()).rstrip('/')}{reverse('surveys:fill', args=[invitation.token])}"


def has_responses(questionnaire: Questionnaire) -> bool:
    return questionnaire.responses.exists()


def _require_editable_structure(questionnaire: Questionnaire) -> None:
    if has_responses(questionnaire):
        raise ValidationError(
            _(
                "На анкету уже отвечают: вопросы и разделы менять нельзя, иначе ответы разойдутся с "
                "вопросами. Сделайте копию анкеты и правьте её."
            )
        )


# Questionnaires -----------------------------------------------------------------------------------------


def _questionnaire_check(questionnaire: Questionnaire, *, answered: bool, was_anonymous: bool | None) -> None:
    errors: dict[str, str] = {}
    if not questionnaire.title.strip():
        errors["title"] = _("Укажите название анкеты.")
    if answered and was_anonymous is not None and questionnaire.is_anonymous != was_anonymous:
        errors["is_anonymous"] = _(
            "На анкету уже ответили: анонимность нельзя ни включить, ни выключить. "
            "Ответы давались на других условиях."
        )
    if questionnaire.is_anonymous and questionnaire.allow_edit_until_close:
        errors["allow_edit_until_close"] = _(
            "Анонимные ответы нельзя исправлять после отправки: их связь с человеком не хранится."
        )
    if questionnaire.is_anonymous and questionnaire.purpose == Questionnaire.Purpose.PREFERENCE:
        errors["is_anonymous"] = _(
            "Анкета предпочтений не может быть анонимной: выбор записывается за тем, кто выбирал."
        )
    if (
        questionnaire.opens_on
        and questionnaire.closes_on
        and questionnaire.closes_on < questionnaire.opens_on
    ):
        errors["closes_on"] = _("Дата закрытия раньше даты открытия.")
    if (
        questionnaire.audience == Questionnaire.Audience.FORM_OF_MENTORING
        and questionnaire.mentoring_form_id is None
    ):
        errors["mentoring_form"] = _("Выберите форму наставничества.")
    previous = questionnaire.previous_wave if questionnaire.previous_wave_id else None
    if previous is not None and (
        previous.organisation_id != questionnaire.organisation_id or previous.pk == questionnaire.pk
    ):
        errors["previous_wave"] = _("Входная волна должна быть другой анкетой этой организации.")
    if errors:
        raise ValidationError(errors)


def _chosen_people(organisation: Organisation, chosen: Iterable[Person] | None) -> list[Person]:
    people = list(chosen or [])
    ids = {person.pk for person in people}
    members = set(
        Person.objects.filter(pk__in=ids, memberships__organisation=organisation).values_list("pk", flat=True)
    )
    if ids - members:
        raise ValidationError({"chosen_people": _("Выбирать можно только людей своей организации.")})
    return people


@transaction.atomic
def questionnaire_create(
    *,
    organisation: Organisation,
    actor: Actor,
    data: dict[str, Any],
    chosen_people: Iterable[Person] | None = None,
    spec: dict[str, Any] | None = None,
    previous_wave: Questionnaire | None = None,
) -> Questionnaire:
    """A new questionnaire in draft; `spec` (a template or a copy) gives its sections and questions."""
    questionnaire = Questionnaire(
        organisation=organisation,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        previous_wave=previous_wave,
        **{name: data[name] for name in QUESTIONNAIRE_FIELDS if name in data},
    )
    _questionnaire_check(questionnaire, answered=False, was_anonymous=None)
    questionnaire.save()
    if chosen_people is not None:
        questionnaire.chosen_people.set(_chosen_people(organisation, chosen_people))
    if spec:
        _build_structure(questionnaire, spec)
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="survey.created",
        target=questionnaire,
        changes={"previous_wave": previous_wave.title} if previous_wave else {},
    )
    return questionnaire


@transaction.atomic
def questionnaire_update(
    *,
    questionnaire: Questionnaire,
    actor: Actor,
    data: dict[str, Any],
    chosen_people: Iterable[Person] | None = None,
) -> Questionnaire:
    stored = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    data = {name: data[name] for name in QUESTIONNAIRE_FIELDS if name in data}
    changes = field_changes(stored, data)
    for name, value in data.items():
        setattr(stored, name, value)
    _questionnaire_check(
        stored, answered=has_responses(stored), was_anonymous=questionnaire_was_anonymous(stored)
    )
    stored.save()
    if chosen_people is not None:
        before = set(stored.chosen_people.values_list("pk", flat=True))
        stored.chosen_people.set(_chosen_people(stored.organisation, chosen_people))
        if before != {person.pk for person in chosen_people}:
            changes["chosen_people"] = [person.short_name for person in chosen_people]
    if changes:
        audit_entry_create(
            actor=actor,
            organisation=stored.organisation,
            action="survey.updated",
            target=stored,
            changes=changes,
        )
    return stored


def questionnaire_was_anonymous(questionnaire: Questionnaire) -> bool:
    return bool(
        Questionnaire.objects.filter(pk=questionnaire.pk).values_list("is_anonymous", flat=True).first()
    )


def questionnaire_spec(questionnaire: Questionnaire) -> dict[str, Any]:
    """The questionnaire in the template format (see `surveys.library`)."""
    return {
        "title": questionnaire.title,
        "purpose": questionnaire.purpose,
        "audience": questionnaire.audience,
        "is_anonymous": questionnaire.is_anonymous,
        "instructions": questionnaire.instructions,
        "sections": [
            {
                "title": section.title,
                "description": section.description,
                "questions": [
                    {
                        "code": q.code,
                        "type": q.type,
                        "text": q.text,
                        "help_text": q.help_text,
                        "required": q.required,
                        "options": list(q.options),
                        "statements": list(q.statements),
                        "scale": [q.scale_min, q.scale_max, q.scale_min_label, q.scale_max_label],
                        "lower_is_better": q.lower_is_better,
                        "people_source": q.people_source,
                        "max_choices": q.max_choices,
                    }
                    for q in section.questions.all()
                ],
            }
            for section in selectors.sections_with_questions(questionnaire)
        ],
    }


def _build_structure(questionnaire: Questionnaire, spec: dict[str, Any]) -> None:
    library.validate_spec(spec)
    for section_order, section_spec in enumerate(spec["sections"], start=1):
        section = Section.objects.create(
            questionnaire=questionnaire,
            order=section_order,
            title=section_spec["title"],
            description=section_spec.get("description", ""),
        )
        for order, item in enumerate(section_spec.get("questions", []), start=1):
            scale = item.get("scale") or [1, 10, "", ""]
            question = Question(
                questionnaire=questionnaire,
                section=section,
                order=order,
                code=item["code"],
                text=item["text"],
                help_text=item.get("help_text", ""),
                type=item["type"],
                required=item.get("required", True),
                options=list(item.get("options") or []),
                statements=list(item.get("statements") or []),
                scale_min=scale[0],
                scale_max=scale[1],
                scale_min_label=scale[2] or "",
                scale_max_label=scale[3] or "",
                lower_is_better=bool(item.get("lower_is_better", False)),
                people_source=item.get("people_source") or Question.PeopleSource.MENTORS,
                max_choices=item.get("max_choices"),
            )
            question_check(question)
            question.save()


def questionnaire_from_template(*, organisation: Organisation, actor: Actor, key: str) -> Questionnaire:
    spec = library.template_get(key)
    if spec is None:
        raise ValidationError(_("Такого шаблона анкеты нет."))
    data = {
        "title": spec["title"],
        "instructions": spec.get("instructions", ""),
        "purpose": spec.get("purpose", Questionnaire.Purpose.OTHER),
        "audience": spec.get("audience", Questionnaire.Audience.ALL_PARTICIPANTS),
        "is_anonymous": spec.get("is_anonymous", False),
    }
    return questionnaire_create(organisation=organisation, actor=actor, data=data, spec=spec)


def _copy_data(questionnaire: Questionnaire, **overrides: Any) -> dict[str, Any]:
    data = {name: getattr(questionnaire, name) for name in QUESTIONNAIRE_FIELDS}
    data.update(overrides)
    return data


@transaction.atomic
def questionnaire_duplicate(*, questionnaire: Questionnaire, actor: Actor) -> Questionnaire:
    """A draft copy with the same settings, sections and questions, and no invitations or answers."""
    return questionnaire_create(
        organisation=questionnaire.organisation,
        actor=actor,
        data=_copy_data(
            questionnaire,
            title=_("%(title)s (копия)") % {"title": questionnaire.title},
            opens_on=None,
            closes_on=None,
        ),
        chosen_people=list(questionnaire.chosen_people.all()),
        spec=questionnaire_spec(questionnaire),
    )


@transaction.atomic
def questionnaire_final_wave_create(
    *,
    questionnaire: Questionnaire,
    actor: Actor,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> Questionnaire:
    """«Запустить итоговую волну»: a draft copy linked to this (entry) wave, same questions and codes, so
    the two can be compared item by item."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if questionnaire.previous_wave_id:
        raise ValidationError(_("Это уже итоговая волна; итоговую запускают от входной."))
    if questionnaire.status == Questionnaire.Status.DRAFT:
        raise ValidationError(
            _("Итоговую волну можно запустить только после того, как входная была открыта.")
        )
    title = questionnaire.title
    for word, replacement in (("Входная", "Итоговая"), ("входная", "итоговая"), ("Входящая", "Итоговая")):
        title = title.replace(word, replacement)
    if title == questionnaire.title:
        title = _("%(title)s — итоговая волна") % {"title": questionnaire.title}
    return questionnaire_create(
        organisation=questionnaire.organisation,
        actor=actor,
        data=_copy_data(questionnaire, title=title[:255], opens_on=opens_on, closes_on=closes_on),
        chosen_people=list(questionnaire.chosen_people.all()),
        spec=questionnaire_spec(questionnaire),
        previous_wave=questionnaire,
    )


def open_emails_count(questionnaire: Questionnaire) -> tuple[int, int]:
    """What opening would send, as `questionnaire_open` does it: the audience not yet invited and the
    invitations not yet e-mailed nor answered; returns (e-mails, people without an address)."""
    invited = questionnaire.invitations.values("person_id")
    addresses = list(
        selectors.audience_people(questionnaire).exclude(pk__in=invited).values_list("email", flat=True)
    )
    addresses += list(
        questionnaire.invitations.filter(sent_at__isnull=True, answered=False).values_list(
            "person__email", flat=True
        )
    )
    emails = sum(1 for address in addresses if address)
    return emails, len(addresses) - emails


def _validate_ready_to_open(questionnaire: Questionnaire, today: datetime.date) -> None:
    questions = list(questionnaire.questions.all())
    if not questions:
        raise ValidationError(_("В анкете нет ни одного вопроса."))
    if questionnaire.closes_on and questionnaire.closes_on < today:
        raise ValidationError(_("Дата закрытия уже прошла: измените её в настройках анкеты."))
    if questionnaire.purpose == Questionnaire.Purpose.PREFERENCE and not any(
        question.type == Question.Type.PEOPLE for question in questions
    ):
        raise ValidationError(_("В анкете предпочтений нужен вопрос «Выбор людей по предпочтению»."))


@transaction.atomic
def invitations_sync(*, questionnaire: Questionnaire) -> list[Invitation]:
    """Invite everyone of the audience not yet invited (people added to the bases later included)."""
    roles = selectors.programme_roles(questionnaire.organisation)
    invited = set(questionnaire.invitations.values_list("person_id", flat=True))
    new = [
        Invitation(
            questionnaire=questionnaire,
            person=person,
            token=secrets.token_urlsafe(32),
            role=roles.get(person.pk, Invitation.Role.OTHER),
        )
        for person in selectors.audience_people(questionnaire)
        if person.pk not in invited
    ]
    return Invitation.objects.bulk_create(new)


def invitations_send(
    *, questionnaire: Questionnaire, actor: Actor, base_url: str | None = None, only_unsent: bool = True
) -> tuple[int, int]:
    """E-mail each invited person their personal link; returns (sent, without an address)."""
    invitations = questionnaire.invitations.select_related("person").filter(answered=False)
    if only_unsent:
        invitations = invitations.filter(sent_at__isnull=True)
    sent = no_email = 0
    for invitation in invitations:
        if not invitation.person.email:
            no_email += 1
            continue
        email_send(
            to=invitation.person.email,
            subject=_("Анкета «%(title)s»") % {"title": questionnaire.title},
            body=_invitation_body(invitation, base_url),
            person=invitation.person,
        )
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
        sent += 1
    if sent:
        audit_entry_create(
            actor=actor,
            organisation=questionnaire.organisation,
            action="survey.invitations_sent",
            target=questionnaire,
            changes={"sent": sent},
        )
    return sent, no_email


def _invitation_body(invitation: Invitation, base_url: str | None = None) -> str:
    questionnaire = invitation.questionnaire
    lines = [
        _("Здравствуйте, %(name)s!")
        % {"name": f"{invitation.person.first_name} {invitation.person.patronymic}".strip()},
        "",
        _("Просим вас заполнить анкету «%(title)s» (%(organisation)s).")
        % {"title": questionnaire.title, "organisation": questionnaire.organisation.short_name},
    ]
    if questionnaire.closes_on:
        lines.append(
            _("Ответы принимаются до %(date)s включительно.")
            % {"date": questionnaire.closes_on.strftime("%d.%m.%Y")}
        )
    if questionnaire.is_anonymous:
        lines.append(_("Анкета анонимная: ваши ответы не будут связаны с вашим именем."))
    lines += ["", _("Ваша личная ссылка (не пересылайте её другим):"), fill_url(invitation, base_url)]
    return "\n".join(lines)


@transaction.atomic
def questionnaire_open(
    *,
    questionnaire: Questionnaire,
    actor: Actor,
    today: datetime.date,
    base_url: str | None = None,
    send_emails: bool = True,
) -> tuple[int, int]:
    """Open for answers: invite the audience and e-mail them; returns (invited now, e-mails sent)."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if questionnaire.status == Questionnaire.Status.OPEN:
        raise ValidationError(_("Анкета уже открыта."))
    _validate_ready_to_open(questionnaire, today)
    if not selectors.audience_people(questionnaire).exists() and not questionnaire.invitations.exists():
        raise ValidationError(
            _("В аудитории анкеты никого нет: проверьте базы наставников и наставляемых или выберите людей.")
        )
    questionnaire.status = Questionnaire.Status.OPEN
    questionnaire.opened_at = questionnaire.opened_at or timezone.now()
    if questionnaire.opens_on is None:
        questionnaire.opens_on = today
    questionnaire.closed_at = None
    questionnaire.save(update_fields=["status", "opened_at", "opens_on", "closed_at", "updated_at"])
    created = invitations_sync(questionnaire=questionnaire)
    audit_entry_create(
        actor=actor,
        organisation=questionnaire.organisation,
        action="survey.opened",
        target=questionnaire,
        changes={"invited": len(created)},
    )
    sent = 0
    if send_emails:
        sent, _no_email = invitations_send(questionnaire=questionnaire, actor=actor, base_url=base_url)
    return len(created), sent


@transaction.atomic
def questionnaire_close(*, questionnaire: Questionnaire, actor: Actor) -> Questionnaire:
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if questionnaire.status != Questionnaire.Status.OPEN:
        raise ValidationError(_("Закрыть можно только открытую анкету."))
    questionnaire.status = Questionnaire.Status.CLOSED
    questionnaire.closed_at = timezone.now()
    questionnaire.save(update_fields=["status", "closed_at", "updated_at"])
    ResponseDraft.objects.filter(invitation__questionnaire=questionnaire).delete()
    audit_entry_create(
        actor=actor, organisation=questionnaire.organisation, action="survey.closed", target=questionnaire
    )
    return questionnaire


@transaction.atomic
def questionnaire_delete(*, questionnaire: Questionnaire, actor: Actor) -> None:
    if questionnaire.status != Questionnaire.Status.DRAFT or questionnaire.invitations.exists():
        raise ValidationError(_("Удалить можно только черновик, на который ещё никого не приглашали."))
    audit_entry_create(
        actor=actor,
        organisation=questionnaire.organisation,
        action="survey.deleted",
        changes={"title": questionnaire.title},
    )
    questionnaire.delete()


# Sections and questions ----------------------------------------------------------------------------------


@transaction.atomic
def section_create(
    *, questionnaire: Questionnaire, actor: Actor, title: str, description: str = ""
) -> Section:
    _require_editable_structure(questionnaire)
    if not title.strip():
        raise ValidationError({"title": _("Укажите название раздела.")})
    order = (questionnaire.sections.aggregate(top=Max("order"))["top"] or 0) + 1
    section = Section.objects.create(
        questionnaire=questionnaire, order=order, title=title.strip(), description=description.strip()
    )
    audit_entry_create(
        actor=actor,
        organisation=questionnaire.organisation,
        action="survey.structure_changed",
        target=questionnaire,
        changes={"section_added": section.title},
    )
    return section


@transaction.atomic
def section_update(*, section: Section, actor: Actor, title: str, description: str = "") -> Section:
    if not title.strip():
        raise ValidationError({"title": _("Укажите название раздела.")})
    section.title, section.description = title.strip(), description.strip()
    section.save(update_fields=["title", "description"])
    return section


@transaction.atomic
def section_delete(*, section: Section, actor: Actor) -> None:
    questionnaire = section.questionnaire
    _require_editable_structure(questionnaire)
    if questionnaire.sections.count() == 1 and section.questions.exists():
        raise ValidationError(_("Это единственный раздел анкеты: сначала удалите его вопросы."))
    audit_entry_create(
        actor=actor,
        organisation=questionnaire.organisation,
        action="survey.structure_changed",
        target=questionnaire,
        changes={"section_deleted": section.title},
    )
    section.delete()


def _lines(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    return [str(item).strip() for item in value or [] if str(item).strip()]


def question_check(question: Question) -> None:
    """The rules a question must follow for its type; raises ValidationError keyed by field."""
    errors: dict[str, str] = {}
    kind = Question.Type
    question.options = _lines(question.options)
    question.statements = _lines(question.statements)
    if not CODE_RE.match(question.code or ""):
        errors["code"] = _("Код — латинская буква, затем буквы, цифры или «_», до 16 знаков (например, Q01).")
    elif question.questionnaire_id and (
        Question.objects.filter(questionnaire_id=question.questionnaire_id, code=question.code)
        .exclude(pk=question.pk)
        .exists()
    ):
        errors["code"] = _("Вопрос с таким кодом в анкете уже есть.")
    if not question.text.strip():
        errors["text"] = _("Напишите текст вопроса.")
    if question.type in {kind.SINGLE, kind.MULTIPLE}:
        if len(question.options) < 2:
            errors["options"] = _("Нужно хотя бы два варианта ответа, по одному в строке.")
        elif len(set(question.options)) != len(question.options):
            errors["options"] = _("Варианты ответа повторяются.")
        elif len(question.options) > MAX_OPTIONS:
            errors["options"] = _("Не больше %(count)s вариантов.") % {"count": MAX_OPTIONS}
    if question.type == kind.MATRIX:
        if not question.statements:
            errors["statements"] = _("Перечислите утверждения, по одному в строке.")
        elif len(question.statements) > MAX_STATEMENTS:
            errors["statements"] = _("Не больше %(count)s утверждений.") % {"count": MAX_STATEMENTS}
    if question.type in {kind.SCALE, kind.MATRIX}:
        if (
            question.scale_min is None
            or question.scale_max is None
            or question.scale_min >= question.scale_max
        ):
            errors["scale_max"] = _("Верхний край шкалы должен быть больше нижнего.")
        elif question.scale_max - question.scale_min + 1 > MAX_SCALE_POINTS or question.scale_min < 0:
            errors["scale_max"] = _("Шкала — от 0 или больше и не длиннее 11 делений (например, 1–10).")
    else:
        question.scale_min = question.scale_min if question.scale_min is not None else 1
        question.scale_max = question.scale_max if question.scale_max is not None else 10
        if question.scale_min >= question.scale_max:
            question.scale_min, question.scale_max = 1, 10
    if question.type == kind.PEOPLE:
        if question.people_source not in Question.PeopleSource.values:
            errors["people_source"] = _("Выберите, из кого выбирать.")
        if question.max_choices is not None and not 1 <= question.max_choices <= MAX_PEOPLE_CHOICES:
            errors["max_choices"] = _("Можно выбрать от 1 до %(count)s человек.") % {
                "count": MAX_PEOPLE_CHOICES
            }
    if question.type == kind.MULTIPLE and question.max_choices is not None and question.max_choices < 1:
        errors["max_choices"] = _("Не меньше одного.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def question_create(*, section: Section, actor: Actor, data: dict[str, Any]) -> Question:
    questionnaire = section.questionnaire
    _require_editable_structure(questionnaire)
    order = (section.questions.aggregate(top=Max("order"))["top"] or 0) + 1
    question = Question(
        questionnaire=questionnaire,
        section=section,
        order=order,
        **{name: data[name] for name in QUESTION_FIELDS if name in data},
    )
    question_check(question)
    question.save()
    audit_entry_create(
        actor=actor,
        organisation=questionnaire.organisation,
        action="survey.structure_changed",
        target=questionnaire,
        changes={"question_added": question.code},
    )
    return question


@transaction.atomic
def question_update(
    *, question: Question, actor: Actor, data: dict[str, Any], section: Section | None = None
) -> Question:
    questionnaire = question.questionnaire
    _require_editable_structure(questionnaire)
    stored = Question.objects.select_for_update().get(pk=question.pk)
    data = {name: data[name] for name in QUESTION_FIELDS if name in data}
    changes = field_changes(stored, data)
    for name, value in data.items():
        setattr(stored, name, value)
    if section is not None and section.pk != stored.section_id:
        if section.questionnaire_id != questionnaire.pk:
            raise ValidationError({"section": _("Раздел из другой анкеты.")})
        stored.section = section
        stored.order = (section.questions.aggregate(top=Max("order"))["top"] or 0) + 1
        changes["section"] = section.title
    question_check(stored)
    stored.save()
    if changes:
        audit_entry_create(
            actor=actor,
            organisation=questionnaire.organisation,
            action="survey.structure_changed",
            target=questionnaire,
            changes={"question_changed": stored.code},
        )
    return stored


@transaction.atomic
def question_delete(*, question: Question, actor: Actor) -> None:
    questionnaire = question.questionnaire
    _require_editable_structure(questionnaire)
    audit_entry_create(
        actor=actor,
        organisation=questionnaire.organisation,
        action="survey.structure_changed",
        target=questionnaire,
        changes={"question_deleted": question.code},
    )
    question.delete()


@transaction.atomic
def question_move(*, question: Question, actor: Actor, direction: str) -> Question:
    """Move a question up or down within its section (renumbering the section's questions)."""
    if direction not in {"up", "down"}:
        raise ValidationError(_("Неизвестное направление."))
    _require_editable_structure(question.questionnaire)
    siblings = list(question.section.questions.select_for_update().order_by("order", "id"))
    index = next(i for i, item in enumerate(siblings) if item.pk == question.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
    for order, item in enumerate(siblings, start=1):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])
    return next(item for item in siblings if item.pk == question.pk)


# Answering -----------------------------------------------------------------------------------------------


ALREADY_SUBMITTED = gettext_lazy("Вы уже отправили ответы на эту анкету. Повторно их отправить нельзя.")


def can_edit_response(invitation: Invitation, today: datetime.date) -> bool:
    questionnaire = invitation.questionnaire
    return (
        invitation.answered
        and questionnaire.allow_edit_until_close
        and not questionnaire.is_anonymous
        and questionnaire.accepts_answers(today)
    )


def answering_refusal(invitation: Invitation, today: datetime.date) -> str:
    """Why this invitation takes no answers today, in Russian; empty when it does."""
    questionnaire = invitation.questionnaire
    if not questionnaire.accepts_answers(today):
        return questionnaire.refusal_reason(today)
    if invitation.answered and not can_edit_response(invitation, today):
        return str(ALREADY_SUBMITTED)
    return ""


def _answers_form(invitation: Invitation, raw: dict[str, Any], *, partial: bool) -> AnswersForm:
    """The answer form bound to what a caller sent, checked: the one definition of a valid answer."""
    form = AnswersForm.from_typed(
        raw,
        questions=selectors.questions_in_order(invitation.questionnaire),
        organisation=invitation.questionnaire.organisation,
        respondent=invitation.person,
        partial=partial,
    )
    form.is_valid()
    return form


@transaction.atomic
def draft_save(*, invitation: Invitation, raw: dict[str, Any], today: datetime.date) -> dict[str, str]:
    """Keep the answers typed so far that are valid (the required ones may still be empty); returns the
    messages of the wrong ones, which are not kept."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("questionnaire", "questionnaire__organisation", "person")
        .get(pk=invitation.pk)
    )
    questionnaire = invitation.questionnaire
    if not questionnaire.accepts_answers(today):
        raise ValidationError(questionnaire.refusal_reason(today))
    if invitation.answered:
        raise AlreadySubmitted(_("Ответы уже отправлены; черновик больше не нужен."))
    form = _answers_form(invitation, raw, partial=True)
    ResponseDraft.objects.update_or_create(invitation=invitation, defaults={"data": form.typed_answers()})
    return form.messages_by_code()


@transaction.atomic
def response_submit(
    *, invitation: Invitation, raw: dict[str, Any], actor: Actor, today: datetime.date
) -> Response:
    """Accept one person's answers (`raw`: what they typed, by question code, checked here with
    `AnswersForm`), once: the invitation row is locked and marked answered in the same transaction by a
    conditional update, and a named response is unique per invitation, so a double click or a second tab
    gets `AlreadySubmitted` and changes nothing. When the questionnaire allows it, a named respondent may
    instead correct their answers until it closes. A preference questionnaire writes the ranked choices to
    the mentoring app in the same transaction."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("questionnaire", "questionnaire__organisation", "person")
        .get(pk=invitation.pk)
    )
    questionnaire = invitation.questionnaire
    if not questionnaire.accepts_answers(today):
        raise ValidationError(questionnaire.refusal_reason(today))
    if invitation.answered and not can_edit_response(invitation, today):
        raise AlreadySubmitted(ALREADY_SUBMITTED)
    form = _answers_form(invitation, raw, partial=False)
    if form.errors:
        raise ValidationError(form.messages_by_code())
    cleaned = form.answers()
    questions = form.questions
    by_code = {question.code: question for question in questions}
    named = not questionnaire.is_anonymous
    now = timezone.now()

    if invitation.answered:
        response = Response.objects.filter(invitation=invitation).first() if named else None
        if response is None:
            raise AlreadySubmitted(ALREADY_SUBMITTED)
        response.answers.all().delete()
        response.updated_at = now
        response.save(update_fields=["updated_at"])
        action = "survey.response_edited"
    else:
        marked = Invitation.objects.filter(pk=invitation.pk, answered=False).update(
            answered=True, answered_at=now if named else None
        )
        if marked != 1:
            raise AlreadySubmitted(ALREADY_SUBMITTED)
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    questionnaire=questionnaire,
                    invitation=invitation if named else None,
                    respondent=invitation.person if named else None,
                    respondent_role=invitation.role,
                    submitted_at=now if named else None,
                )
        except IntegrityError:
            raise AlreadySubmitted(ALREADY_SUBMITTED) from None
        action = "survey.response_submitted"
    Answer.objects.bulk_create(
        [Answer(response=response, question=by_code[code], value=value) for code, value in cleaned.items()]
    )
    ResponseDraft.objects.filter(invitation=invitation).delete()

    if named and questionnaire.purpose == Questionnaire.Purpose.PREFERENCE:
        chosen_ids = [
            person_id
            for question in questions
            if question.type == Question.Type.PEOPLE
            for person_id in cleaned.get(question.code, [])
        ]
        people = Person.objects.in_bulk(chosen_ids)
        preferences_replace(
            organisation=questionnaire.organisation,
            chooser=invitation.person,
            chosen=[people[pk] for pk in chosen_ids if pk in people],
            source=Preference.Source.SURVEY,
            actor=actor,
        )
    if named:
        # An anonymous submission leaves no audit entry: its time would point at the respondent.
        audit_entry_create(
            actor=actor,
            organisation=questionnaire.organisation,
            action=action,
            target=questionnaire,
            changes={"respondent": invitation.person.short_name},
        )
    return response
