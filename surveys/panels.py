"""What the surveys app plugs into `mentoring`: navigation, the «Мои анкеты» panel, upcoming items, reminders
and the audit labels."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import dates
from mentoring.organisations import audit_labels, calendar, dashboard, navigation, reminders
from mentoring.organisations.access import OrganisationAccess
from mentoring.organisations.dashboard import UpcomingItem
from mentoring.organisations.reminders import Reminder

from . import selectors
from .models import Invitation, Questionnaire
from .permissions import FILL_SURVEYS, MANAGE_SURVEYS, VIEW_RESULTS

REMIND_DAYS_BEFORE_CLOSE = 3


def my_surveys_context(access: OrganisationAccess, request, *, today: datetime.date | None = None):
    if access.person is None:
        return None
    today = today or dates.today(access.organisation)
    invitations = list(selectors.invitations_for_person(access.organisation, access.person)[:40])
    if not invitations:
        return None
    to_fill = [i for i in invitations if not i.answered and i.questionnaire.accepts_answers(today)]
    filled = [i for i in invitations if i.answered][:10]
    return {"to_fill": to_fill, "filled": filled, "today": today}


def _upcoming(access: OrganisationAccess, *, today: datetime.date, horizon_days: int):
    horizon = today + datetime.timedelta(days=horizon_days)
    items = []
    if access.person is not None:
        for invitation in selectors.invitations_for_person(access.organisation, access.person).filter(
            answered=False,
            questionnaire__status=Questionnaire.Status.OPEN,
            questionnaire__closes_on__lte=horizon,
        ):
            questionnaire = invitation.questionnaire
            if questionnaire.accepts_answers(today):
                items.append(
                    UpcomingItem(
                        date=questionnaire.closes_on,
                        title=_("Заполнить анкету «%(title)s»") % {"title": questionnaire.title},
                        url=reverse("surveys:fill", args=[invitation.token]),
                        kind=_("Анкета"),
                    )
                )
    if access.has(MANAGE_SURVEYS):
        for questionnaire in access.organisation.questionnaires.filter(
            status=Questionnaire.Status.OPEN, closes_on__gte=today, closes_on__lte=horizon
        ):
            items.append(
                UpcomingItem(
                    date=questionnaire.closes_on,
                    title=_("Закрывается опрос «%(title)s»") % {"title": questionnaire.title},
                    url=reverse("surveys:results", args=[access.organisation.slug, questionnaire.pk]),
                    kind=_("Анкета"),
                )
            )
    return items


def reminder_stage(questionnaire: Questionnaire, today: datetime.date) -> str | None:
    """Which reminder is due today, named for good so that a second run sends nothing twice: «close» in the
    last days before the close date, else «week-N» each full week since opening; None when none is due."""
    if not questionnaire.accepts_answers(today):
        return None
    if questionnaire.closes_on:
        days_left = (questionnaire.closes_on - today).days
        if days_left <= REMIND_DAYS_BEFORE_CLOSE:
            return "close"
    opened = questionnaire.opens_on or (questionnaire.opened_at.date() if questionnaire.opened_at else today)
    weeks = (today - opened).days // 7
    return f"week-{weeks}" if weeks >= 1 else None


def survey_reminders(*, today: datetime.date):
    from .services import fill_url

    for questionnaire in Questionnaire.objects.filter(status=Questionnaire.Status.OPEN).select_related(
        "organisation"
    ):
        stage = reminder_stage(questionnaire, today)
        if stage is None:
            continue
        for invitation in Invitation.objects.filter(
            questionnaire=questionnaire, answered=False
        ).select_related("person"):
            body = [
                _("Напоминаем: вы ещё не заполнили анкету «%(title)s» (%(organisation)s).")
                % {"title": questionnaire.title, "organisation": questionnaire.organisation.short_name},
            ]
            if questionnaire.closes_on:
                body.append(
                    _("Ответы принимаются до %(date)s включительно.")
                    % {"date": questionnaire.closes_on.strftime("%d.%m.%Y")}
                )
            body += ["", fill_url(invitation)]
            yield Reminder(
                key=f"survey:{questionnaire.pk}:invitation:{invitation.pk}:{stage}",
                email=invitation.person.email,
                kind="surveys",
                subject=_("Напоминание: анкета «%(title)s»") % {"title": questionnaire.title},
                body="\n".join(body),
            )


def _calendar_items(*, person, organisation):
    """The deadlines of the person's questionnaires not answered yet."""
    for invitation in selectors.invitations_for_person(organisation, person).filter(
        answered=False,
        questionnaire__status=Questionnaire.Status.OPEN,
        questionnaire__closes_on__isnull=False,
    ):
        questionnaire = invitation.questionnaire
        if questionnaire.closes_on is None:
            continue
        yield calendar.FeedItem(
            uid=f"questionnaire-{questionnaire.pk}-{invitation.pk}",
            summary=_("Заполнить анкету «%(title)s»") % {"title": questionnaire.title},
            date=questionnaire.closes_on,
            description=organisation.short_name,
            path=reverse("surveys:fill", args=[invitation.token]),
        )


def register() -> None:
    navigation.register(
        label=gettext_lazy("Анкеты"),
        url_name="surveys:list",
        group=gettext_lazy("Анкеты"),
        permission=VIEW_RESULTS,
        icon="ui-checks",
        order=40,
    )
    navigation.register(
        label=gettext_lazy("Мои анкеты"),
        url_name="surveys:mine",
        group=gettext_lazy("Анкеты"),
        permission=FILL_SURVEYS - VIEW_RESULTS,
        icon="pencil-square",
        order=41,
    )
    dashboard.register_panel(
        key="my-surveys",
        template="surveys/panels/my_surveys.html",
        permission=FILL_SURVEYS,
        context=my_surveys_context,
        order=6,
    )
    dashboard.register_upcoming(_upcoming)
    reminders.register(survey_reminders)
    calendar.register(_calendar_items)
    for code, label in {
        "survey.created": gettext_lazy("Создана анкета"),
        "survey.updated": gettext_lazy("Изменены настройки анкеты"),
        "survey.structure_changed": gettext_lazy("Изменены вопросы анкеты"),
        "survey.opened": gettext_lazy("Анкета открыта для ответов"),
        "survey.closed": gettext_lazy("Анкета закрыта"),
        "survey.deleted": gettext_lazy("Удалена анкета"),
        "survey.invitations_sent": gettext_lazy("Разосланы приглашения к анкете"),
        "survey.response_submitted": gettext_lazy("Получен ответ на анкету"),
        "survey.response_edited": gettext_lazy("Исправлен ответ на анкету"),
    }.items():
        audit_labels.register(code, label)
    for key, label in {
        "invited": gettext_lazy("приглашено"),
        "sent": gettext_lazy("отправлено писем"),
        "respondent": gettext_lazy("кто ответил"),
        "previous_wave": gettext_lazy("входная волна"),
        "question_added": gettext_lazy("добавлен вопрос"),
        "question_changed": gettext_lazy("изменён вопрос"),
        "question_deleted": gettext_lazy("удалён вопрос"),
        "section_added": gettext_lazy("добавлен раздел"),
        "section_deleted": gettext_lazy("удалён раздел"),
    }.items():
        audit_labels.register_field(key, label)
