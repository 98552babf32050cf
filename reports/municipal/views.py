"""The municipal coordinator's pages (read-only): the registry of organisations with roadmap progress and
indicators side by side, the single municipal mentor base with its .xlsx export, the bank of programmes and
best practices, and the municipality's final report built in the background.

The coordinator lands here: the reports app registers the registry as the landing section
of `mentoring.organisations.municipal`, so `mentoring:municipality` (home page, «Муниципалитет» link)
redirects to it.
A municipality the visitor does not coordinate is a 404 (`access.municipality_access`).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common import dates, xlsx
from common.dates import AcademicYear
from common.downloads import XLSX, download
from common.filenames import human_name
from mentoring.models import Organisation, PersonalDataAccess
from mentoring.organisations import municipal as municipal_sections
from mentoring.organisations.access import OrganisationAccess, municipality_access, organisation_view
from mentoring.organisations.personal_data import personal_data_access_record
from reports.documents import services
from reports.documents.annual import municipality_home
from reports.indicators.computation import BY_CODE, DEFINITIONS
from reports.indicators.views import selected_year
from reports.municipal import exports, overview, selectors
from reports.municipal import selectors as municipality
from reports.municipal import services as practice_services
from reports.municipal.charts import indicator_chart
from reports.municipal.forms import MentorFilterForm, OverviewForm, PracticeFilterForm, PracticeForm
from reports.permissions import IndicatorPerm

PAGE_SIZE = 50


def municipal_view(permission=IndicatorPerm.MUNICIPAL):
    """A view taking `(request, municipality, ...)`; the URL gives `municipality_slug`. The visitor must see
    the municipality (else 404) and hold `permission` there (else 403): its coordinator acts, the regional
    coordinator above it reads. `request.area` is the visitor's `AreaAccess`."""

    def decorator(view):
        @login_required
        @functools.wraps(view)
        def wrapped(request: HttpRequest, municipality_slug: str, *args, **kwargs):
            area = municipality_access(request.user, municipality_slug)
            if area is None:
                raise Http404(_("Муниципалитет не найден"))
            area.require(permission)
            request.area = area  # type: ignore[attr-defined]
            return view(request, area.area, *args, **kwargs)

        wrapped.required_permission = frozenset(permission)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def _context(request, municipality, **extra) -> dict:
    return {
        "municipality": municipality,
        "sections": municipal_sections.sections_for(municipality),
        "area": getattr(request, "area", None),
        **extra,
    }


# --- The overview ------------------------------------------------------------------------------------------

# The indicators shown as columns (the roadmap has its own column).
OVERVIEW_CODES = [
    definition.code for definition in DEFINITIONS if definition.key and definition.code != "roadmap_done"
]


def overview_state(request: HttpRequest, rows: list, total, *, kinds=(), organisations=(), total_name: str):
    """What the overview shows for the GET parameters: the rows filtered and sorted, their total, the chart's
    indicator, and the links of the sortable headers (shared by the page and its .xlsx)."""
    form = OverviewForm(
        request.GET or None,
        sorts=overview.SORTS,
        problems=overview.PROBLEMS,
        kinds=kinds,
        organisations=organisations,
    )
    params = form.values()
    shown = overview.filter_rows(rows, problem=params.get("problem", ""), kind=params.get("kind", ""))
    sort = params.get("sort", "name")
    descending = bool(params.get("desc"))
    shown = overview.sort_rows(shown, sort, descending)
    filtered = len(shown) != len(rows)
    if filtered:
        total = overview.total_row(shown, total_name)
    for row in [*shown, total]:
        row.columns = [row.indicators[code] for code in OVERVIEW_CODES]
    chart_code = params.get("chart") or "roadmap_done"
    links = {}
    for key in overview.SORTS:
        query = request.GET.copy()
        query["sort"] = key
        if key == sort and not descending:
            query["desc"] = "1"
        else:
            query.pop("desc", None)
        links[key] = {
            "url": "?" + query.urlencode(),
            "active": key == sort,
            "descending": key == sort and descending,
        }
    return {
        "form": form,
        "params": params,
        "rows": shown,
        "total": total,
        "filtered": filtered,
        "chart_code": chart_code,
        "chart_definition": BY_CODE[chart_code],
        "sort_links": links,
        "query": request.GET.urlencode(),
    }


def overview_chart(rows, chart_code: str, *, title: str) -> str:
    bars = [(row.name, row.indicators[chart_code]) for row in rows]
    return indicator_chart(bars, title=title, chart_id="overview-chart")


# What an overview's address may carry back after «Пересчитать»: its own parameters, none of whose valid
# values is long (a forged 100,000-character one would make a redirect Django refuses with a bare 400).
OVERVIEW_PARAMETERS = ("year", *OverviewForm.base_fields)
LONGEST_PARAMETER = 64


