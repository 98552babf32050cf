from __future__ import annotations

import datetime
import functools
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common import dates, xlsx
from common.downloads import XLSX, download
from common.http import HtmxHttpRequest
from mentoring.models import PersonalDataAccess
from mentoring.organisations.access import (
    OrganisationAccess,
    organisation_access,
    organisation_view,
    request_memberships,
)
from mentoring.organisations.personal_data import personal_data_access_record
from mentoring.programme.pickers import picker_initial

from . import charts, export, library, qr, selectors, services
from .forms import (
    AnswersForm,
    FinalWaveForm,
    QuestionForm,
    QuestionnaireForm,
    ResultsFilterForm,
    SectionForm,
    typed_from_stored,
)
from .models import Invitation, Question, Questionnaire
from .permissions import FILL_SURVEYS, MANAGE_SURVEYS, VIEW_NAMED_ANSWERS, VIEW_RESULTS


def _today() -> datetime.date:
    # The tests fix the day through this seam (monkeypatch "surveys.views._today").
    return dates.today()


def _messages_from(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _flash_error(request: HttpRequest, error: ValidationError) -> None:
    for message in _messages_from(error):
        messages.error(request, message)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# Lists ---------------------------------------------------------------------------------------------------


@organisation_view(VIEW_RESULTS)
@require_safe
def questionnaire_list(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    return render(
        request,
        "surveys/questionnaire_list.html",
        {
            "organisation": access.organisation,
            "questionnaires": selectors.questionnaires_for_organisation(access.organisation),
            "can_manage": access.has(MANAGE_SURVEYS),
            "templates": library.template_list() if access.has(MANAGE_SURVEYS) else [],
        },
    )


@organisation_view(FILL_SURVEYS)
@require_safe
def my_questionnaires(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    invitations = (
        list(selectors.invitations_for_person(access.organisation, access.person)) if access.person else []
    )
    today = _today()
    return render(
        request,
        "surveys/my_list.html",
        {
            "organisation": access.organisation,
            "to_fill": [i for i in invitations if not i.answered and i.questionnaire.accepts_answers(today)],
            "filled": [i for i in invitations if i.answered],
            "missed": [
                i for i in invitations if not i.answered and not i.questionnaire.accepts_answers(today)
            ],
        },
    )


# Questionnaire settings ---------------------------------------------------------------------------------


@organisation_view(MANAGE_SURVEYS)
@require_http_methods(["GET", "POST"])
def questionnaire_new(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    template_key = request.POST.get("template") or request.GET.get("template", "")
    if request.method == "POST" and template_key:
        try:
            questionnaire = services.questionnaire_from_template(
                organisation=access.organisation, actor=request.user, key=template_key
            )
        except ValidationError as error:
            _flash_error(request, error)
            return redirect("surveys:list", access.organisation.slug)
        messages.success(
            request, _("Анкета создана по шаблону. Проверьте вопросы и настройки, затем откройте её.")
        )
        return redirect("surveys:detail", access.organisation.slug, questionnaire.pk)
    finding, initial = _picker_search(request)
    form = QuestionnaireForm(
        None if finding else (request.POST or None),
        initial=initial,
        organisation=access.organisation,
        search_url=request.path,
    )
    if request.method == "POST" and not finding and form.is_valid():
        try:
            questionnaire = services.questionnaire_create(
                organisation=access.organisation,
                actor=request.user,
                data=form.cleaned_data,
                chosen_people=form.cleaned_data["chosen_people"],
                spec={"title": form.cleaned_data["title"], "sections": [{"title": _("Вопросы")}]},
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Анкета создана. Добавьте вопросы."))
            return redirect("surveys:detail", access.organisation.slug, questionnaire.pk)
    return render(
        request,
        "surveys/questionnaire_form.html",
        {"organisation": access.organisation, "form": form, "questionnaire": None},
    )


def _picker_search(request: HttpRequest) -> tuple[bool, dict[str, Any] | None]:
    """Whether the people picker was asked to search (htmx's GET, or «Найти» without JavaScript), and then the
    form's values as sent, to be shown again unsaved."""
    finding = request.method == "POST" and "find" in request.POST
    if finding or "chosen_people_q" in request.GET:
        data = request.POST if finding else request.GET
        return finding, picker_initial(data, multiple=("chosen_people",))
    return False, None


@organisation_view(MANAGE_SURVEYS)
@require_http_methods(["GET", "POST"])
def questionnaire_edit(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    finding, initial = _picker_search(request)
    form = QuestionnaireForm(
        None if finding else (request.POST or None),
        initial=initial,
        instance=questionnaire,
        organisation=access.organisation,
        search_url=request.path,
    )
    if request.method == "POST" and not finding and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.questionnaire_update(
                questionnaire=questionnaire,
                actor=request.user,
                data=data,
                chosen_people=list(form.cleaned_data["chosen_people"]),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Настройки анкеты сохранены."))
            return redirect("surveys:detail", access.organisation.slug, questionnaire.pk)
    questionnaire.refresh_from_db()
    return render(
        request,
        "surveys/questionnaire_form.html",
        {"organisation": access.organisation, "form": form, "questionnaire": questionnaire},
    )


@organisation_view(MANAGE_SURVEYS)
@require_POST
def questionnaire_delete(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    try:
        services.questionnaire_delete(questionnaire=questionnaire, actor=request.user)
    except ValidationError as error:
        _flash_error(request, error)
        return redirect("surveys:detail", access.organisation.slug, questionnaire.pk)
    messages.success(request, _("Черновик анкеты удалён."))
    return redirect("surveys:list", access.organisation.slug)


@organisation_view(MANAGE_SURVEYS)
@require_POST
def questionnaire_duplicate(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    copy = services.questionnaire_duplicate(questionnaire=questionnaire, actor=request.user)
    messages.success(request, _("Создана копия анкеты: её можно править и открыть отдельно."))
    return redirect("surveys:detail", access.organisation.slug, copy.pk)


@organisation_view(MANAGE_SURVEYS)
@require_http_methods(["GET", "POST"])
def final_wave_create(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    form = FinalWaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.questionnaire_final_wave_create(
                questionnaire=questionnaire,
                actor=request.user,
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
            )
        except ValidationError as error:
            _flash_error(request, error)
            return redirect("surveys:detail", access.organisation.slug, questionnaire.pk)
        messages.success(
            request,
            _("Итоговая волна создана как черновик с теми же вопросами. Откройте её, когда придёт время."),
        )
        return redirect("surveys:detail", access.organisation.slug, wave.pk)
    return render(
        request,
        "surveys/final_wave_form.html",
        {"organisation": access.organisation, "questionnaire": questionnaire, "form": form},
    )


@organisation_view(MANAGE_SURVEYS)
@require_http_methods(["GET", "POST"])
def questionnaire_open(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    """A confirmation page with the number of e-mails about to go; the POST of its button opens."""
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    if request.method == "GET" or request.POST.get("confirmed") != "1":
        if questionnaire.status == questionnaire.Status.OPEN:
            return redirect("surveys:detail", access.organisation.slug, questionnaire.pk)
        emails, no_email = services.open_emails_count(questionnaire)
        return render(
            request,
            "surveys/open_confirm.html",
            {
                "organisation": access.organisation,
                "questionnaire": questionnaire,
                "emails_line": ngettext(
                    "Будет отправлено %(count)s письмо.",
                    "Будет отправлено %(count)s письма.",
                    emails,
                )
                % {"count": emails},
                "emails": emails,
                "no_email": no_email,
            },
        )
    try:
        invited, sent = services.questionnaire_open(
            questionnaire=questionnaire, actor=request.user, today=_today()
        )
    except ValidationError as error:
        _flash_error(request, error)
    else:
        messages.success(
            request,
            _("Анкета открыта. Приглашено: %(invited)s, писем отправлено: %(sent)s.")
            % {"invited": invited, "sent": sent},
        )
    return redirect("surveys:detail", access.organisation.slug, questionnaire.pk)


@organisation_view(MANAGE_SURVEYS)
@require_POST
def questionnaire_close(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    try:
        services.questionnaire_close(questionnaire=questionnaire, actor=request.user)
    except ValidationError as error:
        _flash_error(request, error)
    else:
        messages.success(request, _("Анкета закрыта: ответы больше не принимаются."))
    return redirect("surveys:detail", access.organisation.slug, questionnaire.pk)


# The builder ---------------------------------------------------------------------------------------------


def _builder_context(access: OrganisationAccess, questionnaire: Questionnaire) -> dict[str, Any]:
    locked = services.has_responses(questionnaire)
    return {
        "organisation": access.organisation,
        "questionnaire": questionnaire,
        "sections": selectors.sections_with_questions(questionnaire),
        "can_manage": access.has(MANAGE_SURVEYS),
        "locked": locked,
        "section_form": SectionForm(),
        "counts": {
            "invited": questionnaire.invitations.count(),
            "answered": questionnaire.invitations.filter(answered=True).count(),
        },
        "next_waves": list(questionnaire.next_waves.all()),
    }


@organisation_view(VIEW_RESULTS)
@require_safe
def questionnaire_detail(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    return render(request, "surveys/questionnaire_detail.html", _builder_context(access, questionnaire))


def _render_builder_part(request, access: OrganisationAccess, questionnaire) -> HttpResponse:
    """After a builder change: htmx gets the sections again, a plain form post goes back to the page."""
    if request.htmx:
        return render(
            request, "surveys/includes/builder_sections.html", _builder_context(access, questionnaire)
        )
    return redirect("surveys:detail", access.organisation.slug, questionnaire.pk)


@organisation_view(MANAGE_SURVEYS)
@require_POST
def section_create(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            services.section_create(
                questionnaire=questionnaire,
                actor=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            _flash_error(request, error)
    else:
        messages.error(request, _("Укажите название раздела."))
    return redirect("surveys:detail", access.organisation.slug, questionnaire.pk)


@organisation_view(MANAGE_SURVEYS)
@require_http_methods(["GET", "POST"])
def section_edit(
    request: HtmxHttpRequest, access: OrganisationAccess, pk: int, section_id: int
) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    section = get_object_or_404(questionnaire.sections, pk=section_id)
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(
                section=section,
                actor=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _render_builder_part(request, access, questionnaire)
    template = "surveys/includes/section_form.html" if request.htmx else "surveys/section_form_page.html"
    return render(
        request,
        template,
        {
            "organisation": access.organisation,
            "questionnaire": questionnaire,
            "section": section,
            "form": form,
        },
    )


@organisation_view(MANAGE_SURVEYS)
@require_POST
def section_delete(
    request: HttpRequest, access: OrganisationAccess, pk: int, section_id: int
) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    section = get_object_or_404(questionnaire.sections, pk=section_id)
    try:
        services.section_delete(section=section, actor=request.user)
    except ValidationError as error:
        _flash_error(request, error)
    return redirect("surveys:detail", access.organisation.slug, questionnaire.pk)


def _question_data(form: QuestionForm) -> dict[str, Any]:
    return {
        name: form.cleaned_data.get(name) for name in services.QUESTION_FIELDS if name in form.cleaned_data
    }


def _next_code(questionnaire: Questionnaire) -> str:
    codes = set(questionnaire.questions.values_list("code", flat=True))
    number = len(codes) + 1
    while f"Q{number:02d}" in codes:
        number += 1
    return f"Q{number:02d}"


@organisation_view(MANAGE_SURVEYS)
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    initial = {"code": _next_code(questionnaire), "scale_min": 1, "scale_max": 10, "required": True}
    section_id = request.GET.get("section")
    if section_id and section_id.isdigit():
        initial["section"] = get_object_or_404(questionnaire.sections, pk=int(section_id))
    form = QuestionForm(request.POST or None, questionnaire=questionnaire, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_create(
                section=form.cleaned_data["section"], actor=request.user, data=_question_data(form)
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Вопрос добавлен."))
            return redirect(
                reverse("surveys:detail", args=[access.organisation.slug, questionnaire.pk]) + "#questions"
            )
    return render(
        request,
        "surveys/question_form.html",
        {"organisation": access.organisation, "questionnaire": questionnaire, "form": form, "question": None},
    )


@organisation_view(MANAGE_SURVEYS)
@require_http_methods(["GET", "POST"])
def question_edit(
    request: HttpRequest, access: OrganisationAccess, pk: int, question_id: int
) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    question = get_object_or_404(questionnaire.questions.select_related("section"), pk=question_id)
    form = QuestionForm(request.POST or None, instance=question, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        question.refresh_from_db()
        try:
            services.question_update(
                question=question,
                actor=request.user,
                data=_question_data(form),
                section=form.cleaned_data["section"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Вопрос сохранён."))
            return redirect(
                reverse("surveys:detail", args=[access.organisation.slug, questionnaire.pk])
                + f"#question-{question.pk}"
            )
    return render(
        request,
        "surveys/question_form.html",
        {
            "organisation": access.organisation,
            "questionnaire": questionnaire,
            "form": form,
            "question": question,
        },
    )


@organisation_view(MANAGE_SURVEYS)
@require_POST
def question_delete(
    request: HttpRequest, access: OrganisationAccess, pk: int, question_id: int
) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    question = get_object_or_404(questionnaire.questions.select_related("section"), pk=question_id)
    try:
        services.question_delete(question=question, actor=request.user)
    except ValidationError as error:
        _flash_error(request, error)
    return _render_builder_part(request, access, questionnaire)


@organisation_view(MANAGE_SURVEYS)
@require_POST
def question_move(
    request: HttpRequest, access: OrganisationAccess, pk: int, question_id: int
) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    question = get_object_or_404(questionnaire.questions.select_related("section"), pk=question_id)
    try:
        services.question_move(
            question=question, actor=request.user, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        _flash_error(request, error)
    return _render_builder_part(request, access, questionnaire)


# Filling in ----------------------------------------------------------------------------------------------


@organisation_view(MANAGE_SURVEYS)
@require_safe
def questionnaire_preview(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    form = AnswersForm(
        questions=selectors.questions_in_order(questionnaire), organisation=access.organisation
    )
    return render(
        request,
        "surveys/fill.html",
        {
            "questionnaire": questionnaire,
            "organisation": access.organisation,
            "form": form,
            "preview": True,
            "accepting": True,
            "show_form": True,
        },
    )


def _typed_so_far(invitation: Invitation, questions: list[Question], today: datetime.date) -> dict[str, Any]:
    """What the form starts with: the draft, or the submitted answers when they may be corrected."""
    if not invitation.answered:
        draft = getattr(invitation, "draft", None)
        return draft.data if draft is not None else {}
    if not services.can_edit_response(invitation, today):
        return {}
    response = selectors.response_for_invitation(invitation)
    by_id = {question.pk: question for question in questions}
    return {
        by_id[answer.question_id].code: typed_from_stored(by_id[answer.question_id], answer.value)
        for answer in (response.answers.all() if response else [])
        if answer.question_id in by_id
    }


def _fill_page(request, invitation, form, *, today, notice="", status=200) -> HttpResponse:
    questionnaire = invitation.questionnaire
    refusal = services.answering_refusal(invitation, today)
    return render(
        request,
        "surveys/fill.html",
        {
            "questionnaire": questionnaire,
            "organisation": questionnaire.organisation,
            "invitation": invitation,
            "form": form,
            "show_form": not refusal,
            "accepting": questionnaire.accepts_answers(today),
            "editable": services.can_edit_response(invitation, today),
            "refusal": refusal,
            "notice": notice,
            "notice_is_error": status != 200,
            "preview": False,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def fill(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link. The token (256 random bits, unique) names the invitation and is all it takes:
    many teachers have no account in the app (people are imported from Excel), and a link that works
    straight from the e-mail on a phone is what makes them answer. The link gives access to this one
    questionnaire of this one person and nothing else. A wrong token is a 404. A draft (the button, or the
    autosave every few seconds) is the same form validated partially."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        raise Http404(_("Анкета не найдена: проверьте ссылку."))
    if request.user.is_authenticated:
        # Show the organisation's navigation to a logged-in participant.
        request.access = organisation_access(  # type: ignore[attr-defined]
            request.user,
            invitation.questionnaire.organisation,
            memberships=request_memberships(request),
        )
    today = _today()
    action = request.POST.get("action", "submit")
    questions = selectors.questions_in_order(invitation.questionnaire)
    answers_form = functools.partial(
        AnswersForm,
        questions=questions,
        organisation=invitation.questionnaire.organisation,
        respondent=invitation.person,
    )
    if request.method == "GET":
        form = answers_form(initial=_typed_so_far(invitation, questions, today))
        return _fill_page(request, invitation, form, today=today)
    form = answers_form(request.POST, partial=action in {"draft", "autosave"})
    notice, status = "", 200
    try:
        if refusal := services.answering_refusal(invitation, today):
            raise ValidationError(refusal)
        if form.partial:
            form.is_valid()  # marks the wrong answers; the valid ones are kept
            services.draft_save(invitation=invitation, raw=form.typed_answers(), today=today)
            notice = _("Черновик сохранён в %(time)s.") % {"time": timezone.localtime().strftime("%H:%M")}
        elif form.is_valid():
            actor = request.user if request.user.is_authenticated else None
            services.response_submit(
                invitation=invitation, raw=form.typed_answers(), actor=actor, today=today
            )
            return _fill_done(request, invitation)
        else:
            notice, status = _("Проверьте ответы: некоторые заполнены неверно или пропущены."), 400
    except ValidationError as error:  # closed, or answered in another tab
        notice, status = " ".join(_messages_from(error)), 409
    invitation.refresh_from_db()
    if action == "autosave":
        return render(
            request,
            "surveys/includes/draft_status.html",
            {"notice": notice, "saved": status == 200, "unsaved": len(form.errors)},
            status=status,
        )
    return _fill_page(request, invitation, form, today=today, notice=notice, status=status)


def _fill_done(request, invitation) -> HttpResponse:
    questionnaire = invitation.questionnaire
    return render(
        request,
        "surveys/fill_done.html",
        {
            "questionnaire": questionnaire,
            "invitation": invitation,
            "editable": questionnaire.allow_edit_until_close and not questionnaire.is_anonymous,
            "fill_url": reverse("surveys:fill", args=[invitation.token]),
        },
    )


# Invitations, results, comparison, export ---------------------------------------------------------------


@organisation_view(VIEW_RESULTS)
@require_safe
def invitation_list(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    return render(
        request,
        "surveys/invitations.html",
        {
            "organisation": access.organisation,
            "questionnaire": questionnaire,
            "invitations": selectors.invitations_for_questionnaire(questionnaire),
            "can_manage": access.has(MANAGE_SURVEYS),
            "base_url": _base_url(request),
        },
    )


@organisation_view(MANAGE_SURVEYS)
@require_POST
def invitations_send(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    if not questionnaire.accepts_answers(_today()):
        messages.error(request, questionnaire.refusal_reason(_today()))
        return redirect("surveys:invitations", access.organisation.slug, questionnaire.pk)
    created = services.invitations_sync(questionnaire=questionnaire)
    sent, no_email = services.invitations_send(
        questionnaire=questionnaire,
        actor=request.user,
        only_unsent=request.POST.get("scope") != "all",
    )
    messages.success(
        request,
        _(
            "Новых приглашённых: %(new)s. Писем отправлено: %(sent)s. "
            "Без адреса почты: %(none)s — передайте им ссылку лично."
        )
        % {"new": len(created), "sent": sent, "none": no_email},
    )
    return redirect("surveys:invitations", access.organisation.slug, questionnaire.pk)


@organisation_view(MANAGE_SURVEYS)
@require_safe
def invitations_qr_sheet(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    """A page to print: the personal links with QR codes of those without e-mail (`?all=1`: everyone)."""
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    everyone = request.GET.get("all") == "1"
    return render(
        request,
        "surveys/qr_sheet.html",
        {
            "organisation": access.organisation,
            "questionnaire": questionnaire,
            "cards": qr.qr_cards(questionnaire, everyone=everyone),
            "everyone": everyone,
        },
    )


def _filters(request, questionnaire, *, named: bool = True):
    """The results' filters; above the school (`named` False) no filter narrows the answers to one pair."""
    choices = selectors.filter_choices(questionnaire)
    form = ResultsFilterForm(request.GET or None, forms_choices=choices["forms"], pairs=choices["pairs"])
    # A wrong value in one filter (a forged id) drops that filter only.
    params = {}
    if form.is_bound:
        form.is_valid()
        params = form.cleaned_data
    return form, {
        "role": params.get("role") or "",
        "form_id": params.get("form"),
        "pair_id": params.get("pair") if named else None,
    }


def question_chart(summary: dict) -> str:
    kind = Question.Type
    if summary["type"] in {kind.SINGLE, kind.MULTIPLE} and summary["n"]:
        return charts.bar_chart(
            [(o["label"], o["share"]) for o in summary["options"]], max_value=100, suffix=" %"
        )
    if summary["type"] == kind.SCALE and summary["n"]:
        question = summary["question"]
        return charts.histogram(
            summary["distribution"], min_label=question.scale_min_label, max_label=question.scale_max_label
        )
    if summary["type"] == kind.MATRIX and summary["n"]:
        question = summary["question"]
        return charts.bar_chart(
            [(row["statement"], row["mean"] or 0) for row in summary["rows"]], max_value=question.scale_max
        )
    return ""


@organisation_view(VIEW_RESULTS)
@require_safe
def results(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    named = access.has(VIEW_NAMED_ANSWERS)
    filter_form, params = _filters(request, questionnaire, named=named)
    data = selectors.questionnaire_results(questionnaire, **params)
    for summary in data["questions"]:
        summary["chart"] = question_chart(summary)
    return render(
        request,
        "surveys/results.html",
        {
            "organisation": access.organisation,
            "questionnaire": questionnaire,
            "results": data,
            "filter_form": filter_form,
            "filtered": any(params.values()),
            "named": named,
        },
    )


@organisation_view(VIEW_RESULTS)
@require_safe
def comparison(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    data = selectors.wave_comparison(questionnaire)
    if data is None:
        raise Http404(_("Это не итоговая волна: сравнивать не с чем."))
    group_key = request.GET.get("group", "all")
    groups = {group["key"]: group for group in data["groups"]}
    group = groups.get(group_key) or (data["groups"][0] if data["groups"] else None)
    chart = ""
    if group:
        chart = charts.comparison_chart(
            [(row["label"], row["entry"], row["final"], row["scale_max"]) for row in group["rows"]]
        )
    # Each participant's change, and who answered only once, are named: not shown above the school.
    named = access.has(VIEW_NAMED_ANSWERS)
    people = data["people"] if named else []
    if group and group["key"] != "all":
        people = [person for person in people if group["key"] in person["groups"]]
    return render(
        request,
        "surveys/comparison.html",
        {
            "organisation": access.organisation,
            "questionnaire": questionnaire,
            "data": data,
            "group": group,
            "chart": chart,
            "people": people,
            "named": named,
        },
    )


@organisation_view(VIEW_NAMED_ANSWERS)
@require_safe
def export_xlsx(request: HttpRequest, access: OrganisationAccess, pk: int) -> HttpResponseBase:
    questionnaire = get_object_or_404(selectors.questionnaires_with_details(access.organisation), pk=pk)
    content = export.responses_xlsx(questionnaire)
    what = _("Ответы на анкету «%(title)s»") % {"title": questionnaire.title}
    if not questionnaire.is_anonymous:
        personal_data_access_record(
            actor=request.user,
            organisation=access.organisation,
            kind=PersonalDataAccess.Kind.ANSWERS_EXPORTED,
            detail=questionnaire.title,
        )
    filename = xlsx.filename(what, access.organisation.short_name, _today())
    return download(content, filename=filename, content_type=XLSX)
