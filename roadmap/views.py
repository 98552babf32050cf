from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common import dates, xlsx
from common.dates import AcademicYear
from common.downloads import ICALENDAR, XLSX, download
from common.filenames import human_name
from common.http import HtmxHttpRequest
from mentoring.organisations.access import OrganisationAccess, organisation_view, signed_in_user
from mentoring.programme.pickers import picker_initial

from . import catalog, exporting, ical, import_session, indicator_links, permissions, selectors, services
from .forms import (
    ActivityForm,
    ApproveForm,
    AttendanceForm,
    EventForm,
    EvidenceForm,
    FilterForm,
    ImportForm,
    InviteMoreForm,
    MappingForm,
    PublicationForm,
    RoadmapCreateForm,
    RoadmapForm,
    StageForm,
    StatusForm,
)
from .importing import UnreadableFile, read_text, read_upload
from .models import Activity, CalendarToken, Roadmap
from .permissions import RoadmapPerm


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _is_centre(access: OrganisationAccess) -> bool:
    return access.organisation.kind == access.organisation.Kind.MUNICIPAL_CENTRE


def _context(access: OrganisationAccess, **extra) -> dict:
    return {"access": access, "organisation": access.organisation, **extra}


# --- Roadmaps -------------------------------------------------------------------------------------------


