from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.downloads import PDF, download
from common.http import HtmxHttpRequest
from common.wording import gendered
from mentoring.organisations import (
    accounts,
    dashboard,
    municipal,
    onboarding,
    personal_data,
    removal,
    selectors,
    services,
)
from mentoring.organisations.access import (
    OrganisationAccess,
    Perm,
    creatable_municipalities,
    load_municipality,
    load_region,
    organisation_view,
    visible_municipalities,
    visible_organisations,
    visible_regions,
)
from mentoring.organisations.forms import (
    LoginCodeForm,
    LoginsForm,
    OrganisationForm,
    PeopleFilterForm,
    PersonForm,
)
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
            "can_create": creatable_municipalities(request.user).exists(),
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
        archived=params.get("state") == "archived",
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
            "can_import": access.has(Perm.EXCEL),
            "can_hand_out_logins": access.has(Perm.HAND_OUT_LOGINS),
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
            "can_hand_out_logins": access.has(Perm.HAND_OUT_LOGINS),
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


# --- Organisations ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest, municipality_slug: str | None = None) -> HttpResponse:
    municipalities = creatable_municipalities(request.user)
    if not municipalities.exists():
        raise PermissionDenied
    initial = {}
    if municipality_slug is not None:
        municipality = municipalities.filter(slug=municipality_slug).first()
        if municipality is None:
            raise Http404(_("Муниципалитет не найден"))
        initial["municipality"] = municipality
    form = OrganisationForm(request.POST or None, municipalities=municipalities, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = onboarding.organisation_create(
                actor=request.user,
                data=form.cleaned_data,
                director=form.director_data,
                director_login=form.cleaned_data.get("director_login", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Организация «%(name)s» создана. Дальше — по списку «С чего начать».")
                % {"name": organisation.short_name},
            )
            return redirect("mentoring:dashboard", organisation.slug)
    return render(request, "mentoring/organisations/form.html", {"form": form, "organisation": None})


@organisation_view(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, access) -> HttpResponse:
    organisation = access.organisation
    form = OrganisationForm(
        request.POST or None, instance=organisation, municipalities=creatable_municipalities(request.user)
    )
    if request.method == "POST" and form.is_valid():
        organisation.refresh_from_db()
        try:
            organisation = onboarding.organisation_update(
                organisation=organisation,
                actor=request.user,
                data=form.cleaned_data,
                director=form.cleaned_data.get("director"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Сведения об организации сохранены."))
            return redirect("mentoring:dashboard", organisation.slug)
    return render(
        request,
        "mentoring/organisations/form.html",
        {"access": access, "organisation": organisation, "form": form},
    )


# --- Logins for everyone ------------------------------------------------------------------------------------


@organisation_view(Perm.HAND_OUT_LOGINS)
@require_http_methods(["GET", "POST"])
def logins(request: HttpRequest, access) -> HttpResponse:
    organisation = access.organisation
    form = LoginsForm(request.POST or None, organisation=organisation)
    result = None
    if request.method == "POST":
        if form.is_valid():
            result = accounts.user_accounts_create(
                organisation=organisation, people=list(form.chosen()), actor=request.user
            )
            created = len(result.emailed) + len(result.need_slip)
            if created:
                messages.success(
                    request,
                    ngettext(
                        "Создан %(count)s вход: по почте — %(emailed)s, листком — %(slips)s.",
                        "Создано входов: %(count)s; по почте — %(emailed)s, листком — %(slips)s.",
                        created,
                    )
                    % {"count": created, "emailed": len(result.emailed), "slips": len(result.need_slip)},
                )
            else:
                messages.info(request, _("У всех отмеченных людей вход уже есть."))
        else:
            problems = " ".join(str(problem) for problem in form.non_field_errors())
            messages.error(request, problems or _("Проверьте, кого вы отметили."))
    search = request.GET.get("q", "").strip()[:200]
    page = Paginator(selectors.login_memberships(organisation, search=search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = selectors.login_counts(organisation)
    waiting_slip = selectors.people_waiting_for_slip(organisation).values_list("pk", flat=True)
    return render(
        request,
        "mentoring/accounts/logins.html",
        {
            "access": access,
            "organisation": organisation,
            "page": page,
            "rows": [selectors.login_row(membership) for membership in page],
            "search": search,
            "query": urlencode({"q": search}) if search else "",
            "result": result,
            "total": counts["total"],
            "without_login": counts["without_login"],
            "waiting_slip": list(waiting_slip),
        },
    )


@organisation_view(Perm.HAND_OUT_LOGINS)
@require_POST
def login_slips(request: HttpRequest, access: OrganisationAccess) -> HttpResponse | FileResponse:
    organisation = access.organisation
    form = LoginsForm(request.POST, organisation=organisation)
    if not form.is_valid():
        messages.error(request, _("Отметьте людей, для которых напечатать листки."))
        return redirect("mentoring:logins", organisation.slug)
    slips = accounts.login_slips_issue(
        organisation=organisation, people=list(form.chosen()), actor=request.user
    )
    if not slips:
        messages.info(request, _("Листки не нужны: у отмеченных людей нет входа или пароль уже выбран."))
        return redirect("mentoring:logins", organisation.slug)
    from mentoring.organisations.slips import slips_pdf

    content = slips_pdf(slips, organisation_name=organisation.short_name)
    return download(content, filename=f"Листки входа {organisation.short_name}.pdf", content_type=PDF)


@require_http_methods(["GET", "POST"])
def login_with_code(request: HttpRequest) -> HttpResponse:
    """A person with a printed slip: login and code, then a password of their own; they are logged in."""
    form = LoginCodeForm(request.POST or None)
    password_form = None
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.login_code_check(
                username=form.cleaned_data["username"], code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            password_form = SetPasswordForm(user, request.POST if "new_password1" in request.POST else None)
            if password_form.is_bound and password_form.is_valid():
                accounts.login_code_use(user=user, password=password_form.cleaned_data["new_password1"])
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Пароль выбран, вы вошли. Запомните имя для входа: %(name)s.")
                    % {"name": user.username},
                )
                return redirect("home")
    return render(
        request, "mentoring/accounts/login_code.html", {"form": form, "password_form": password_form}
    )


# --- Mistakes can be undone ---------------------------------------------------------------------------------


@organisation_view(Perm.MANAGE_PEOPLE)
@require_http_methods(["GET", "POST"])
def person_remove(request: HttpRequest, access, person_id: int) -> HttpResponse:
    """Delete a person nothing refers to; archive (or bring back) one that something does."""
    membership = get_object_or_404(selectors.memberships_with_roles(access.organisation), person_id=person_id)
    person, organisation = membership.person, access.organisation
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "delete":
                removal.person_delete(organisation=organisation, person=person, actor=request.user)
                deleted = gendered(
                    person,
                    masculine=_("%(name)s удалён из организации."),
                    feminine=_("%(name)s удалена из организации."),
                )
                messages.success(request, deleted % {"name": person.full_name})
                return redirect("mentoring:people", organisation.slug)
            if action in ("archive", "restore"):
                removal.person_archive(
                    organisation=organisation, person=person, actor=request.user, archived=action == "archive"
                )
                done = _("%(name)s — в архиве.") if action == "archive" else _("%(name)s — снова в списке.")
                messages.success(request, done % {"name": person.full_name})
                return redirect("mentoring:person", organisation.slug, person.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "mentoring/person_remove.html",
        {
            "access": access,
            "organisation": organisation,
            "membership": membership,
            "person": person,
            "blockers": removal.person_blockers(organisation=organisation, person=person),
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
