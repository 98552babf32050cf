"""Screens of the mentoring programme: bases, consent, partners, matching, pairs, plans, meetings, Excel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common import dates
from common.downloads import XLSX, download
from common.filenames import human_name
from common.http import HtmxHttpRequest
from common.messages import error_text
from common.wording import gendered
from mentoring.models import (
    MenteeProfile,
    MentorProfile,
    Pair,
    Person,
    PersonalDataAccess,
    Plan,
    PlanAmendment,
    Preference,
)
from mentoring.organisations import declension, removal
from mentoring.organisations import selectors as organisation_selectors
from mentoring.organisations.access import OrganisationAccess, Perm, organisation_view
from mentoring.programme import excel, labour, permissions, personal_data, selectors, services
from mentoring.programme.forms import (
    ConsentForm,
    ConsentWithdrawForm,
    MeetingForm,
    MenteeFilterForm,
    MenteeProfileForm,
    MentorFilterForm,
    MentorProfileForm,
    PairEditForm,
    PairForm,
    PairMembersForm,
    PartnerForm,
    PlanAmendmentForm,
    PlanCreateForm,
    PlanItemDoneForm,
    PlanItemForm,
    PreferenceForm,
    ReasonForm,
    SuggestionAcceptForm,
    SupportNoteForm,
)

PAGE_SIZE = 50


def _ctx(access: OrganisationAccess, **extra: Any) -> dict[str, Any]:
    return {"access": access, "organisation": access.organisation, **extra}


# --- Bases ------------------------------------------------------------------------------------------------


@organisation_view(Perm.VIEW_BASES)
@require_safe
def mentor_list(request: HtmxHttpRequest, access: OrganisationAccess) -> HttpResponse:
    filters = MentorFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    profiles = selectors.mentor_profiles_for(
        access.organisation,
        search=params.get("q", ""),
        status=params.get("status", ""),
        competency=params["competency"].pk if params.get("competency") else None,
        consent=params.get("consent", ""),
        trained=params.get("trained", ""),
        labour_consent=params.get("labour_consent", ""),
    )
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "mentoring/bases/mentor_rows.html" if request.htmx else "mentoring/bases/mentor_list.html"
    return render(
        request,
        template,
        _ctx(
            access,
            filters=filters,
            page=page,
            query=query.urlencode(),
            summary=selectors.bases_summary(access.organisation),
            can_manage=access.has(Perm.MANAGE_BASES),
            can_excel=access.has(Perm.EXCEL),
            can_settings=access.has(Perm.MANAGE_PEOPLE),
            can_export=access.has(Perm.EXPORT_BASES),
        ),
    )


@organisation_view(Perm.VIEW_BASES)
@require_safe
def mentee_list(request: HtmxHttpRequest, access: OrganisationAccess) -> HttpResponse:
    filters = MenteeFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    profiles = selectors.mentee_profiles_for(
        access.organisation,
        search=params.get("q", ""),
        status=params.get("status", ""),
        category=params.get("category", ""),
        competency=params["competency"].pk if params.get("competency") else None,
        consent=params.get("consent", ""),
    )
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "mentoring/bases/mentee_rows.html" if request.htmx else "mentoring/bases/mentee_list.html"
    return render(
        request,
        template,
        _ctx(
            access,
            filters=filters,
            page=page,
            query=query.urlencode(),
            summary=selectors.bases_summary(access.organisation),
            can_manage=access.has(Perm.MANAGE_BASES),
            can_excel=access.has(Perm.EXCEL),
            can_export=access.has(Perm.EXPORT_BASES),
        ),
    )


@organisation_view(Perm.MANAGE_BASES)
@require_http_methods(["GET", "POST"])
def base_add(request: HttpRequest, access: OrganisationAccess, base: str) -> HttpResponse:
    people = selectors.people_not_in_base(access.organisation, base)
    form_class = MentorProfileForm if base == "mentor" else MenteeProfileForm
    initial: dict[str, Any] = {}
    if request.GET.get("person"):
        initial["person"] = request.GET["person"]
    form = form_class(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = data.pop("person")
        profile: MentorProfile | MenteeProfile
        try:
            if base == "mentor":
                profile = services.mentor_profile_save(
                    organisation=access.organisation,
                    person=person,
                    actor=request.user,
                    data=data,
                    competencies=data.pop("competencies"),
                )
            else:
                profile = services.mentee_profile_save(
                    organisation=access.organisation,
                    person=person,
                    actor=request.user,
                    data=data,
                    request_tags=data.pop("request_tags"),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            added = gendered(
                person, masculine=_("%(name)s добавлен в базу."), feminine=_("%(name)s добавлена в базу.")
            )
            messages.success(request, added % {"name": person.full_name})
            return redirect(f"mentoring:{base}", access.organisation.slug, profile.pk)
    return render(
        request, "mentoring/bases/profile_form.html", _ctx(access, form=form, base=base, profile=None)
    )


@organisation_view(Perm.MANAGE_BASES)
@require_http_methods(["GET", "POST"])
def base_edit(request: HttpRequest, access: OrganisationAccess, base: str, profile_id: int) -> HttpResponse:
    profile = get_object_or_404(selectors.base_profiles(access.organisation, base), pk=profile_id)
    form_class = MentorProfileForm if base == "mentor" else MenteeProfileForm
    form = form_class(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        profile.refresh_from_db()
        try:
            if base == "mentor":
                services.mentor_profile_save(
                    organisation=access.organisation,
                    person=profile.person,
                    actor=request.user,
                    data=data,
                    competencies=data.pop("competencies"),
                )
            else:
                services.mentee_profile_save(
                    organisation=access.organisation,
                    person=profile.person,
                    actor=request.user,
                    data=data,
                    request_tags=data.pop("request_tags"),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect(f"mentoring:{base}", access.organisation.slug, profile.pk)
    return render(
        request, "mentoring/bases/profile_form.html", _ctx(access, form=form, base=base, profile=profile)
    )


@organisation_view(Perm.MANAGE_BASES)
@require_http_methods(["GET", "POST"])
def base_remove(request: HttpRequest, access: OrganisationAccess, base: str, profile_id: int) -> HttpResponse:
    """Delete a base record nothing refers to; otherwise archive it, saying what refers to it."""
    profile = get_object_or_404(selectors.base_profiles(access.organisation, base), pk=profile_id)
    list_name = "mentoring:mentors" if base == "mentor" else "mentoring:mentees"
    if request.method == "POST":
        try:
            if request.POST.get("action") == "delete":
                removal.record_delete(record=profile, actor=request.user)
                messages.success(
                    request, _("Запись удалена из базы: %(name)s.") % {"name": profile.person.full_name}
                )
                return redirect(list_name, access.organisation.slug)
            if request.POST.get("action") == "archive":
                removal.record_archive(record=profile, actor=request.user)
                messages.success(
                    request, _("Запись в архиве: %(name)s.") % {"name": profile.person.full_name}
                )
                return redirect(f"mentoring:{base}", access.organisation.slug, profile.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "mentoring/bases/profile_remove.html",
        _ctx(
            access,
            base=base,
            profile=profile,
            person=profile.person,
            blockers=removal.record_blockers(profile),
        ),
    )


@organisation_view(Perm.VIEW_BASES)
@require_safe
def base_detail(request: HttpRequest, access: OrganisationAccess, base: str, profile_id: int) -> HttpResponse:
    profile = get_object_or_404(selectors.base_profiles(access.organisation, base), pk=profile_id)
    can_manage = access.has(Perm.MANAGE_BASES)
    return render(
        request,
        "mentoring/bases/profile_detail.html",
        _ctx(
            access,
            base=base,
            profile=profile,
            person=profile.person,
            consents=selectors.consents_of(access.organisation, profile.person),
            pairs=selectors.pairs_of_person(access.organisation, profile.person),
            support_notes=profile.person.support_notes.filter(
                organisation=access.organisation
            ).select_related("author__person")
            if base == "mentee"
            else [],
            can_manage=can_manage,
            consent_form=ConsentForm() if can_manage else None,
            withdraw_form=ConsentWithdrawForm() if can_manage else None,
            # ст. 351.8 ТК РФ: a staff mentor's written consent to mentoring.
            mentoring_consent=labour.mentoring_consent_of(access.organisation, profile.person)
            if base == "mentor"
            else None,
        ),
    )


# --- Consent ----------------------------------------------------------------------------------------------


def _back_to_person(
    access: OrganisationAccess, person: Person, fallback: str = "mentoring:mentors"
) -> HttpResponseRedirect:
    mentor_profile = access.organisation.mentor_profiles.filter(person=person).first()
    if mentor_profile:
        return redirect("mentoring:mentor", access.organisation.slug, mentor_profile.pk)
    mentee_profile = access.organisation.mentee_profiles.filter(person=person).first()
    if mentee_profile:
        return redirect("mentoring:mentee", access.organisation.slug, mentee_profile.pk)
    return redirect("mentoring:person", access.organisation.slug, person.pk)


@organisation_view(Perm.MANAGE_BASES)
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, access: OrganisationAccess, person_id: int) -> HttpResponse:
    membership = get_object_or_404(
        organisation_selectors.memberships_with_roles(access.organisation), person_id=person_id
    )
    person = membership.person
    form = ConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_give(
                organisation=access.organisation,
                person=person,
                given_on=form.cleaned_data["given_on"],
                text_version=form.cleaned_data["text_version"],
                file=form.cleaned_data.get("file"),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Согласие %(name)s внесено.")
                % {"name": declension.person_name(person, "gent", short=True)},
            )
            return _back_to_person(access, person)
    return render(request, "mentoring/bases/consent_form.html", _ctx(access, form=form, person=person))


@organisation_view(Perm.MANAGE_BASES)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, access: OrganisationAccess, consent_id: int) -> HttpResponse:
    consent = get_object_or_404(access.organisation.consents.select_related("person"), pk=consent_id)
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                organisation=access.organisation,
                consent=consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.warning(
                request,
                gendered(
                    consent.person,
                    masculine=_("Согласие отозвано: %(name)s выведен из баз и из пар."),
                    feminine=_("Согласие отозвано: %(name)s выведена из баз и из пар."),
                )
                % {"name": consent.person.short_name},
            )
            return _back_to_person(access, consent.person)
    return render(request, "mentoring/bases/consent_withdraw.html", _ctx(access, form=form, consent=consent))


@organisation_view(Perm.MANAGE_BASES)
@require_safe
def consent_file(request: HttpRequest, access: OrganisationAccess, consent_id: int) -> HttpResponseBase:
    consent = get_object_or_404(access.organisation.consents.select_related("person"), pk=consent_id)
    if not consent.file:
        raise Http404(_("Скан не загружен"))
    personal_data.personal_data_access_record(
        actor=request.user,
        organisation=access.organisation,
        kind=PersonalDataAccess.Kind.CONSENT_DOWNLOADED,
        person=consent.person,
        detail=f"{consent.text_version}, {consent.given_on:%d.%m.%Y}",
    )
    name = human_name(
        f"Согласие {consent.person.full_name} от {consent.given_on:%d.%m.%Y}", consent.file.name or ""
    )
    return download(consent.file.open("rb"), filename=name)


# --- Partners ---------------------------------------------------------------------------------------------


@organisation_view(Perm.VIEW_BASES)
@require_safe
def partner_list(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    return render(
        request,
        "mentoring/partners/list.html",
        _ctx(
            access,
            partners=selectors.partners_for(access.organisation),
            can_manage=access.has(Perm.MANAGE_BASES),
        ),
    )


@organisation_view(Perm.MANAGE_BASES)
@require_http_methods(["GET", "POST"])
def partner_edit(
    request: HttpRequest, access: OrganisationAccess, partner_id: int | None = None
) -> HttpResponse:
    partner = None
    if partner_id is not None:
        partner = get_object_or_404(access.organisation.partners, pk=partner_id)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        if partner is not None:
            partner.refresh_from_db()
        try:
            services.partner_save(
                organisation=access.organisation, actor=request.user, data=form.cleaned_data, partner=partner
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Партнёр сохранён."))
            return redirect("mentoring:partners", access.organisation.slug)
    return render(request, "mentoring/partners/form.html", _ctx(access, form=form, partner=partner))


@organisation_view(Perm.MANAGE_BASES)
@require_POST
def partner_delete(request: HttpRequest, access: OrganisationAccess, partner_id: int) -> HttpResponse:
    partner = access.organisation.partners.filter(pk=partner_id).first()
    if partner is None:
        messages.info(request, _("Партнёр уже удалён."))
    else:
        services.partner_delete(organisation=access.organisation, partner=partner, actor=request.user)
        messages.success(request, _("Партнёр удалён."))
    return redirect("mentoring:partners", access.organisation.slug)


# --- Matching and preferences -----------------------------------------------------------------------------


@organisation_view(Perm.RUN_MATCHING)
@require_http_methods(["GET", "POST"])
def matching(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    can_cross = access.has(Perm.MATCH_ACROSS_MUNICIPALITY)
    if request.method == "POST":
        across = can_cross and request.POST.get("across_municipality") == "1"
        run = services.matching_run(
            organisation=access.organisation, actor=request.user, across_municipality=across
        )
        suggested = run.mentees_count - run.unmatched_count
        messages.success(
            request,
            _("Подбор выполнен: предложено в пары — %(suggested)s, осталось без пары — %(left)s.")
            % {"suggested": suggested, "left": run.unmatched_count},
        )
        return redirect("mentoring:matching", access.organisation.slug)
    suggestions = list(selectors.open_suggestions(access.organisation))
    return render(
        request,
        "mentoring/matching/page.html",
        _ctx(
            access,
            run=selectors.latest_match_run(access.organisation),
            suggestions=suggestions,
            can_cross=can_cross,
            summary=selectors.bases_summary(access.organisation),
            without_pair=selectors.mentees_without_pair(access.organisation)[:50],
            proposed_count=access.organisation.pairs.filter(status=Pair.Status.PROPOSED).count(),
        ),
    )


@organisation_view(Perm.RUN_MATCHING)
@require_http_methods(["GET", "POST"])
def suggestion_accept(request: HttpRequest, access: OrganisationAccess, suggestion_id: int) -> HttpResponse:
    suggestion = get_object_or_404(access.organisation.match_suggestions, pk=suggestion_id)
    if suggestion.status != suggestion.Status.OPEN:
        messages.info(request, _("По этому предложению уже принято решение."))
        return redirect("mentoring:matching", access.organisation.slug)
    suggestion = get_object_or_404(selectors.open_suggestions(access.organisation), pk=suggestion_id)
    quick = request.method == "POST" and "quick" in request.POST
    form = SuggestionAcceptForm(None if quick else (request.POST or None), suggestion=suggestion)
    if quick or (request.method == "POST" and form.is_valid()):
        try:
            pair = services.suggestion_accept(
                organisation=access.organisation,
                suggestion_id=suggestion.pk,
                actor=request.user,
                mentee_ids=None if quick else [int(pk) for pk in form.cleaned_data["mentees"]],
                form=None if quick else form.cleaned_data["form"],
                goal="" if quick else form.cleaned_data["goal"],
            )
        except ValidationError as error:
            if quick:
                messages.error(request, error_text(error))
                return redirect("mentoring:matching", access.organisation.slug)
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Предложение принято: %(pair)s ждёт утверждения директором.") % {"pair": pair},
            )
            return redirect("mentoring:matching", access.organisation.slug)
    return render(request, "mentoring/matching/accept.html", _ctx(access, suggestion=suggestion, form=form))


def _bulk_messages(request: HttpRequest, outcome: services.BulkOutcome, done_text: str) -> None:
    if outcome.done:
        messages.success(request, done_text % {"count": outcome.done})
    for reason in outcome.refused:
        messages.warning(request, reason)
    if not outcome.done and not outcome.refused:
        messages.info(request, _("Делать нечего: всё уже сделано."))


@organisation_view(Perm.RUN_MATCHING)
@require_POST
def suggestions_accept_all(request: HttpRequest, access: OrganisationAccess, run_id: int) -> HttpResponse:
    get_object_or_404(access.organisation.match_runs, pk=run_id)
    outcome = services.suggestions_accept_all(
        organisation=access.organisation, run_id=run_id, actor=request.user
    )
    _bulk_messages(request, outcome, _("Принято предложений: %(count)s; пары ждут утверждения директором."))
    return redirect("mentoring:matching", access.organisation.slug)


@organisation_view(Perm.RUN_MATCHING)
@require_POST
def suggestion_reject(request: HttpRequest, access: OrganisationAccess, suggestion_id: int) -> HttpResponse:
    try:
        services.suggestion_reject(
            organisation=access.organisation, suggestion_id=suggestion_id, actor=request.user
        )
    except ValidationError as error:
        messages.info(request, error_text(error))
    else:
        messages.success(request, _("Предложение отклонено; наставляемые остались в базе."))
    return redirect("mentoring:matching", access.organisation.slug)


@organisation_view(Perm.MANAGE_BASES)
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    organisation = access.organisation
    people = selectors.people_in_bases(organisation)
    saving = request.method == "POST" and "find" not in request.POST
    if saving:
        form = PreferenceForm(request.POST, people=people)
    else:
        # A search (htmx's GET, or «Найти» without JavaScript) keeps what is chosen and typed, unsaved.
        source = request.POST if request.method == "POST" else request.GET
        wanted = [*PreferenceForm.PICKED, *(f"{name}_search" for name in PreferenceForm.PICKED)]
        form = PreferenceForm(people=people, initial={name: source.get(name, "")[:200] for name in wanted})
    if saving and form.is_valid():
        try:
            services.preferences_replace(
                organisation=organisation,
                chooser=form.cleaned_data["chooser"],
                chosen=form.chosen,
                source=Preference.Source.CURATOR,
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Предпочтения записаны."))
            return redirect("mentoring:preferences", organisation.slug)
    page = Paginator(selectors.preference_choosers(organisation), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.preferences_of(organisation, chooser_ids=list(page.object_list))
    return render(
        request, "mentoring/matching/preferences.html", _ctx(access, form=form, rows=rows, page=page)
    )


@organisation_view(Perm.VIEW_BASES)
@require_safe
def support(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    return render(
        request,
        "mentoring/matching/support.html",
        _ctx(
            access,
            profiles=selectors.mentees_without_pair(access.organisation),
            can_note=access.has(Perm.SUPPORT),
            note_form=SupportNoteForm(),
        ),
    )


@organisation_view(Perm.SUPPORT)
@require_POST
def support_note(request: HttpRequest, access: OrganisationAccess, profile_id: int) -> HttpResponse:
    profile = get_object_or_404(access.organisation.mentee_profiles.select_related("person"), pk=profile_id)
    form = SupportNoteForm(request.POST)
    if form.is_valid():
        try:
            services.support_note_create(
                organisation=access.organisation,
                mentee=profile.person,
                actor=request.user,
                date=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Запись о поддержке сохранена."))
    else:
        messages.error(
            request, " ".join(str(message) for errors in form.errors.values() for message in errors)
        )
    return redirect(reverse("mentoring:support", args=[access.organisation.slug]) + f"#mentee-{profile.pk}")


# --- Pairs ------------------------------------------------------------------------------------------------


@organisation_view(Perm.VIEW_BASES)
@require_safe
def pair_list(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in {"open", "", *Pair.Status.values}:
        status = "open"
    search = request.GET.get("q", "").strip()[:100]
    pairs = selectors.pairs_for(access.organisation, status=status, search=search)
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    at_risk = set(selectors.pairs_at_risk(access.organisation).values_list("pk", flat=True))
    return render(
        request,
        "mentoring/pairs/list.html",
        _ctx(
            access,
            page=page,
            status=status,
            search=search,
            query=query.urlencode(),
            statuses=Pair.Status.choices,
            summary=selectors.pairs_summary(access.organisation),
            at_risk=at_risk,
            can_manage=access.has(Perm.MANAGE_BASES),
            can_approve=access.has(Perm.APPROVE),
            can_excel=access.has(Perm.EXCEL),
            can_export=access.has(Perm.EXPORT_BASES),
        ),
    )


@organisation_view(Perm.MANAGE_BASES)
@require_http_methods(["GET", "POST"])
def pair_create(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    organisation = access.organisation
    mentors = selectors.mentors_in_base(organisation).order_by("last_name", "first_name")
    mentees = Person.objects.filter(
        mentee_profiles__organisation=organisation,
        mentee_profiles__status__in=[MenteeProfile.Status.CANDIDATE, MenteeProfile.Status.WITHOUT_PAIR],
    ).order_by("last_name", "first_name")
    form = PairForm(request.POST or None, mentors=mentors, mentees=mentees)
    if request.method == "POST" and form.is_valid():
        try:
            pair = services.pair_create(
                organisation=organisation,
                mentor=form.cleaned_data["mentor"],
                mentees=form.cleaned_data["mentees"],
                form=form.cleaned_data["form"],
                goal=form.cleaned_data["goal"],
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Пара предложена и ждёт утверждения директором."))
            return redirect("mentoring:pair", organisation.slug, pair.pk)
    return render(request, "mentoring/pairs/form.html", _ctx(access, form=form, pair=None))


def _pair_page(
    request: HttpRequest,
    access: OrganisationAccess,
    pair: Pair,
    *,
    template: str = "mentoring/pairs/detail.html",
) -> HttpResponse:
    plan = getattr(pair, "plan", None) if hasattr(pair, "plan") else None
    items = list(selectors.plan_items(pair)) if plan else []
    done = sum(1 for item in items if item.done)
    can_work = permissions.can_work_on_pair(access, pair)
    amendments = list(selectors.plan_amendments_of(plan)[:20]) if plan else []
    return render(
        request,
        template,
        _ctx(
            access,
            pair=pair,
            plan=plan,
            plan_locked=plan is not None and plan.approved_at is not None,
            pending_amendments=[amendment for amendment in amendments if amendment.is_pending],
            decided_amendments=[amendment for amendment in amendments if not amendment.is_pending][:5],
            change_awaiting_order=selectors.pair_change_awaiting_order(pair),
            pair_changes=list(selectors.pair_changes_of(pair)[:5]) if access.has(Perm.VIEW_BASES) else [],
            items=items,
            progress=round(100 * done / len(items)) if items else 0,
            done_count=done,
            meetings=selectors.meetings_of(pair),
            at_risk=selectors.pairs_at_risk(access.organisation).filter(pk=pair.pk).exists(),
            today=dates.today(access.organisation),
            can_work=can_work,
            can_manage=access.has(Perm.MANAGE_BASES),
            can_approve=access.has(Perm.APPROVE),
            plan_form=PlanCreateForm(pair=pair) if can_work and plan is None else None,
            reason_form=ReasonForm(),
            is_member=permissions.is_pair_member(access, pair),
            can_view_bases=access.has(Perm.VIEW_BASES),
            # ст. 351.8 ТК РФ: the staff who see the bases, and the mentor themself — never the mentee.
            labour=labour.pairs_labour_status(access.organisation, [pair])[pair.pk]
            if access.has(Perm.VIEW_BASES)
            or (access.person is not None and access.person.pk == pair.mentor_id)
            else None,
            # The agreements of the mentors the curator replaced: kept on record, shown to the staff.
            former_agreements=labour.agreement_history(pair) if access.has(Perm.VIEW_BASES) else [],
        ),
    )


@organisation_view(Perm.VIEW_ORGANISATION)
@require_safe
def pair_detail(request: HttpRequest, access: OrganisationAccess, pair_id: int) -> HttpResponse:
    return _pair_page(request, access, get_object_or_404(selectors.pairs_visible_to(access), pk=pair_id))


@organisation_view(Perm.VIEW_ORGANISATION)
@require_safe
def my_pairs(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """«Моя наставническая пара»: a teacher's own pairs (as mentor or mentee)."""
    pairs = []
    if access.person is not None:
        pairs = list(
            selectors.pairs_for(access.organisation, person=access.person).exclude(
                status__in=[Pair.Status.REJECTED]
            )
        )
    working = [pair for pair in pairs if pair.is_open]
    if len(working) == 1:
        return _pair_page(request, access, selectors.pairs_for(access.organisation).get(pk=working[0].pk))
    return render(request, "mentoring/pairs/mine.html", _ctx(access, pairs=pairs))


