"""Screens of ст. 351.8 ТК РФ: the programme's settings, the mentor's written consent, the additional
agreement of a pair, ending a pair's mentoring early."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common import dates
from common.downloads import download
from common.filenames import human_name
from mentoring.models import MentoringConsent, PersonalDataAccess
from mentoring.organisations import declension
from mentoring.organisations import selectors as organisation_selectors
from mentoring.organisations.access import OrganisationAccess, Perm, organisation_view
from mentoring.programme import labour, personal_data, selectors
from mentoring.programme.forms import (
    EarlyEndForm,
    LabourAgreementForm,
    MentoringConsentForm,
    ProgrammeSettingsForm,
)

PAYMENT_FIELDS = ("payment_kind", "payment_sum", "payment_percent", "payment_conditions")


def _ctx(access: OrganisationAccess, **extra):
    return {"access": access, "organisation": access.organisation, **extra}


@organisation_view(Perm.MANAGE_PEOPLE)
@require_http_methods(["GET", "POST"])
def programme_settings(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """For whom the programmes are (the legal basis of the orders) and the default payment of mentors."""
    current = labour.programme_settings_for(access.organisation)
    initial = {"audience": current.audience, **{name: getattr(current, name) for name in PAYMENT_FIELDS}}
    form = ProgrammeSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            labour.programme_settings_update(
                organisation=access.organisation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Настройки программы наставничества сохранены."))
            return redirect("mentoring:programme_settings", access.organisation.slug)
    return render(request, "mentoring/labour/settings.html", _ctx(access, form=form))


def _pair_from_query(access: OrganisationAccess, request: HttpRequest):
    pair_id = request.GET.get("pair") or request.POST.get("pair")
    if not pair_id or not str(pair_id).isdigit():
        return None
    return selectors.pairs_visible_to(access).filter(pk=int(pair_id)).first()


@organisation_view(Perm.MANAGE_BASES)
@require_http_methods(["GET", "POST"])
def mentoring_consent_add(request: HttpRequest, access: OrganisationAccess, person_id: int) -> HttpResponse:
    membership = get_object_or_404(
        organisation_selectors.memberships_with_roles(access.organisation), person_id=person_id
    )
    person = membership.person
    pair = _pair_from_query(access, request)
    form = MentoringConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            labour.mentoring_consent_record(
                organisation=access.organisation,
                person=person,
                signed_on=form.cleaned_data["signed_on"],
                file=form.cleaned_data.get("file"),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Согласие %(name)s на наставничество записано.")
                % {"name": declension.person_name(person, "gent", short=True)},
            )
            if pair is not None:
                return redirect("mentoring:pair", access.organisation.slug, pair.pk)
            return redirect("mentoring:person", access.organisation.slug, person.pk)
    return render(
        request, "mentoring/labour/consent_form.html", _ctx(access, form=form, person=person, pair=pair)
    )


@organisation_view(Perm.MANAGE_BASES)
@require_safe
def mentoring_consent_file(
    request: HttpRequest, access: OrganisationAccess, consent_id: int
) -> HttpResponseBase:
    consent = get_object_or_404(
        MentoringConsent.objects.filter(organisation=access.organisation).select_related("person"),
        pk=consent_id,
    )
    if not consent.file:
        raise Http404(_("Скан не загружен"))
    personal_data.personal_data_access_record(
        actor=request.user,
        organisation=access.organisation,
        kind=PersonalDataAccess.Kind.CONSENT_DOWNLOADED,
        person=consent.person,
        detail=_("Согласие на наставничество от %(date)s") % {"date": f"{consent.signed_on:%d.%m.%Y}"},
    )
    name = human_name(
        f"Согласие на наставничество {consent.person.full_name} от {consent.signed_on:%d.%m.%Y}",
        consent.file.name or "",
    )
    return download(consent.file.open("rb"), filename=name)


@organisation_view(Perm.MANAGE_BASES)
@require_http_methods(["GET", "POST"])
def labour_agreement_edit(request: HttpRequest, access: OrganisationAccess, pair_id: int) -> HttpResponse:
    """«Оформить дополнительное соглашение»: the content, term and form from the pair, the payment from the
    organisation's settings; all of it may be changed for this agreement."""
    pair = get_object_or_404(selectors.pairs_visible_to(access), pk=pair_id)
    if not labour.is_staff_mentor(pair):
        raise Http404(_("Для этой пары дополнительное соглашение не оформляется"))
    current = labour.current_agreement(pair)
    if current is not None:
        initial = {
            name: getattr(current, name)
            for name in ("number", "signed_on", "content", "starts_on", "ends_on", *PAYMENT_FIELDS)
        }
    else:
        defaults = labour.agreement_defaults(pair)
        initial = {**defaults.__dict__, "signed_on": dates.today(access.organisation)}
    form = LabourAgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            labour.labour_agreement_save(
                organisation=access.organisation, pair=pair, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Дополнительное соглашение к трудовому договору сохранено."))
            return redirect("mentoring:pair", access.organisation.slug, pair.pk)
    return render(request, "mentoring/labour/agreement_form.html", _ctx(access, form=form, pair=pair))


@organisation_view(Perm.MANAGE_BASES)
@require_http_methods(["GET", "POST"])
def pair_end_early(request: HttpRequest, access: OrganisationAccess, pair_id: int) -> HttpResponse:
    """«Досрочно прекратить»: who asked, the notice date, the end date three working days later at least."""
    pair = get_object_or_404(selectors.pairs_visible_to(access), pk=pair_id)
    if not pair.is_working:
        raise Http404(_("Пара не работает"))
    today = dates.today(access.organisation)
    form = EarlyEndForm(
        request.POST or None,
        initial={"notice_date": today, "end_date": labour.earliest_end(today), "initiator": "mentor"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            labour.pair_end_early(
                organisation=access.organisation, pair=pair, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Наставничество прекращено с %(date)s. Проект приказа о прекращении подготовлен.")
                % {"date": f"{form.cleaned_data['end_date']:%d.%m.%Y}"},
            )
            return redirect("mentoring:pair", access.organisation.slug, pair.pk)
    return render(
        request,
        "mentoring/labour/end_form.html",
        _ctx(
            access,
            form=form,
            pair=pair,
            earliest=labour.earliest_end(today),
            applies=labour.is_staff_mentor(pair),
        ),
    )
