"""Questionnaires, their sections and questions, invitations and the answers people give.

Anonymity is a matter of what is stored, not of what is shown: an anonymous response has no respondent, no
invitation and no timestamp, and no audit entry is written when it is submitted, so nothing in the database
(the Django admin included) can link it back to a person.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mentoring.models import MentoringForm, Person
from mentoring.organisations.models import OrganisationOwnedModel, TimeStampedModel


class Questionnaire(OrganisationOwnedModel):
    class Purpose(models.TextChoices):
        INTAKE_MENTOR = "intake_mentor", _("Анкета наставника (вход в программу)")
        INTAKE_MENTEE = "intake_mentee", _("Анкета наставляемого (вход в программу, запросы)")
        PREFERENCE = "preference", _("Предпочитаемый наставник/наставляемый")
        DIAGNOSTIC = "diagnostic", _("Диагностика")
        SATISFACTION = "satisfaction", _("Удовлетворённость")
        PROGRAMME_QUALITY = "programme_quality", _("Качество программы")
        OTHER = "other", _("Другое")

    class Audience(models.TextChoices):
        MENTORS = "mentors", _("Наставники")
        MENTEES = "mentees", _("Наставляемые")
        ALL_PARTICIPANTS = "all_participants", _("Все участники программы")
        CHOSEN_PEOPLE = "chosen_people", _("Выбранные люди")
        FORM_OF_MENTORING = "form_of_mentoring", _("Участники одной формы наставничества")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Черновик")
        OPEN = "open", _("Идёт опрос")
        CLOSED = "closed", _("Завершена")

    title = models.CharField(_("название"), max_length=255)
    instructions = models.TextField(
        _("обращение к отвечающему"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    purpose = models.CharField(_("назначение"), max_length=32, choices=Purpose.choices, default=Purpose.OTHER)
    audience = models.CharField(
        _("кому"), max_length=32, choices=Audience.choices, default=Audience.ALL_PARTICIPANTS
    )
    mentoring_form = models.ForeignKey(
        MentoringForm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("форма наставничества"),
    )
    chosen_people = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("выбранные люди")
    )
    opens_on = models.DateField(_("открывается"), null=True, blank=True)
    closes_on = models.DateField(_("закрывается"), null=True, blank=True)
    is_anonymous = models.BooleanField(
        _("анонимная"),
        default=False,
        help_text=_("Ответы не связываются с людьми; после первых ответов это не изменить."),
    )
    allow_edit_until_close = models.BooleanField(
        _("можно исправить ответы до закрытия"),
        default=False,
        help_text=_("Только для именных анкет."),
    )
    status = models.CharField(_("состояние"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    previous_wave = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_waves",
        verbose_name=_("входная волна"),
        help_text=_("Анкета, с которой сравнивается эта (итоговая) волна."),
    )
    opened_at = models.DateTimeField(_("открыта"), null=True, blank=True)
    closed_at = models.DateTimeField(_("закрыта"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("создал"),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("анкета")
        verbose_name_plural = _("анкеты")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True)
                | Q(opens_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
                name="questionnaire_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=~Q(is_anonymous=True, allow_edit_until_close=True),
                name="questionnaire_anonymous_not_editable",
            ),
            models.CheckConstraint(condition=~Q(previous_wave=F("pk")), name="questionnaire_wave_not_self"),
        ]

    def __str__(self) -> str:
        return self.title

    def accepts_answers(self, today: datetime.date) -> bool:
        """Open, and today within its dates."""
        if self.status != self.Status.OPEN:
            return False
        if self.opens_on and today < self.opens_on:
            return False
        return not (self.closes_on and today > self.closes_on)

    def refusal_reason(self, today: datetime.date) -> str:
        """Why answers are not accepted today, in Russian; empty when they are."""
        if self.status == self.Status.DRAFT:
            return str(_("Анкета ещё не открыта для ответов."))
        if self.status == self.Status.CLOSED or (self.closes_on and today > self.closes_on):
            return str(_("Анкета закрыта: ответы больше не принимаются."))
        if self.opens_on and today < self.opens_on:
            return str(_("Анкета откроется %(date)s.") % {"date": self.opens_on.strftime("%d.%m.%Y")})
        return ""

    @property
    def is_final_wave(self) -> bool:
        return self.previous_wave_id is not None


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections", verbose_name=_("анкета")
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    title = models.CharField(_("название раздела"), max_length=255)
    description = models.TextField(
        _("пояснение"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )

    class Meta:
        verbose_name = _("раздел анкеты")
        verbose_name_plural = _("разделы анкеты")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = "single", _("Один вариант")
        MULTIPLE = "multiple", _("Несколько вариантов")
        SCALE = "scale", _("Шкала")
        MATRIX = "matrix", _("Таблица утверждений на одной шкале")
        SHORT_TEXT = "short_text", _("Короткий текст")
        LONG_TEXT = "long_text", _("Развёрнутый ответ")
        NUMBER = "number", _("Число")
        DATE = "date", _("Дата")
        PEOPLE = "people", _("Выбор людей по предпочтению")

    class PeopleSource(models.TextChoices):
        MENTORS = "mentors", _("Наставники из базы")
        MENTEES = "mentees", _("Наставляемые из базы")
        STAFF = "staff", _("Все педагоги организации")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name=_("анкета")
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("раздел")
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    code = models.CharField(
        _("код"),
        max_length=16,
        help_text=_("Постоянный код столбца в выгрузке и сравнении волн, например Q01."),
    )
    text = models.TextField(_("вопрос"), max_length=2000, validators=[MaxLengthValidator(2000)])
    help_text = models.CharField(_("подсказка"), max_length=500, blank=True)
    type = models.CharField(_("тип"), max_length=16, choices=Type.choices, default=Type.SINGLE)
    required = models.BooleanField(_("обязательный"), default=True)
    options = models.JSONField(_("варианты ответа"), default=list, blank=True)
    statements = models.JSONField(_("утверждения"), default=list, blank=True)
    scale_min = models.SmallIntegerField(_("шкала от"), default=1)
    scale_max = models.SmallIntegerField(_("шкала до"), default=10)
    scale_min_label = models.CharField(_("подпись нижнего края"), max_length=100, blank=True)
    scale_max_label = models.CharField(_("подпись верхнего края"), max_length=100, blank=True)
    # The direction of «better» in the comparison of the entry and final waves: a fall is the good change for
    # «Как часто вы сталкиваетесь с трудностями?».
    lower_is_better = models.BooleanField(
        _("чем меньше, тем лучше"),
        default=False,
        help_text=_("Для сравнения входной и итоговой диагностики: снижение среднего — улучшение."),
    )
    people_source = models.CharField(
        _("из кого выбирать"),
        max_length=16,
        choices=PeopleSource.choices,
        default=PeopleSource.MENTORS,
        blank=True,
    )
    max_choices = models.PositiveSmallIntegerField(
        _("сколько можно выбрать"), null=True, blank=True, help_text=_("Пусто — без ограничения.")
    )

    class Meta:
        verbose_name = _("вопрос")
        verbose_name_plural = _("вопросы")
        ordering = ["section__order", "section_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="question_code_unique"),
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")), name="question_scale_range"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"

    @property
    def is_numeric(self) -> bool:
        """Whether the change between waves can be computed for this question."""
        if self.type in {self.Type.SCALE, self.Type.MATRIX, self.Type.NUMBER}:
            return True
        return (
            self.type == self.Type.SINGLE
            and bool(self.options)
            and all(option_number(option) is not None for option in self.options)
        )

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


def option_number(label: str) -> float | None:
    """The number an option stands for: «4», «4 — скорее да», «2,5»; None when it is not numeric."""
    head = str(label).strip().split(" ", 1)[0].replace(",", ".")
    try:
        return float(head)
    except ValueError:
        return None


class Invitation(TimeStampedModel):
    """One person asked to fill one questionnaire; the token in their personal link names it."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("Наставник")
        MENTEE = "mentee", _("Наставляемый")
        OTHER = "other", _("Другой участник")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("анкета")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="survey_invitations", verbose_name=_("кому")
    )
    token = models.CharField(_("ключ ссылки"), max_length=64, unique=True)
    role = models.CharField(_("роль в программе"), max_length=16, choices=Role.choices, default=Role.OTHER)
    sent_at = models.DateTimeField(_("приглашение отправлено"), null=True, blank=True)
    # For anonymous questionnaires only `answered` is set: a time would let one match it to a response.
    answered = models.BooleanField(_("ответил"), default=False)
    answered_at = models.DateTimeField(_("ответил"), null=True, blank=True)

    class Meta:
        verbose_name = _("приглашение")
        verbose_name_plural = _("приглашения")
        ordering = ["person__last_name", "person__first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "person"], name="invitation_unique_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.questionnaire}"