def without_fresh(request: HttpRequest) -> HttpResponse:
    """Back to the page «Пересчитать» was clicked on, with its year, filters and sorting but without `fresh`
    (so no other link carries it)."""
    query = QueryDict(mutable=True)
    for name in OVERVIEW_PARAMETERS:
        values = [value for value in request.GET.getlist(name) if len(value) <= LONGEST_PARAMETER]
        if values:
            query.setlist(name, values)
    return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)


def _municipal_state(request, municipality):
    year = selected_year(request)
    data = overview.municipal_overview(municipality, year)
    kinds = sorted(
        {
            (row.organisation.kind, row.organisation.get_kind_display())
            for row in data.rows
            if row.organisation is not None
        }
    )
    state = overview_state(
        request,
        data.rows,
        data.total,
        kinds=kinds,
        organisations=[row.organisation for row in sorted(data.rows, key=lambda row: row.name)],
        total_name=_("Итого по выбранным организациям"),
    )
    overdue_org = state["params"].get("overdue_org")
    state["overdue"] = [
        item for item in data.overdue if not overdue_org or item.organisation.pk == overdue_org
    ]
    state["overdue_all"] = len(data.overdue)
    return year, data, state


@municipal_view()
@require_safe
def overview_page(request: HttpRequest, municipality) -> HttpResponse:
    if "fresh" in request.GET:
        overview.municipal_overview(municipality, selected_year(request), fresh=True)
        return without_fresh(request)
    year, data, state = _municipal_state(request, municipality)
    definition = state["chart_definition"]
    chart = overview_chart(
        state["rows"],
        state["chart_code"],
        title=_("%(indicator)s: организации муниципалитета, %(year)s")
        % {"indicator": definition.name, "year": year.label},
    )
    return render(
        request,
        "reports/municipal/overview_page.html",
        _context(
            request,
            municipality,
            **state,
            level="municipality",
            organisations=[row.organisation for row in state["rows"]],
            definitions=[BY_CODE[code] for code in OVERVIEW_CODES],
            required_orders=[(kind, overview.ORDER_SHORT[kind]) for kind in overview.REQUIRED_ORDERS],
            chart=chart,
            year=year,
            years=AcademicYear.current().around(),
            computed_at=data.computed_at,
            cache_seconds=settings.OVERVIEW_CACHE_SECONDS,
            can_build=request.area.has(  # type: ignore[attr-defined]
                IndicatorPerm.MUNICIPAL_ACT
            )
            and municipality_home(municipality, request.user) is not None,
        ),
    )


@municipal_view()
@require_safe
def overview_export(request: HttpRequest, municipality) -> HttpResponseBase:
    year, _data, state = _municipal_state(request, municipality)
    content = exports.overview_xlsx(
        title=_("Обзор организаций: %(name)s") % {"name": municipality.name},
        year_label=year.label,
        rows=state["rows"],
        total=state["total"],
        codes=OVERVIEW_CODES,
        overdue=state["overdue"],
    )
    filename = xlsx.filename(_("Обзор организаций"), municipality.name, dates.today())
    return download(content, filename=filename, content_type=XLSX)


def _mentor_filters(request, municipality):
    organisations = list(selectors.programme_organisations(municipality).order_by("short_name"))
    form = MentorFilterForm(request.GET or None, organisations=organisations)
    params = form.cleaned_data if form.is_valid() else {}
    filters = selectors.MentorFilters(
        search=params.get("q", "") or "",
        organisation=params.get("organisation"),
        status=params.get("status", "") or "",
        trained=params.get("trained", "") or "",
        competency=params.get("competency"),
    )
    return form, filters


