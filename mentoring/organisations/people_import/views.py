"""The import pages: upload → preview (columns recognised, remapped by hand, every row with its changes) →
confirm (ticked updates only) → the batch, which can be undone."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common import staging
from mentoring.models import ImportBatch
from mentoring.organisations.access import Perm, organisation_view

from . import fields, pipeline, reader, selectors, staged
from .forms import UploadForm

IMPORT_SALT = "mentoring.import"
TOKEN_MAX_AGE = 3600 * 6


def _owner(request: HttpRequest) -> int:
    """The staged upload's owner: the logged-in user (every view here requires one)."""
    return int(request.user.pk or 0)


def _ctx(access, **extra):
    return {"access": access, "organisation": access.organisation, **extra}


def _token(state: dict) -> str:
    return signing.dumps(state, salt=IMPORT_SALT)


def _mapping(state: dict) -> dict[int, str] | None:
    mapping = state.get("mapping")
    return {int(index): code for index, code in mapping.items()} if mapping else None


def _preview(
    access, state: dict, *, content: bytes | None = None, sheets: list[reader.Sheet] | None = None
) -> pipeline.Preview:
    return pipeline.preview(
        organisation=access.organisation,
        target=state["kind"],
        content=content,
        sheets=sheets,
        filename=state.get("name", ""),
        sheet=state.get("sheet", ""),
        mapping=_mapping(state),
        students=bool(state.get("students")),
    )


def _render_preview(request, access, state: dict, report: pipeline.Preview, form=None):
    if report.sheet:
        state = {**state, "sheet": report.sheet}
    # The token says what was shown: the confirmation writes nothing else.
    state = {**state, "shown": report.fingerprint}
    choices = [("", _("— не загружать —"))] + [
        (field.code, str(field.label)) for field in fields.fields_for(state["kind"])
    ]
    return render(
        request,
        "mentoring/excel/import.html",
        _ctx(
            access,
            form=form or UploadForm(initial={"kind": state["kind"]}),
            report=report,
            kind=state["kind"],
            token=_token(state) if not report.file_error else None,
            field_choices=choices,
        ),
    )


@organisation_view(Perm.EXCEL)
@require_http_methods(["GET", "POST"])
def import_people(request: HttpRequest, access) -> HttpResponse:
    organisation = access.organisation
    if request.method == "POST" and "token" in request.POST:
        return _with_token(request, access)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        state = {
            "org": organisation.pk,
            "kind": form.cleaned_data["kind"],
            "name": upload.name or "",
            "students": form.cleaned_data["students"],
        }
        report = _preview(access, state, content=content)
        if report.file_error:
            form.add_error("file", report.file_error)
        else:
            state["upload"] = staged.people_import_stage(
                organisation=organisation,
                owner_id=_owner(request),
                content=content,
                name=state["name"],
                sheets=report.parsed,
            )
            return _render_preview(request, access, state, report, form)
    return render(
        request,
        "mentoring/excel/import.html",
        _ctx(
            access, form=form, report=None, token=None, kind=form.data.get("kind") if form.is_bound else None
        ),
    )


def _with_token(request: HttpRequest, access) -> HttpResponse:
    organisation = access.organisation
    try:
        state = signing.loads(request.POST["token"], salt=IMPORT_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("Срок подтверждения истёк или ссылка повреждена. Загрузите файл снова."))
        return redirect("mentoring:import", organisation.slug)
    if state.get("org") != organisation.pk or state.get("kind") not in fields.TARGETS:
        raise Http404
    try:
        # The sheets the preview read, kept with the upload: the workbook is not opened again.
        sheets = staged.people_import_sheets(
            organisation=organisation,
            owner_id=_owner(request),
            token=state.get("upload", ""),
            filename=state.get("name", ""),
        )
    except staging.StagedUploadMissing:
        messages.info(request, _("Этот файл уже загружен или срок его проверки истёк."))
        return redirect("mentoring:import", organisation.slug)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("mentoring:import", organisation.slug)
    if "remap" in request.POST:
        return _remap(request, access, state, sheets)
    ticked = {int(value) for value in request.POST.getlist("update") if value.isdigit()}
    try:
        report, batch = pipeline.import_confirm(
            organisation=organisation,
            actor=request.user,
            target=state["kind"],
            sheets=sheets,
            filename=state.get("name", ""),
            sheet=state.get("sheet", ""),
            mapping=_mapping(state),
            students=bool(state.get("students")),
            updates=ticked,
            upload_token=state["upload"],
            shown=str(state.get("shown") or ""),  # a token without it was made before: shown again
        )
    except pipeline.ImportRefused as refused:
        if refused.preview is None:
            messages.info(request, " ".join(refused.messages))
            return redirect("mentoring:import", organisation.slug)
        if isinstance(refused, pipeline.ImportChanged):
            messages.warning(request, " ".join(refused.messages))
        return _render_preview(request, access, state, refused.preview)
    staged.people_import_discard(token=state["upload"])
    messages.success(
        request,
        _("Загружено в «%(target)s»: добавлено — %(new)s, изменено — %(updated)s, без изменений — %(same)s.")
        % {
            "target": batch.get_target_display(),
            "new": batch.created_count,
            "updated": batch.updated_count,
            "same": batch.unchanged_count,
        },
    )
    return redirect("mentoring:import_batch", organisation.slug, batch.pk)


def _remap(request: HttpRequest, access, state: dict, sheets: list[reader.Sheet]) -> HttpResponse:
    sheet = request.POST.get("sheet", "")
    if sheet and sheet != state.get("sheet"):
        state = {**state, "sheet": sheet, "mapping": None}  # another sheet: its own columns
    else:
        allowed = {field.code for field in fields.fields_for(state["kind"])}
        mapping = {}
        for key, value in request.POST.items():
            if key.startswith("col_") and key[4:].isdigit() and (value in allowed or value == fields.SKIP):
                mapping[key[4:]] = value
        state = {**state, "mapping": mapping or None}
    state["students"] = (
        request.POST.get("students") == "on" if "students_shown" in request.POST else state.get("students")
    )
    return _render_preview(request, access, state, _preview(access, state, sheets=sheets))


@organisation_view(Perm.EXCEL)
@require_safe
def batch_list(request: HttpRequest, access) -> HttpResponse:
    page = Paginator(selectors.batches_for(access.organisation), 30).get_page(request.GET.get("page"))
    return render(request, "mentoring/excel/batch_list.html", _ctx(access, page=page))


def _batch_or_404(access, batch_id: int) -> ImportBatch:
    batch = selectors.batch_get(access.organisation, batch_id)
    if batch is None:
        raise Http404(_("Загрузка не найдена"))
    return batch


@organisation_view(Perm.EXCEL)
@require_safe
def batch_detail(request: HttpRequest, access, batch_id: int) -> HttpResponse:
    batch = _batch_or_404(access, batch_id)
    return render(
        request,
        "mentoring/excel/batch_detail.html",
        _ctx(
            access,
            batch=batch,
            items=selectors.batch_items(batch),
            blockers=pipeline.undo_blockers(batch),
        ),
    )


@organisation_view(Perm.EXCEL)
@require_POST
def batch_undo(request: HttpRequest, access, batch_id: int) -> HttpResponse:
    batch = _batch_or_404(access, batch_id)
    try:
        pipeline.import_batch_undo(batch=batch, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Загрузка отменена: добавленные ею люди и записи удалены, изменения возвращены.")
        )
    return redirect("mentoring:import_batch", access.organisation.slug, batch.pk)
