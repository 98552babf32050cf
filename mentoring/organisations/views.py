from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.http import HtmxHttpRequest
from common.wording import gendered
from mentoring.organisations import accounts, dashboard, municipal, personal_data, selectors, services
from mentoring.organisations.access import (
    OrganisationAccess,
    Perm,
    load_municipality,
    load_region,
    organisation_view,
    visible_municipalities,
    visible_organisations,
    visible_regions,
)
from mentoring.organisations.forms import PeopleFilterForm, PersonForm
from mentoring.organisations.models import PersonalDataAccess

PAGE_SIZE = 50


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    organisations = list(visible_organisations(request.user).select_related("municipality")[:2])
    regions = list(visible_regions(request.user)[:2])
    if len(regions) == 1 and not request.user.is_superuser:
        return redirect("mentoring:region", regions[0].slug)
    municipalities = list(visible_municipalities(request.user)[:2])
    if len(municipalities) == 1 and not request.user.is_superuser:
        return redirect("mentoring:municipality", municipalities[0].slug)
    if len(organisations) == 1:
        return redirect("mentoring:dashboard", organisations[0].slug)
    return render(
        request,
        "mentoring/home.html",
        {
            "organisations": visible_organisations(request.user).select_related("municipality"),
            "municipalities": visible_municipalities(request.user),
        },
    )


@organisation_view(Perm.VIEW_ORGANISATION)
@require_safe
def organisation_dashboard(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    return render(
        request,
        "mentoring/dashboard.html",
        {
            "access": access,
            "organisation": access.organisation,
            "panels": dashboard.panels_for(access, request),
        },
    )


@organisation_view(Perm.VIEW_PEOPLE)
@require_safe
def people_list(request: HtmxHttpRequest, access: OrganisationAccess) -> HttpResponse:
    filters = PeopleFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    memberships = selectors.memberships_for_organisation(
        access.organisation,
        search=params.get("q", ""),
        role=params.get("role", ""),
        kind=params.get("kind", ""),
    )
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "mentoring/people_rows.html" if request.htmx else "mentoring/people_list.html"
    return render(
        request,
        template,
        {
            "access": access,
            "organisation": access.organisation,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "can_manage": access.has(Perm.MANAGE_PEOPLE),
        },
    )


@organisation_view(Perm.VIEW_PEOPLE)
@require_safe
def person_detail(request: HttpRequest, access: OrganisationAccess, person_id: int) -> HttpResponse:
    membership = get_object_or_404(selectors.memberships_with_roles(access.organisation), person_id=person_id)
    personal_data.personal_data_access_record(
        actor=request.user,
        organisation=access.organisation,
        kind=PersonalDataAccess.Kind.CARD_VIEWED,
        person=membership.person,
    )
    return render(
        request,
        "mentoring/person_detail.html",
        {
            "consent_withdrawn": personal_data.has_withdrawn(membership.person, access.organisation),
            "can_anonymise": access.has(Perm.ANONYMISE) and membership.person.anonymised_at is None,
            "access": access,
            "organisation": access.organisation,
            "membership": membership,
            "person": membership.person,
            "can_manage": access.has(Perm.MANAGE_PEOPLE),
            "can_create_account": access.has(Perm.MANAGE_ACCOUNTS) and not membership.person.user_id,
            "suggested_username": accounts.username_suggest(membership.person)
            if access.has(Perm.MANAGE_ACCOUNTS) and not membership.person.user_id
            else "",
        },
    )


@organisation_view(Perm.MANAGE_PEOPLE)
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    form = PersonForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                organisation=access.organisation,
                actor=request.user,
                data=form.cleaned_data,
                roles=form.final_roles,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            added = gendered(person, masculine=_("Добавлен %(name)s."), feminine=_("Добавлена %(name)s."))
            messages.success(request, added % {"name": person.full_name})
            return redirect("mentoring:person", access.organisation.slug, person.pk)
    return render(
        request,
        "mentoring/person_form.html",
        {
            "access": access,
            "organisation": access.organisation,
            "form": form,
            "person": None,
        },
    )


@organisation_view(Perm.MANAGE_PEOPLE)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, access: OrganisationAccess, person_id: int) -> HttpResponse:
    membership = get_object_or_404(selectors.memberships_with_roles(access.organisation), person_id=person_id)
    person = membership.person
    form = PersonForm(
        request.POST or None, instance=person, access=access, current_roles=membership.role_codes
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        # The form has already written the cleaned values onto the instance; the service compares them
        # with what is stored, so it gets a fresh copy.
        person.refresh_from_db()
        try:
            services.person_update(
                organisation=access.organisation,
                person=person,
                actor=request.user,
                data=data,
                roles=form.final_roles,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("mentoring:person", access.organisation.slug, person.pk)
    return render(
        request,
        "mentoring/person_form.html",
        {
            "access": access,
            "organisation": access.organisation,
            "form": form,
            "person": person,
        },
    )


@organisation_view(Perm.MANAGE_ACCOUNTS)
@require_http_methods(["POST"])
def person_account_create(request: HttpRequest, access: OrganisationAccess, person_id: int) -> HttpResponse:
    membership = get_object_or_404(selectors.memberships_with_roles(access.organisation), person_id=person_id)
    try:
        accounts.user_account_create(
            organisation=access.organisation,
            person=membership.person,
            actor=request.user,
            username=request.POST.get("username", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Учётная запись создана; ссылка для выбора пароля отправлена на %(email)s.")
            % {"email": membership.person.email},
        )
    return redirect("mentoring:person", access.organisation.slug, person_id)


@organisation_view(Perm.VIEW_AUDIT)
@require_safe
def audit_list(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    entries = selectors.audit_entries_for_organisation(access.organisation)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/audit_list.html",
        {
            "access": access,
            "organisation": access.organisation,
            "page": page,
        },
    )


@organisation_view(Perm.VIEW_PERSONAL_DATA_JOURNAL)
@require_safe
def personal_data_journal(request: HttpRequest, access) -> HttpResponse:
    entries = personal_data.personal_data_journal(access.organisation)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/personal_data_journal.html",
        {"access": access, "organisation": access.organisation, "page": page},
    )


@login_required
@require_safe
def municipality_detail(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = load_municipality(request, municipality_slug)
    # An app above may register the coordinator's landing page (the reports app: registry with indicators).
    landing = municipal.landing_url(municipality)
    if landing:
        return redirect(landing)
    return render(
        request,
        "mentoring/municipality.html",
        {
            "municipality": municipality,
            "organisations": selectors.municipality_registry(municipality),
            "sections": municipal.sections_for(municipality),
        },
    )


@login_required
@require_safe
def region_detail(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = load_region(request, region_slug)
    # The reports app registers the region's overview as the landing; without it, the list of municipalities.
    landing = municipal.region_landing_url(region)
    if landing:
        return redirect(landing)
    return render(
        request,
        "mentoring/region.html",
        {"region": region, "municipalities": region.municipalities.order_by("name")},
    )