@municipal_view()
@require_safe
def mentor_base(request: HttpRequest, municipality) -> HttpResponse:
    form, filters = _mentor_filters(request, municipality)
    page = Paginator(selectors.municipal_mentors(municipality, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    selectors.mentees_now(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/municipal/mentor_base.html",
        _context(request, municipality, form=form, page=page, query=query.urlencode()),
    )


@municipal_view()
@require_safe
def mentor_base_export(request: HttpRequest, municipality) -> HttpResponseBase:
    _form, filters = _mentor_filters(request, municipality)
    profiles = list(selectors.municipal_mentors(municipality, filters))
    selectors.mentees_now(profiles)
    data = selectors.mentors_xlsx(municipality, profiles)
    filename = xlsx.filename(_("База наставников"), municipality.name, dates.today())
    # 152-ФЗ: each organisation whose mentors left in the file sees it in its access journal.
    for organisation in Organisation.objects.filter(pk__in={profile.organisation_id for profile in profiles}):
        personal_data_access_record(
            actor=request.user,
            organisation=organisation,
            kind=PersonalDataAccess.Kind.BASE_EXPORTED,
            detail=_("Муниципальная база наставников: %(name)s") % {"name": municipality.name},
        )
    return download(data, filename=filename, content_type=XLSX)


@municipal_view()
@require_safe
def practice_bank(request: HttpRequest, municipality) -> HttpResponse:
    organisations = list(selectors.programme_organisations(municipality).order_by("short_name"))
    form = PracticeFilterForm(
        request.GET or None, organisations=organisations, years=selectors.practice_years(municipality)
    )
    params = form.cleaned_data if form.is_valid() else {}
    filters = selectors.PracticeFilters(
        search=params.get("q", "") or "",
        organisation=params.get("organisation"),
        kind=params.get("kind", "") or "",
        year=params.get("year", "") or "",
    )
    page = Paginator(selectors.published_practices(municipality, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/municipal/practice_bank.html",
        _context(request, municipality, form=form, page=page, query=query.urlencode()),
    )


@municipal_view(IndicatorPerm.MUNICIPAL_ACT)
@require_POST
def report_build(request: HttpRequest, municipality) -> HttpResponse:
    """Order the municipality's final report; it is kept with the coordinator's own organisation (the
    municipal mentoring centre), whose documents page shows its progress and gives the file."""
    year = AcademicYear.parse(request.POST.get("year"), AcademicYear.current())
    home = municipality_home(municipality, request.user)
    if home is None:
        messages.error(
            request, _("В муниципалитете нет муниципального центра наставничества: отчёт негде сохранить.")
        )
        return redirect("reports:municipality", municipality.slug)
    try:
        document, created = services.document_request(
            organisation=home,
            kind_key="municipality-report",
            params={"year": year.first_year},
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:municipality", municipality.slug)
    if not created:
        messages.info(request, _("Этот отчёт уже формируется — показываем его."))
    return redirect("reports:generated", home.slug, document.pk)


@organisation_view(IndicatorPerm.PRACTICES_VIEW)
@require_safe
def practice_list(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    return render(
        request,
        "reports/municipal/practice_list.html",
        {
            "access": access,
            "organisation": access.organisation,
            "practices": municipality.practices_of(access),
            "can_manage": access.has(IndicatorPerm.PRACTICES_MANAGE),
            "tab": "practices",
        },
    )


@organisation_view(IndicatorPerm.PRACTICES_MANAGE)
@require_http_methods(["GET", "POST"])
def practice_edit(
    request: HttpRequest, access: OrganisationAccess, practice_id: int | None = None
) -> HttpResponse:
    practice = get_object_or_404(municipality.practices_of(access), pk=practice_id) if practice_id else None
    form = PracticeForm(request.POST or None, request.FILES or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PracticeForm.Meta.fields}
        if practice is not None:
            practice.refresh_from_db()
        try:
            saved = practice_services.practice_save(
                organisation=access.organisation,
                actor=request.user,
                data=data,
                upload=form.cleaned_data.get("file"),
                practice=practice,
                remove_file=bool(form.cleaned_data.get("remove_file")),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Материал сохранён.")
                if saved.is_published
                else _(
                    "Материал сохранён. Опубликуйте его, чтобы он появился в муниципальном банке практик."
                ),
            )
            return redirect("reports:practices", access.organisation.slug)
    return render(
        request,
        "reports/municipal/practice_form.html",
        {"access": access, "organisation": access.organisation, "form": form, "practice": practice},
    )


@organisation_view(IndicatorPerm.PRACTICES_MANAGE)
@require_POST
def practice_publish(request: HttpRequest, access: OrganisationAccess, practice_id: int) -> HttpResponse:
    practice = get_object_or_404(municipality.practices_of(access), pk=practice_id)
    published = request.POST.get("published") == "1"
    practice = practice_services.practice_publish(
        organisation=access.organisation, practice_id=practice.pk, actor=request.user, published=published
    )
    messages.success(
        request,
        _("«%(title)s» опубликовано в банке практик муниципалитета.") % {"title": practice.title}
        if practice.is_published
        else _("«%(title)s» снято с публикации.") % {"title": practice.title},
    )
    return redirect("reports:practices", access.organisation.slug)


@organisation_view(IndicatorPerm.PRACTICES_MANAGE)
@require_POST
def practice_delete(request: HttpRequest, access: OrganisationAccess, practice_id: int) -> HttpResponse:
    practice = get_object_or_404(municipality.practices_of(access), pk=practice_id)
    practice_services.practice_delete(
        organisation=access.organisation, practice_id=practice.pk, actor=request.user
    )
    messages.success(request, _("Материал удалён."))
    return redirect("reports:practices", access.organisation.slug)


@organisation_view(IndicatorPerm.PRACTICES_VIEW)
@require_safe
def practice_file(request: HttpRequest, access: OrganisationAccess, practice_id: int) -> HttpResponseBase:
    practice = get_object_or_404(municipality.practices_of(access), pk=practice_id)
    if not practice.file:
        raise Http404(_("Файла нет"))
    try:
        handle = practice.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Файл не найден")) from error
    return download(handle, filename=human_name(practice.title, practice.file.name or ""))