@organisation_view(Perm.MANAGE_BASES)
@require_http_methods(["GET", "POST"])
def pair_edit(request: HttpRequest, access: OrganisationAccess, pair_id: int) -> HttpResponse:
    pair = get_object_or_404(selectors.pairs_visible_to(access), pk=pair_id)
    initial = {
        "form": pair.form_id,
        "goal": pair.goal,
        "start_date": pair.start_date,
        "end_date": pair.end_date,
    }
    form = PairEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_update(
                organisation=access.organisation, pair=pair, actor=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("mentoring:pair", access.organisation.slug, pair.pk)
    return render(request, "mentoring/pairs/form.html", _ctx(access, form=form, pair=pair))


@organisation_view(Perm.MANAGE_BASES)
@require_http_methods(["GET", "POST"])
def pair_members(request: HttpRequest, access: OrganisationAccess, pair_id: int) -> HttpResponse:
    """The curator changes the pair's mentor or mentees after it was created."""
    pair = get_object_or_404(selectors.pairs_visible_to(access), pk=pair_id)
    organisation = access.organisation
    current = [link.mentee_id for link in pair.pair_mentees.all()]
    mentors = selectors.mentors_in_base(organisation).order_by("last_name", "first_name")
    mentees = (
        Person.objects.filter(
            Q(
                mentee_profiles__organisation=organisation,
                mentee_profiles__status__in=[
                    MenteeProfile.Status.CANDIDATE,
                    MenteeProfile.Status.WITHOUT_PAIR,
                ],
            )
            | Q(pk__in=current)
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
    initial = {"mentor": pair.mentor_id, "mentees": current}
    form = PairMembersForm(request.POST or None, mentors=mentors, mentees=mentees, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.pair_members_change(
                organisation=organisation,
                pair=pair,
                actor=request.user,
                mentor=form.cleaned_data["mentor"],
                mentees=form.cleaned_data["mentees"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if change.needs_order:
                messages.warning(
                    request,
                    _("Состав пары изменён. Пара закреплена приказом: нужен новый приказ о закреплении."),
                )
            else:
                messages.success(request, _("Состав пары изменён."))
            return redirect("mentoring:pair", organisation.slug, pair.pk)
    return render(request, "mentoring/pairs/members_form.html", _ctx(access, form=form, pair=pair))


@organisation_view(Perm.MANAGE_BASES)
@require_POST
def pair_status(request: HttpRequest, access: OrganisationAccess, pair_id: int) -> HttpResponse:
    pair = get_object_or_404(selectors.pairs_visible_to(access), pk=pair_id)
    action = request.POST.get("action")
    try:
        if action == "start":
            services.pair_start(organisation=access.organisation, pair=pair, actor=request.user)
            messages.success(request, _("Пара начала работу."))
        elif action == "complete":
            services.pair_complete(organisation=access.organisation, pair=pair, actor=request.user)
            messages.success(request, _("Работа пары завершена."))
        elif action == "terminate" and labour.is_staff_mentor(pair):
            # ст. 351.8 ТК РФ: a staff mentor's mentoring ends with three working days' notice.
            messages.error(
                request,
                _(
                    "Наставничество работника прекращают через «Досрочно прекратить», "
                    "с уведомлением за три рабочих дня."
                ),
            )
        elif action == "terminate":
            services.pair_terminate(
                organisation=access.organisation,
                pair=pair,
                actor=request.user,
                reason=request.POST.get("reason", ""),
            )
            messages.warning(request, _("Работа пары прекращена."))
        else:
            messages.error(request, _("Неизвестное действие."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("mentoring:pair", access.organisation.slug, pair.pk)


@organisation_view(Perm.APPROVE)
@require_http_methods(["GET", "POST"])
def pairs_approval(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """The director's page: proposed pairs and groups, approved or rejected one by one or all at once."""
    organisation = access.organisation
    if request.method == "POST":
        ids = [int(value) for value in request.POST.getlist("pair") if value.isdigit()]
        action = request.POST.get("action")
        try:
            if action == "approve":
                approved = services.pairs_approve(organisation=organisation, pair_ids=ids, actor=request.user)
                messages.success(request, _("Утверждено пар и групп: %(count)s.") % {"count": len(approved)})
            elif action == "reject":
                rejected = services.pairs_reject(
                    organisation=organisation,
                    pair_ids=ids,
                    actor=request.user,
                    reason=request.POST.get("reason", ""),
                )
                messages.warning(request, _("Отклонено пар и групп: %(count)s.") % {"count": len(rejected)})
            else:
                messages.error(request, _("Неизвестное действие."))
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect("mentoring:pairs_approval", organisation.slug)
    # A page of proposals at a time (all ticked): a large school's first matching proposes hundreds.
    page = Paginator(selectors.pairs_for(organisation, status=Pair.Status.PROPOSED), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    proposed = list(page)
    consented = services.consented_person_ids(
        organisation,
        {pair.mentor_id for pair in proposed}
        | {link.mentee_id for pair in proposed for link in pair.pair_mentees.all()},
    )
    return render(
        request,
        "mentoring/pairs/approval.html",
        _ctx(
            access,
            proposed=proposed,
            page=page,
            consented=consented,
            recently=selectors.pairs_for(organisation)
            .filter(approved_at__isnull=False)
            .order_by("-approved_at")[:10],
            pending_amendments=selectors.pending_plan_amendments(organisation)[:50],
        ),
    )


# --- Plans and meetings -----------------------------------------------------------------------------------


@organisation_view(Perm.VIEW_ORGANISATION)
@require_POST
def plan_create(request: HttpRequest, access: OrganisationAccess, pair_id: int) -> HttpResponse:
    pair = get_object_or_404(selectors.pairs_visible_to(access), pk=pair_id)
    permissions.require_work_on_pair(access, pair)
    form = PlanCreateForm(request.POST, pair=pair)
    if form.is_valid():
        try:
            services.plan_create(pair=pair, actor=request.user, template=form.cleaned_data["template"])
        except ValidationError as error:
            messages.info(request, error_text(error))
        else:
            messages.success(request, _("Индивидуальный план составлен."))
    else:
        messages.error(request, _("Выберите шаблон из списка."))
    return redirect("mentoring:pair", access.organisation.slug, pair.pk)


@organisation_view(Perm.MANAGE_BASES)
@require_POST
def plans_create_all(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    outcome = services.plans_create_for_all(organisation=access.organisation, actor=request.user)
    _bulk_messages(request, outcome, _("Составлено индивидуальных планов по шаблону: %(count)s."))
    return redirect("mentoring:pairs", access.organisation.slug)


@organisation_view(Perm.APPROVE)
@require_POST
def plan_approve(request: HttpRequest, access: OrganisationAccess, pair_id: int) -> HttpResponse:
    pair = get_object_or_404(selectors.pairs_visible_to(access), pk=pair_id)
    plan = getattr(pair, "plan", None) if hasattr(pair, "plan") else None
    if plan is None:
        messages.error(request, _("У пары ещё нет плана."))
    else:
        try:
            services.plan_approve(plan=plan, actor=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Индивидуальный план утверждён."))
    return redirect("mentoring:pair", access.organisation.slug, pair.pk)


@organisation_view(Perm.VIEW_ORGANISATION)
@require_http_methods(["GET", "POST"])
def plan_item_edit(
    request: HttpRequest, access: OrganisationAccess, pair_id: int, item_id: int | None = None
) -> HttpResponse:
    pair = get_object_or_404(selectors.pairs_visible_to(access), pk=pair_id)
    plan = get_object_or_404(Plan, pair=pair)
    item = get_object_or_404(plan.items, pk=item_id) if item_id is not None else None
    permissions.require_work_on_pair(access, pair)
    if plan.approved_at is not None:
        # An approved plan is read-only: its items change through an amendment the director approves.
        messages.error(request, services.PLAN_APPROVED_READ_ONLY)
        return redirect(reverse("mentoring:pair", args=[access.organisation.slug, pair.pk]) + "#plan")
    form = PlanItemForm(request.POST or None, instance=item)
    if request.method == "POST" and "delete" in request.POST and item is not None:
        try:
            services.plan_item_delete(item=item, actor=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Пункт удалён."))
        return redirect("mentoring:pair", access.organisation.slug, pair.pk)
    if request.method == "POST" and form.is_valid():
        if item is not None:
            item.refresh_from_db()
        try:
            services.plan_item_save(plan=plan, actor=request.user, data=form.cleaned_data, item=item)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Пункт плана сохранён."))
            return redirect(reverse("mentoring:pair", args=[access.organisation.slug, pair.pk]) + "#plan")
    return render(
        request, "mentoring/pairs/plan_item_form.html", _ctx(access, form=form, pair=pair, item=item)
    )


@organisation_view(Perm.VIEW_ORGANISATION)
@require_http_methods(["GET", "POST"])
def plan_item_done(
    request: HttpRequest, access: OrganisationAccess, pair_id: int, item_id: int
) -> HttpResponse:
    pair = get_object_or_404(selectors.pairs_visible_to(access), pk=pair_id)
    item = get_object_or_404(selectors.plan_items(pair), pk=item_id)
    permissions.require_work_on_pair(access, pair)
    initial = {
        "done": True,
        "done_on": item.done_on or dates.today(access.organisation),
        "evidence_link": item.evidence_link,
    }
    form = PlanItemDoneForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_set_done(
                item=item,
                done=form.cleaned_data["done"],
                done_on=form.cleaned_data["done_on"],
                evidence_link=form.cleaned_data["evidence_link"],
                evidence_file=form.cleaned_data.get("evidence_file"),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Пункт отмечен выполненным.")
                if form.cleaned_data["done"]
                else _("Отметка о выполнении снята."),
            )
            return redirect(reverse("mentoring:pair", args=[access.organisation.slug, pair.pk]) + "#plan")
    return render(
        request, "mentoring/pairs/plan_item_done.html", _ctx(access, form=form, pair=pair, item=item)
    )


@organisation_view(Perm.VIEW_ORGANISATION)
@require_safe
def plan_item_evidence(
    request: HttpRequest, access: OrganisationAccess, pair_id: int, item_id: int
) -> HttpResponseBase:
    pair = get_object_or_404(selectors.pairs_visible_to(access), pk=pair_id)
    item = get_object_or_404(selectors.plan_items(pair), pk=item_id)
    if not item.evidence_file:
        raise Http404(_("Файл не найден"))
    return download(
        item.evidence_file.open("rb"), filename=human_name(item.title, item.evidence_file.name or "")
    )


@organisation_view(Perm.VIEW_ORGANISATION)
@require_http_methods(["GET", "POST"])
def plan_amendment_create(request: HttpRequest, access: OrganisationAccess, pair_id: int) -> HttpResponse:
    """The mentor, a mentee or the curator proposes a change to the approved plan."""
    pair = get_object_or_404(selectors.pairs_visible_to(access), pk=pair_id)
    plan = get_object_or_404(Plan, pair=pair)
    permissions.require_work_on_pair(access, pair)
    back = reverse("mentoring:pair", args=[access.organisation.slug, pair.pk]) + "#plan"
    if plan.approved_at is None:
        messages.info(request, _("План ещё не утверждён: пункты можно изменить напрямую."))
        return redirect(back)
    initial = {}
    item_id = request.GET.get("item", "")
    if item_id.isdigit():
        item = plan.items.filter(pk=int(item_id)).first()
        if item is not None:
            initial = {"item": item.pk, "kind": PlanAmendment.Kind.CHANGE, "title": item.title}
            initial["due_date"] = item.due_date
    form = PlanAmendmentForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_amendment_propose(
                plan=plan,
                actor=request.user,
                kind=data["kind"],
                reason=data["reason"],
                item=data.get("item"),
                title=data.get("title") or "",
                due_date=data.get("due_date"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Изменение плана предложено и ждёт решения директора."))
            return redirect(back)
    return render(
        request, "mentoring/pairs/plan_amendment_form.html", _ctx(access, form=form, pair=pair, plan=plan)
    )


@organisation_view(Perm.APPROVE)
@require_POST
def plan_amendment_decide(
    request: HttpRequest, access: OrganisationAccess, pair_id: int, amendment_id: int
) -> HttpResponse:
    """The director approves or rejects a proposed change of the plan."""
    pair = get_object_or_404(selectors.pairs_visible_to(access), pk=pair_id)
    amendment = get_object_or_404(PlanAmendment.objects.filter(plan__pair=pair), pk=amendment_id)
    action = request.POST.get("action")
    if action not in ("approve", "reject"):
        messages.error(request, _("Неизвестное действие."))
    else:
        try:
            services.plan_amendment_decide(
                amendment=amendment,
                actor=request.user,
                approve=action == "approve",
                comment=request.POST.get("comment", ""),
            )
        except ValidationError as error:
            messages.info(request, error_text(error))
        else:
            if action == "approve":
                messages.success(request, _("Изменение утверждено и внесено в план."))
            else:
                messages.warning(request, _("Изменение отклонено; план остался прежним."))
    if request.POST.get("next") == "approval":
        return redirect("mentoring:pairs_approval", access.organisation.slug)
    return redirect(reverse("mentoring:pair", args=[access.organisation.slug, pair.pk]) + "#plan")


@organisation_view(Perm.VIEW_ORGANISATION)
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, access: OrganisationAccess, pair_id: int) -> HttpResponse:
    pair = get_object_or_404(selectors.pairs_visible_to(access), pk=pair_id)
    permissions.require_work_on_pair(access, pair)
    members = Person.objects.filter(
        pk__in=[pair.mentor_id, *[link.mentee_id for link in pair.pair_mentees.all()]]
    )
    form = MeetingForm(request.POST or None, members=members, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_create(
                pair=pair,
                actor=request.user,
                data=form.cleaned_data,
                attendees=form.cleaned_data["attendees"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Встреча записана."))
            return redirect(reverse("mentoring:pair", args=[access.organisation.slug, pair.pk]) + "#meetings")
    return render(request, "mentoring/pairs/meeting_form.html", _ctx(access, form=form, pair=pair))


# --- Excel ------------------------------------------------------------------------------------------------


@organisation_view(Perm.EXPORT_BASES)
@require_safe
def export(request: HttpRequest, access: OrganisationAccess, kind: str) -> HttpResponseBase:
    if kind not in excel.EXPORTS:
        raise Http404
    content, filename = excel.export_for(access.organisation, kind)
    personal_data.personal_data_access_record(
        actor=request.user,
        organisation=access.organisation,
        kind=PersonalDataAccess.Kind.BASE_EXPORTED,
        detail=filename,
    )
    return download(content, filename=filename, content_type=XLSX)


@organisation_view(Perm.EXCEL)
@require_safe
def import_template(request: HttpRequest, access: OrganisationAccess, kind: str) -> HttpResponseBase:
    if kind not in excel.IMPORTS:
        raise Http404
    filename = excel.template_filename(kind, access.organisation)
    return download(excel.template_xlsx(kind), filename=filename, content_type=XLSX)


@organisation_view(Perm.ANONYMISE)
@require_POST
def person_anonymise(request: HttpRequest, access: OrganisationAccess, person_id: int) -> HttpResponse:
    """On the person's request (152-ФЗ, ст. 21): name, birth date, contacts and files removed at once."""
    membership = get_object_or_404(
        access.organisation.memberships.select_related("person"), person_id=person_id
    )
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Подтвердите обезличивание: его нельзя отменить."))
        return redirect("mentoring:person", access.organisation.slug, person_id)
    personal_data.person_anonymise(
        person=membership.person,
        actor=request.user,
        organisation=access.organisation,
        reason=_("по запросу человека"),
    )
    messages.success(request, _("Персональные данные обезличены; пары, встречи и показатели сохранены."))
    return redirect("mentoring:person", access.organisation.slug, person_id)