class ResponseDraft(models.Model):
    """What a respondent has typed so far; deleted when they submit, so an anonymous response is created
    fresh at that moment and never was linked to anyone."""

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="draft", verbose_name=_("приглашение")
    )
    data = models.JSONField(_("ответы"), default=dict)
    updated_at = models.DateTimeField(_("сохранён"), auto_now=True)

    class Meta:
        verbose_name = _("черновик ответов")
        verbose_name_plural = _("черновики ответов")

    def __str__(self) -> str:
        return str(self.invitation)


class Response(models.Model):
    """A submitted set of answers. Named: linked to its invitation and person (one per invitation, by a
    unique constraint). Anonymous: no invitation, no person, no time. Random keys, so not even the order of
    the rows tells who answered first."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses", verbose_name=_("анкета")
    )
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
        verbose_name=_("приглашение"),
    )
    respondent = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("кто ответил"),
    )
    respondent_role = models.CharField(
        _("роль в программе"), max_length=16, choices=Invitation.Role.choices, default=Invitation.Role.OTHER
    )
    submitted_at = models.DateTimeField(_("отправлено"), null=True, blank=True)
    updated_at = models.DateTimeField(_("исправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("ответ на анкету")
        verbose_name_plural = _("ответы на анкеты")
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "respondent"],
                condition=Q(respondent__isnull=False),
                name="response_one_per_respondent",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Ответ на анкету «%(title)s»") % {"title": self.questionnaire})


class Answer(models.Model):
    """One question's answer. `value` is JSON of the question's type: a string (single choice, text, ISO
    date), a list of strings (multiple), an integer (scale), a number, a list of integers or nulls in the
    order of the statements (matrix), a list of person ids, most wanted first (people)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("ответ на анкету")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("вопрос")
    )
    value = models.JSONField(_("ответ"))

    class Meta:
        verbose_name = _("ответ на вопрос")
        verbose_name_plural = _("ответы на вопросы")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique_question"),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value}"
