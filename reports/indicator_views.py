"""Organisation pages of the indicators: the indicators with their explanations, the documents of a year
(final report, analytical note) and the organisation's part of the bank of practices."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mentoring.organisations.access import organisation_view

from . import documents, indicators, municipality, practice_services
from .indicator_forms import PracticeForm
from .indicator_permissions import IndicatorPerm
from .indicators import AcademicYear, year_choices
from .views import _content_disposition


def selected_year(request: HttpRequest) -> AcademicYear:
    return AcademicYear.parse(request.GET.get("year"), AcademicYear.current())


def _year_context(request: HttpRequest, year: AcademicYear) -> dict:
    return {"year": year, "years": year_choices(), "current_year": AcademicYear.current()}


@organisation_view(IndicatorPerm.VIEW)
def indicator_list(request: HttpRequest, access) -> HttpResponse:
    year = selected_year(request)
    return render(
        request,
        "reports/indicators.html",
        {
            "access": access,
            "organisation": access.organisation,
            "data": indicators.for_organisation(access.organisation, year),
            "tab": "indicators",
            **_year_context(request, year),
        },
    )


@organisation_view(IndicatorPerm.VIEW)
def year_documents(request: HttpRequest, access) -> HttpResponse:
    year = selected_year(request)
    final_report = documents.get("final-report")
    generated = [
        item
        for item in access.organisation.generated_documents.filter(kind="final-report").select_related(
            "requested_by__person"
        )[:30]
        if str(item.params.get("year")) == str(year.start)
    ][:5]
    return render(
        request,
        "reports/year_documents.html",
        {
            "access": access,
            "organisation": access.organisation,
            "data": indicators.for_organisation(access.organisation, year),
            "final_report": final_report,
            "analytical_note": documents.get("analytical-note"),
            "generated": generated,
            "can_build": access.has(IndicatorPerm.BUILD),
            "tab": "documents",
            **_year_context(request, year),
        },
    )


# --- The organisation's bank of practices ------------------------------------------------------------------


@organisation_view(IndicatorPerm.PRACTICES_VIEW)
def practice_list(request: HttpRequest, access) -> HttpResponse:
    return render(
        request,
        "reports/practices.html",
        {
            "access": access,
            "organisation": access.organisation,
            "practices": municipality.practices_of(access),
            "can_manage": access.has(IndicatorPerm.PRACTICES_MANAGE),
            "tab": "practices",
        },
    )


def _practice_or_404(access, practice_id: int):
    practice = municipality.practices_of(access).filter(pk=practice_id).first()
    if practice is None:
        raise Http404(_("Материал не найден"))
    return practice


@organisation_view(IndicatorPerm.PRACTICES_MANAGE)
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, access, practice_id: int | None = None) -> HttpResponse:
    practice = _practice_or_404(access, practice_id) if practice_id else None
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
        "reports/practice_form.html",
        {"access": access, "organisation": access.organisation, "form": form, "practice": practice},
    )


@organisation_view(IndicatorPerm.PRACTICES_MANAGE)
@require_POST
def practice_publish(request: HttpRequest, access, practice_id: int) -> HttpResponse:
    practice = _practice_or_404(access, practice_id)
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
def practice_delete(request: HttpRequest, access, practice_id: int) -> HttpResponse:
    practice = _practice_or_404(access, practice_id)
    practice_services.practice_delete(
        organisation=access.organisation, practice_id=practice.pk, actor=request.user
    )
    messages.success(request, _("Материал удалён."))
    return redirect("reports:practices", access.organisation.slug)


@organisation_view(IndicatorPerm.PRACTICES_VIEW)
def practice_file(request: HttpRequest, access, practice_id: int) -> HttpResponse:
    practice = _practice_or_404(access, practice_id)
    if not practice.file:
        raise Http404(_("Файла нет"))
    try:
        handle = practice.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Файл не найден")) from error
    response = FileResponse(handle)
    response["Content-Disposition"] = _content_disposition(practice.file.name.rsplit("/", 1)[-1])
    return response