@organisation_view(RoadmapPerm.VIEW)
@require_safe
def roadmap_list(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    today = dates.today(access.organisation)
    return render(
        request,
        "roadmap/roadmap_list.html",
        _context(
            access,
            roadmaps=selectors.roadmaps_with_progress(access.organisation, today=today),
            can_manage=access.has(RoadmapPerm.MANAGE),
            publications_count=access.organisation.publications.count(),
        ),
    )


@organisation_view(RoadmapPerm.MANAGE)
@require_http_methods(["GET", "POST"])
def roadmap_create(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    roadmaps = selectors.roadmaps_for(access.organisation).order_by("-academic_year")
    initial = {}
    source = (
        roadmaps.filter(pk=request.GET.get("source", "")).first()
        if request.GET.get("source", "").isdigit()
        else None
    )
    if source is not None:
        initial = {
            "mode": "copy",
            "source": source,
            "academic_year": f"{source.year_start + 1}/{source.year_start + 2}",
        }
    form = RoadmapCreateForm(
        request.POST or None, initial=initial, roadmaps=roadmaps, municipal_centre=_is_centre(access)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["mode"] == form.TEMPLATE:
                roadmap = services.roadmap_create_from_template(
                    organisation=access.organisation,
                    actor=request.user,
                    template_slug=data["template"],
                    academic_year=data["academic_year"],
                    municipal=data.get("municipal", False),
                )
            elif data["mode"] == form.COPY:
                roadmap = services.roadmap_copy(
                    roadmap=data["source"], actor=request.user, academic_year=data["academic_year"]
                )
            else:
                roadmap = services.roadmap_create(
                    organisation=access.organisation,
                    actor=request.user,
                    academic_year=data["academic_year"],
                    title=data["title"],
                    municipal=data.get("municipal", False),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Дорожная карта создана. Проверьте сроки и ответственных."))
            return redirect("roadmap:detail", access.organisation.slug, roadmap.pk)
    return render(
        request,
        "roadmap/roadmap_create.html",
        _context(access, form=form, templates=catalog.list_templates()),
    )


def _filters(request, roadmap, stages, people) -> tuple[FilterForm, selectors.Filters]:
    form = FilterForm(request.GET or None, stages=stages, people=people)
    filters = selectors.Filters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            stage=data.get("stage"),
            status=data.get("status") or "",
            responsible=data.get("responsible") or "",
            overdue=bool(data.get("overdue")),
            soon=bool(data.get("soon")),
        )
    return form, filters


@organisation_view(RoadmapPerm.VIEW)
@require_safe
def roadmap_detail(request: HtmxHttpRequest, access: OrganisationAccess, roadmap_id: int) -> HttpResponse:
    roadmap = get_object_or_404(selectors.roadmaps_with_approver(access.organisation), pk=roadmap_id)
    today = dates.today(access.organisation)
    all_stages = list(roadmap.stages.order_by("order", "id"))
    people = selectors.staff_of(access.organisation)
    responsible_people = people.filter(roadmap_activities__stage__roadmap=roadmap).distinct()
    filter_form, filters = _filters(request, roadmap, all_stages, responsible_people)
    filtered = filters != selectors.Filters()
    activity_ids = (
        list(selectors.filtered_activities(roadmap, filters, today=today).values_list("pk", flat=True))
        if filtered
        else None
    )
    stages = selectors.roadmap_stages_with_activities(roadmap, activity_ids)
    if filtered:
        stages = [stage for stage in stages if stage.shown_activities]
    progress, by_stage = selectors.roadmap_progress(roadmap, today=today)
    for stage in stages:
        stage.progress = by_stage.get(stage.pk)
    indicator_links.attach(roadmap, [activity for stage in stages for activity in stage.shown_activities])
    context = _context(
        access,
        roadmap=roadmap,
        stages=stages,
        progress=progress,
        filter_form=filter_form,
        filtered=filtered,
        shown_count=len(activity_ids or []) if filtered else progress.total,
        today=today,
        can_manage=access.has(RoadmapPerm.MANAGE) and roadmap.is_editable,
        can_approve=access.has(RoadmapPerm.APPROVE) and roadmap.status == Roadmap.Status.DRAFT,
        statuses=Activity.Status.choices,
        history=selectors.roadmap_history(roadmap)[:15],
    )
    if request.htmx and request.htmx.target == "roadmap-stages":
        return render(request, "roadmap/_stages.html", context)
    return render(request, "roadmap/roadmap_detail.html", context)


@organisation_view(RoadmapPerm.VIEW)
@require_safe
def roadmap_progress(request: HttpRequest, access: OrganisationAccess, roadmap_id: int) -> HttpResponse:
    roadmap = get_object_or_404(selectors.roadmaps_with_approver(access.organisation), pk=roadmap_id)
    progress, _by_stage = selectors.roadmap_progress(roadmap, today=dates.today(access.organisation))
    return render(request, "roadmap/_progress.html", _context(access, roadmap=roadmap, progress=progress))


@organisation_view(RoadmapPerm.MANAGE)
@require_http_methods(["GET", "POST"])
def roadmap_edit(request: HttpRequest, access: OrganisationAccess, roadmap_id: int) -> HttpResponse:
    roadmap = get_object_or_404(selectors.roadmaps_with_approver(access.organisation), pk=roadmap_id)
    form = RoadmapForm(request.POST or None, instance=roadmap)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        roadmap.refresh_from_db()
        try:
            services.roadmap_update(roadmap=roadmap, actor=request.user, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("roadmap:detail", access.organisation.slug, roadmap.pk)
    return render(request, "roadmap/roadmap_form.html", _context(access, form=form, roadmap=roadmap))


@organisation_view(RoadmapPerm.APPROVE)
@require_http_methods(["GET", "POST"])
def roadmap_approve(request: HttpRequest, access: OrganisationAccess, roadmap_id: int) -> HttpResponse:
    roadmap = get_object_or_404(selectors.roadmaps_with_approver(access.organisation), pk=roadmap_id)
    person = access.person
    initial = {
        "approved_on": dates.today(access.organisation),
        "approver_position": roadmap.approver_position or (person.position if person else ""),
        "approver_name": (person.short_name if person else "") or roadmap.approver_name,
    }
    form = ApproveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.roadmap_approve(roadmap=roadmap, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect("roadmap:detail", access.organisation.slug, roadmap.pk)
        messages.success(request, _("Дорожная карта утверждена."))
        return redirect("roadmap:detail", access.organisation.slug, roadmap.pk)
    return render(request, "roadmap/roadmap_approve.html", _context(access, form=form, roadmap=roadmap))


@organisation_view(RoadmapPerm.MANAGE)
@require_POST
def roadmap_archive(request: HttpRequest, access: OrganisationAccess, roadmap_id: int) -> HttpResponse:
    roadmap = get_object_or_404(selectors.roadmaps_with_approver(access.organisation), pk=roadmap_id)
    try:
        services.roadmap_archive(roadmap=roadmap, actor=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Дорожная карта отправлена в архив."))
    return redirect("roadmap:detail", access.organisation.slug, roadmap.pk)


@organisation_view(RoadmapPerm.VIEW)
@require_safe
def roadmap_export(request: HttpRequest, access: OrganisationAccess, roadmap_id: int) -> HttpResponseBase:
    roadmap = get_object_or_404(selectors.roadmaps_with_approver(access.organisation), pk=roadmap_id)
    data = exporting.roadmap_xlsx(roadmap, selectors.roadmap_stages_with_activities(roadmap))
    what = _("Дорожная карта %(year)s") % {"year": roadmap.academic_year.replace("/", "–")}
    name = xlsx.filename(what, access.organisation.short_name, dates.today(access.organisation))
    return download(data, filename=name, content_type=XLSX)


# --- Import ---------------------------------------------------------------------------------------------


@organisation_view(RoadmapPerm.MANAGE)
@require_http_methods(["GET", "POST"])
def roadmap_import(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, text = form.cleaned_data.get("file"), form.cleaned_data.get("text") or ""
        try:
            if upload:
                name, data = upload.name, upload.read()
                raw = read_upload(name, data)  # a broken file is refused here, before anything is kept
            else:
                name, data = _("вставленный текст"), text.encode("utf-8")
                raw = read_text(text)
        except UnreadableFile as error:
            form.add_error("file" if upload else "text", str(error))
        else:
            import_session.store(
                request.session,
                organisation_slug=access.organisation.slug,
                owner_id=signed_in_user(request).pk,
                name=name,
                data=data,
                raw=raw,
            )
            return redirect("roadmap:import_preview", access.organisation.slug)
    return render(request, "roadmap/import_form.html", _context(access, form=form))


def _upload_again(request, access: OrganisationAccess, message: str = "") -> HttpResponse:
    import_session.discard(request.session)
    messages.info(
        request, message or _("Загрузите дорожную карту заново: прежняя загрузка устарела или уже сохранена.")
    )
    return redirect("roadmap:import", access.organisation.slug)


def _already_saved(request, access: OrganisationAccess, roadmap: Roadmap) -> HttpResponse:
    messages.info(
        request,
        _("Эта загрузка уже сохранена — вот дорожная карта «%(title)s». Вторая копия не создана.")
        % {"title": roadmap.title},
    )
    return redirect("roadmap:detail", access.organisation.slug, roadmap.pk)


@organisation_view(RoadmapPerm.MANAGE)
@require_http_methods(["GET", "POST"])
def roadmap_import_preview(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    state = import_session.load(request.session, access.organisation.slug)
    if state is None:
        return _upload_again(request, access)
    existing = import_session.imported_roadmap(organisation=access.organisation, state=state)
    if existing is not None:
        return _already_saved(request, access, existing)
    try:
        parsed = import_session.parse(state, owner_id=signed_in_user(request).pk)
    except import_session.StagedUploadGone:
        return _upload_again(request, access)
    except UnreadableFile as error:
        return _upload_again(request, access, str(error))
    initial = {
        "academic_year": parsed.academic_year or state.get("year"),
        "title": state.get("title") or parsed.title,
    }
    if not initial["academic_year"]:
        initial["academic_year"] = AcademicYear.current(access.organisation).label
    initial["municipal"] = state.get("municipal", False)
    form = MappingForm(
        request.POST or None,
        columns=parsed.columns,
        title_candidates=parsed.title_candidates,
        initial=initial,
        municipal_centre=_is_centre(access),
    )
    if request.method == "POST" and form.is_valid():
        width = max((column.index for column in parsed.columns), default=-1) + 1
        import_session.update(
            request.session,
            mapping=form.mapping(width),
            year=form.cleaned_data["academic_year"],
            title=form.cleaned_data["title"],
            shift=form.cleaned_data["shift_dates"],
            municipal=form.cleaned_data.get("municipal", False),
        )
        if "confirm" in request.POST:
            return _confirm(request, access)
        return redirect("roadmap:import_preview", access.organisation.slug)
    return render(
        request,
        "roadmap/import_preview.html",
        _context(access, parsed=parsed, form=form, source_name=state.get("name", "")),
    )


def _confirm(request, access: OrganisationAccess) -> HttpResponse:
    """One staged upload, one roadmap: a second confirmation, at once or later, lands on the first's."""
    state = import_session.load(request.session, access.organisation.slug)
    if state is None:
        return redirect("roadmap:import", access.organisation.slug)
    try:
        parsed = import_session.parse(state, owner_id=signed_in_user(request).pk)
        roadmap = services.roadmap_import(
            organisation=access.organisation,
            actor=request.user,
            parsed=parsed,
            academic_year=state.get("year") or parsed.academic_year,
            title=state.get("title") or "",
            source_name=state.get("name", ""),
            municipal=bool(state.get("municipal")),
            import_token=import_session.import_token(state),
        )
    except (ValidationError, IntegrityError, UnreadableFile, import_session.StagedUploadGone) as error:
        existing = import_session.imported_roadmap(organisation=access.organisation, state=state)
        if existing is not None:  # another click or tab saved it first
            import_session.finish(request.session, state)
            return _already_saved(request, access, existing)
        if isinstance(error, import_session.StagedUploadGone):
            return _upload_again(request, access)
        messages.error(
            request,
            _("Ничего не сохранено: %(error)s")
            % {"error": _errors(error) if isinstance(error, ValidationError) else str(error)},
        )
        return redirect("roadmap:import_preview", access.organisation.slug)
    import_session.finish(request.session, state)
    messages.success(
        request,
        _(
            "Дорожная карта загружена: %(stages)s, %(activities)s. Это черновик — проверьте "
            "и передайте директору на утверждение."
        )
        % {
            "stages": ngettext("%(counter)s раздел", "%(counter)s разделов", len(parsed.stages))
            % {"counter": len(parsed.stages)},
            "activities": ngettext(
                "%(counter)s мероприятие", "%(counter)s мероприятий", len(parsed.activities)
            )
            % {"counter": len(parsed.activities)},
        },
    )
    return redirect("roadmap:detail", access.organisation.slug, roadmap.pk)


@organisation_view(RoadmapPerm.MANAGE)
@require_POST
def roadmap_import_cancel(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    import_session.discard(request.session)
    messages.info(request, _("Загрузка отменена, ничего не сохранено."))
    return redirect("roadmap:list", access.organisation.slug)


# --- Stages ---------------------------------------------------------------------------------------------


def _render_stages(request, access: OrganisationAccess, roadmap) -> HttpResponse:
    today = dates.today(access.organisation)
    stages = selectors.roadmap_stages_with_activities(roadmap)
    _progress, by_stage = selectors.roadmap_progress(roadmap, today=today)
    for stage in stages:
        stage.progress = by_stage.get(stage.pk)
    response = render(
        request,
        "roadmap/_stages.html",
        _context(
            access,
            roadmap=roadmap,
            stages=stages,
            today=today,
            can_manage=True,
            statuses=Activity.Status.choices,
        ),
    )
    response["HX-Trigger"] = "roadmapChanged"
    return response


@organisation_view(RoadmapPerm.MANAGE)
@require_http_methods(["GET", "POST"])
def stage_create(request: HttpRequest, access: OrganisationAccess, roadmap_id: int) -> HttpResponse:
    roadmap = get_object_or_404(selectors.roadmaps_with_approver(access.organisation), pk=roadmap_id)
    form = StageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_create(roadmap=roadmap, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Раздел добавлен."))
            return redirect("roadmap:detail", access.organisation.slug, roadmap.pk)
    return render(
        request, "roadmap/stage_form.html", _context(access, form=form, roadmap=roadmap, stage=None)
    )


@organisation_view(RoadmapPerm.MANAGE)
@require_http_methods(["GET", "POST"])
def stage_edit(request: HtmxHttpRequest, access: OrganisationAccess, stage_id: int) -> HttpResponse:
    stage = get_object_or_404(selectors.stages_with_roadmap(access.organisation), pk=stage_id)
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        stage.refresh_from_db()
        try:
            services.stage_update(stage=stage, actor=request.user, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                return _render_stages(request, access, stage.roadmap)
            return redirect("roadmap:detail", access.organisation.slug, stage.roadmap_id)
    template = "roadmap/_stage_form_inline.html" if request.htmx else "roadmap/stage_form.html"
    return render(request, template, _context(access, form=form, roadmap=stage.roadmap, stage=stage))


@organisation_view(RoadmapPerm.MANAGE)
@require_POST
def stage_move(
    request: HtmxHttpRequest, access: OrganisationAccess, stage_id: int, direction: str
) -> HttpResponse:
    stage = get_object_or_404(selectors.stages_with_roadmap(access.organisation), pk=stage_id)
    if direction not in ("up", "down"):
        raise Http404
    try:
        services.stage_move(stage=stage, actor=request.user, direction=direction)
    except ValidationError as error:
        messages.error(request, _errors(error))
    if request.htmx:
        return _render_stages(request, access, stage.roadmap)
    return redirect("roadmap:detail", access.organisation.slug, stage.roadmap_id)


@organisation_view(RoadmapPerm.MANAGE)
@require_POST
def stage_delete(request: HttpRequest, access: OrganisationAccess, stage_id: int) -> HttpResponse:
    stage = get_object_or_404(selectors.stages_with_roadmap(access.organisation), pk=stage_id)
    roadmap = stage.roadmap
    try:
        services.stage_delete(stage=stage, actor=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Раздел удалён вместе с его мероприятиями."))
    return redirect("roadmap:detail", access.organisation.slug, roadmap.pk)


# --- Activities -----------------------------------------------------------------------------------------


def _people(access: OrganisationAccess):
    return selectors.staff_of(access.organisation)


def _row_response(request, access: OrganisationAccess, activity_id: int) -> HttpResponse:
    """The activity's display row after a change, with its stage's progress swapped out of band."""
    today = dates.today(access.organisation)
    activity = get_object_or_404(selectors.activities_with_details(access.organisation), pk=activity_id)
    roadmap = activity.stage.roadmap
    stage = next(
        stage
        for stage in selectors.roadmap_stages_with_activities(roadmap, activity_ids=[activity_id])
        if stage.shown_activities
    )
    _progress, by_stage = selectors.roadmap_progress(roadmap, today=today)
    stage.progress = by_stage.get(stage.pk)
    indicator_links.attach(roadmap, stage.shown_activities)
    response = render(
        request,
        "roadmap/_row_response.html",
        _context(
            access,
            activity=stage.shown_activities[0],
            stage=stage,
            roadmap=roadmap,
            today=today,
            can_manage=access.has(RoadmapPerm.MANAGE),
            statuses=Activity.Status.choices,
        ),
    )
    response["HX-Trigger"] = "roadmapChanged"
    return response


@organisation_view(RoadmapPerm.MANAGE)
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, access: OrganisationAccess, stage_id: int) -> HttpResponse:
    stage = get_object_or_404(selectors.stages_with_roadmap(access.organisation), pk=stage_id)
    form = ActivityForm(request.POST or None, people=_people(access))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "responsible_people"}
        try:
            activity = services.activity_create(
                stage=stage, actor=request.user, data=data, people=form.cleaned_data["responsible_people"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Мероприятие добавлено."))
            return redirect(
                reverse("roadmap:detail", args=[access.organisation.slug, stage.roadmap_id])
                + f"#activity-{activity.pk}"
            )
    return render(
        request,
        "roadmap/activity_form.html",
        _context(access, form=form, stage=stage, roadmap=stage.roadmap, activity=None),
    )


@organisation_view(RoadmapPerm.VIEW_ACTIVITY)
@require_safe
def activity_detail(request: HttpRequest, access: OrganisationAccess, activity_id: int) -> HttpResponse:
    activity = get_object_or_404(selectors.activities_with_details(access.organisation), pk=activity_id)
    permissions.require_view_activity(access, activity)
    return render(
        request,
        "roadmap/activity_detail.html",
        _context(
            access,
            activity=activity,
            roadmap=activity.stage.roadmap,
            evidence_form=EvidenceForm(),
            can_work=permissions.can_work_on_activity(access, activity)
            and activity.stage.roadmap.is_editable,
            can_manage=access.has(RoadmapPerm.MANAGE) and activity.stage.roadmap.is_editable,
            can_view_roadmap=access.has(RoadmapPerm.VIEW),
            statuses=Activity.Status.choices,
            history=selectors.history_for([activity])[:30],
            live_indicator=indicator_links.live_value(activity),
            events=activity.events.all(),
            publications=activity.publications.all(),
            today=dates.today(access.organisation),
        ),
    )


@organisation_view(RoadmapPerm.MANAGE)
@require_http_methods(["GET", "POST"])
def activity_edit(request: HtmxHttpRequest, access: OrganisationAccess, activity_id: int) -> HttpResponse:
    activity = get_object_or_404(selectors.activities_with_details(access.organisation), pk=activity_id)
    form = ActivityForm(request.POST or None, instance=activity, people=_people(access))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "responsible_people"}
        activity.refresh_from_db()
        try:
            services.activity_update(
                activity=activity,
                actor=request.user,
                data=data,
                people=form.cleaned_data["responsible_people"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                return _row_response(request, access, activity.pk)
            messages.success(request, _("Изменения сохранены."))
            return redirect("roadmap:activity", access.organisation.slug, activity.pk)
    template = "roadmap/_activity_form_inline.html" if request.htmx else "roadmap/activity_form.html"
    return render(
        request,
        template,
        _context(access, form=form, activity=activity, stage=activity.stage, roadmap=activity.stage.roadmap),
    )


@organisation_view(RoadmapPerm.MANAGE)
@require_safe
def activity_row(request: HttpRequest, access: OrganisationAccess, activity_id: int) -> HttpResponse:
    """The display row again (the «Отмена» of an inline edit)."""
    return _row_response(request, access, activity_id)


@organisation_view(RoadmapPerm.VIEW_ACTIVITY)
@require_POST
def activity_status(request: HtmxHttpRequest, access: OrganisationAccess, activity_id: int) -> HttpResponse:
    activity = get_object_or_404(selectors.activities_with_details(access.organisation), pk=activity_id)
    permissions.require_work_on_activity(access, activity)
    form = StatusForm(request.POST)
    if not form.is_valid():
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
        if request.htmx:
            return HttpResponse(message, status=422)
        messages.error(request, message)
        return redirect("roadmap:activity", access.organisation.slug, activity.pk)
    try:
        services.activity_set_status(
            activity=activity,
            actor=request.user,
            status=form.cleaned_data["status"],
            completed_on=form.cleaned_data.get("completed_on"),
        )
    except ValidationError as error:
        if request.htmx:
            return HttpResponse(_errors(error), status=422)
        messages.error(request, _errors(error))
    if request.htmx and access.has(RoadmapPerm.MANAGE) and request.POST.get("from") == "row":
        return _row_response(request, access, activity.pk)
    if request.POST.get("next") == "dashboard":
        return redirect("mentoring:dashboard", access.organisation.slug)
    return redirect("roadmap:activity", access.organisation.slug, activity.pk)


@organisation_view(RoadmapPerm.MANAGE)
@require_POST
def activity_move(
    request: HtmxHttpRequest, access: OrganisationAccess, activity_id: int, direction: str
) -> HttpResponse:
    activity = get_object_or_404(selectors.activities_with_details(access.organisation), pk=activity_id)
    if direction not in ("up", "down"):
        raise Http404
    try:
        services.activity_move(activity=activity, actor=request.user, direction=direction)
    except ValidationError as error:
        messages.error(request, _errors(error))
    if request.htmx:
        return _render_stages(request, access, activity.stage.roadmap)
    return redirect("roadmap:detail", access.organisation.slug, activity.stage.roadmap_id)


@organisation_view(RoadmapPerm.MANAGE)
@require_POST
def activity_delete(request: HttpRequest, access: OrganisationAccess, activity_id: int) -> HttpResponse:
    activity = get_object_or_404(selectors.activities_with_details(access.organisation), pk=activity_id)
    roadmap_id = activity.stage.roadmap_id
    try:
        services.activity_delete(activity=activity, actor=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Мероприятие удалено."))
    return redirect("roadmap:detail", access.organisation.slug, roadmap_id)


@organisation_view(RoadmapPerm.VIEW_ACTIVITY)
@require_POST
def evidence_add(request: HtmxHttpRequest, access: OrganisationAccess, activity_id: int) -> HttpResponse:
    activity = get_object_or_404(selectors.activities_with_details(access.organisation), pk=activity_id)
    permissions.require_work_on_activity(access, activity)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                activity=activity,
                actor=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data.get("file"),
                url=form.cleaned_data.get("url") or "",
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Подтверждение приложено."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    if request.htmx and request.POST.get("from") == "row" and access.has(RoadmapPerm.MANAGE):
        return _row_response(request, access, activity.pk)
    return redirect("roadmap:activity", access.organisation.slug, activity.pk)


@organisation_view(RoadmapPerm.VIEW_ACTIVITY)
@require_safe
def evidence_download(request: HttpRequest, access: OrganisationAccess, evidence_id: int) -> HttpResponseBase:
    evidence = get_object_or_404(selectors.evidence_with_activity(access.organisation), pk=evidence_id)
    permissions.require_view_activity(access, evidence.activity)
    if not evidence.file:
        return redirect(evidence.url)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Файл не найден")) from error
    return download(handle, filename=human_name(evidence.title, evidence.file.name or ""))


@organisation_view(RoadmapPerm.MANAGE)
@require_POST
def evidence_delete(request: HttpRequest, access: OrganisationAccess, evidence_id: int) -> HttpResponse:
    evidence = get_object_or_404(selectors.evidence_with_activity(access.organisation), pk=evidence_id)
    activity_id = evidence.activity_id
    try:
        services.evidence_delete(evidence=evidence, actor=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Подтверждение удалено."))
    return redirect("roadmap:activity", access.organisation.slug, activity_id)


# --- Events and publications ----------------------------------------------------------------------------


def _open_activities(access: OrganisationAccess):
    return (
        selectors.activities_for(access.organisation)
        .exclude(stage__roadmap__status=Roadmap.Status.ARCHIVED)
        .select_related("stage")
        .order_by("stage__roadmap_id", "stage__order", "order")
    )


@organisation_view(RoadmapPerm.VIEW)
@require_safe
def event_list(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    events = list(selectors.events_for(access.organisation)[:200])
    now = datetime.datetime.now(datetime.UTC)
    return render(
        request,
        "roadmap/event_list.html",
        _context(
            access,
            upcoming=[event for event in events if event.starts_at >= now][::-1],
            past=[event for event in events if event.starts_at < now],
            publications=selectors.publications_for(access.organisation)[:50],
            can_manage=access.has(RoadmapPerm.MANAGE),
            publication_form=PublicationForm(activities=_open_activities(access)),
        ),
    )


@organisation_view(RoadmapPerm.MANAGE)
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    initial = {}
    if request.GET.get("activity", "").isdigit():
        activity = (
            selectors.activities_with_details(access.organisation)
            .filter(pk=int(request.GET["activity"]))
            .first()
        )
        if activity is not None:
            initial = {"activity": activity, "title": activity.title[:500]}
    # A search of the picker (htmx's GET, or «Найти» without JavaScript): the form again as sent, unsaved.
    finding = request.method == "POST" and "find" in request.POST
    if finding or "invited_q" in request.GET:
        initial = picker_initial(request.POST if finding else request.GET, multiple=("invited",))
    form = EventForm(
        None if finding else (request.POST or None),
        initial=initial,
        people=selectors.members_of(access.organisation),
        activities=_open_activities(access),
        with_invited=True,
        organisation=access.organisation,
        search_url=request.path,
    )
    if request.method == "POST" and not finding and form.is_valid():
        data = {name: form.cleaned_data[name] for name in EventForm.Meta.fields}
        try:
            event = services.event_create(
                organisation=access.organisation,
                actor=request.user,
                data=data,
                invited=form.cleaned_data["invited"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Событие запланировано."))
            return redirect("roadmap:event", access.organisation.slug, event.pk)
    return render(request, "roadmap/event_form.html", _context(access, form=form, event=None))


@organisation_view(RoadmapPerm.VIEW)
@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, access: OrganisationAccess, event_id: int) -> HttpResponse:
    event = get_object_or_404(access.organisation.events.select_related("activity"), pk=event_id)
    people = selectors.members_of(access.organisation)
    # «Найти» of the invitee picker without JavaScript: the page again with the picker as sent, nothing saved.
    finding = request.method == "POST" and "find" in request.POST
    if request.method == "POST":
        access.require(RoadmapPerm.MANAGE)
    if request.method == "POST" and not finding:
        form = AttendanceForm(request.POST, people=people, organisation=access.organisation)
        if form.is_valid():
            try:
                invited, attended = services.attendance_set(
                    event=event,
                    actor=request.user,
                    invited=form.cleaned_data["invited"],
                    attended=form.cleaned_data["attended"],
                )
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                messages.success(
                    request,
                    _("Отмечено: пришли %(attended)s из %(invited)s.")
                    % {"attended": attended, "invited": invited},
                )
        else:
            messages.error(request, _("Отметьте участников из списка организации."))
        return redirect("roadmap:event", access.organisation.slug, event.pk)
    attendances = list(selectors.event_attendance(event))
    can_manage = access.has(RoadmapPerm.MANAGE)
    attended = sum(1 for row in attendances if row.attended)
    invited_ids = {row.person_id for row in attendances}
    return render(
        request,
        "roadmap/event_detail.html",
        _context(
            access,
            event=event,
            attendances=attendances,
            attended=attended,
            percent=round(100 * attended / len(attendances)) if attendances else 0,
            # Every person of the organisation as a checkbox weighs about half a kilobyte: the picker comes
            # only when asked for («Пригласить ещё», loaded in place), or at once while nobody is invited.
            more_form=InviteMoreForm(
                initial=picker_initial(request.POST if finding else request.GET, multiple=("invited",)),
                people=people.exclude(pk__in=invited_ids),
                organisation=access.organisation,
                search_url=f"{request.path}?invite=1",
            )
            if can_manage and (finding or request.GET.get("invite") or not attendances)
            else None,
            can_manage=can_manage,
        ),
    )


@organisation_view(RoadmapPerm.MANAGE)
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, access: OrganisationAccess, event_id: int) -> HttpResponse:
    event = get_object_or_404(access.organisation.events.select_related("activity"), pk=event_id)
    form = EventForm(
        request.POST or None,
        instance=event,
        people=selectors.members_of(access.organisation),
        activities=_open_activities(access),
        with_invited=False,
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in EventForm.Meta.fields}
        event.refresh_from_db()
        try:
            services.event_update(event=event, actor=request.user, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("roadmap:event", access.organisation.slug, event.pk)
    return render(request, "roadmap/event_form.html", _context(access, form=form, event=event))


@organisation_view(RoadmapPerm.MANAGE)
@require_POST
def publication_create(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    form = PublicationForm(request.POST, activities=_open_activities(access))
    if form.is_valid():
        try:
            services.publication_create(
                organisation=access.organisation, actor=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Публикация добавлена."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("roadmap:events", args=[access.organisation.slug]) + "#publications")


@organisation_view(RoadmapPerm.MANAGE)
@require_POST
def publication_delete(request: HttpRequest, access: OrganisationAccess, publication_id: int) -> HttpResponse:
    publication = get_object_or_404(access.organisation.publications, pk=publication_id)
    services.publication_delete(publication=publication, actor=request.user)
    messages.success(request, _("Публикация удалена."))
    return redirect(reverse("roadmap:events", args=[access.organisation.slug]) + "#publications")


# --- Calendar -------------------------------------------------------------------------------------------


@organisation_view(RoadmapPerm.CALENDAR)
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    if request.method == "POST":
        services.calendar_token_reset(user=signed_in_user(request))
        messages.success(request, _("Ссылка заменена: старая больше не работает."))
        return redirect("roadmap:calendar", access.organisation.slug)
    token = services.calendar_token_for(user=signed_in_user(request))
    url = request.build_absolute_uri(reverse("roadmap:calendar_feed", args=[token.token]))
    return render(request, "roadmap/calendar.html", _context(access, feed_url=url))


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponseBase:
    """The token is the key: calendar apps cannot log in. A wrong token is a 404 like any missing page."""
    record = CalendarToken.objects.select_related("user").filter(token=token).first()
    if record is None or not record.user.is_active:
        raise Http404
    data = ical.feed_for(record.user, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = download(data, filename="nastavnik.ics", content_type=ICALENDAR, inline=True)
    response["Cache-Control"] = "private, max-age=900"
    return response
