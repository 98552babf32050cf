"""State changes of the bank of programmes and best practices (the curator adds, edits, publishes and
withdraws an item of the organisation), of the municipal centre's collection of reports, and of the
region's monitoring (the regional coordinator announces a round; each municipality's coordinator submits its
figures, frozen at that moment; the regional coordinator may return a submission for correction). Each
change leaves an audit entry."""

from __future__ import annotations

import datetime
import os
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import dates
from common.dates import AcademicYear
from common.uploads import UploadKind, validate_upload
from mentoring.models import Municipality, Organisation, Person, Region
from mentoring.organisations.services import audit_entry_create, field_changes
from mentoring.organisations.types import Actor
from reports.indicators.computation import BY_CODE
from reports.models import MonitoringRound, MonitoringSubmission, Practice, ReportCollection
from roadmap.models import validate_academic_year

PRACTICE_FIELDS = ("kind", "title", "summary", "authors", "url", "academic_year")


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    data = {name: data[name] for name in PRACTICE_FIELDS if name in data}
    for name in ("title", "summary", "authors", "url", "academic_year"):
        if name in data:
            data[name] = (data[name] or "").strip()
    if not data.get("title"):
        raise ValidationError(_("Введите название."))
    if not data.get("summary"):
        raise ValidationError(_("Опишите практику в двух-трёх предложениях."))
    validate_academic_year(data.get("academic_year", ""))
    if data.get("kind") not in Practice.Kind.values:
        raise ValidationError(_("Выберите вид материала."))
    return data


@transaction.atomic
def practice_save(
    *,
    organisation: Organisation,
    actor: Actor,
    data: dict[str, Any],
    upload: UploadedFile[Any] | None = None,
    practice: Practice | None = None,
    remove_file: bool = False,
) -> Practice:
    """Create (practice=None) or change an item of the bank; a file or a link is required."""
    data = _clean(data)
    if upload is not None:
        validate_upload(upload, UploadKind.PRACTICE)
    if practice is not None:
        practice = Practice.objects.select_for_update().get(pk=practice.pk, organisation=organisation)
    has_file = upload is not None or (practice is not None and practice.file and not remove_file)
    if not has_file and not data.get("url"):
        raise ValidationError(_("Приложите файл или укажите ссылку на материал."))
    creating = practice is None
    if practice is None:
        practice = Practice(
            organisation=organisation,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        changes = {name: ["", str(value)] for name, value in data.items() if value}
    else:
        changes = field_changes(practice, data)
    for name, value in data.items():
        setattr(practice, name, value)
    if remove_file and practice.file and upload is None:
        practice.file = ""
        changes["file"] = ["файл", ""]
    if upload is not None:
        filename = os.path.basename(upload.name or "")
        practice.file.save(filename, upload, save=False)
        changes["file"] = ["", filename]
    practice.full_clean()
    practice.save()
    if creating or changes:
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="practice.created" if creating else "practice.updated",
            target=practice,
            changes=changes,
        )
    return practice


@transaction.atomic
def practice_publish(
    *, organisation: Organisation, practice_id: int, actor: Actor, published: bool
) -> Practice:
    """Publish in the municipal bank, or withdraw; repeating the same request changes nothing."""
    practice = Practice.objects.select_for_update().filter(organisation=organisation, pk=practice_id).first()
    if practice is None:
        raise ValidationError(_("Материал не найден."))
    if practice.is_published == published:
        return practice
    practice.is_published = published
    practice.published_at = timezone.now() if published else None
    practice.save(update_fields=["is_published", "published_at", "updated_at"])
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="practice.published" if published else "practice.withdrawn",
        target=practice,
        changes={"is_published": [not published, published]},
    )
    return practice


@transaction.atomic
def practice_delete(*, organisation: Organisation, practice_id: int, actor: Actor) -> None:
    practice = Practice.objects.select_for_update().filter(organisation=organisation, pk=practice_id).first()
    if practice is None:
        return
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="practice.deleted",
        target=practice,
        changes={"title": [practice.title, ""]},
    )
    if practice.file:
        practice.file.delete(save=False)
    practice.delete()


# --- The municipal centre's collection of reports ---------------------------------------------------------


def _municipal_home(municipality: Municipality, actor: Actor) -> Organisation | None:
    from reports.documents.annual import municipality_home

    return municipality_home(municipality, actor)


def _future_date(due_on: object, today: datetime.date, what: str) -> None:
    if not isinstance(due_on, datetime.date):
        raise ValidationError(_("Укажите срок в виде ДД.ММ.ГГГГ."))
    if due_on < today:
        raise ValidationError(
            _("Срок %(what)s уже прошёл: укажите дату не раньше %(today)s.")
            % {"what": what, "today": today.strftime("%d.%m.%Y")}
        )


@transaction.atomic
def report_collection_announce(
    *,
    municipality: Municipality,
    actor: Actor,
    kind: str,
    academic_year: str,
    due_on: datetime.date,
    today: datetime.date | None = None,
) -> ReportCollection:
    """The centre asks every school of the municipality for one year document by a deadline."""
    today = today or dates.today()
    if kind not in ReportCollection.Kind.values:
        raise ValidationError(_("Выберите, какой отчёт собирать."))
    year = AcademicYear.parse(academic_year, None)
    if year is None:
        raise ValidationError(_("Учебный год записывается как 2025/2026."))
    _future_date(due_on, today, _("сдачи"))
    if ReportCollection.objects.filter(
        municipality=municipality, kind=kind, academic_year=year.label
    ).exists():
        raise ValidationError(_("Этот отчёт за %(year)s уже собирается.") % {"year": year.label})
    collection = ReportCollection.objects.create(
        municipality=municipality, kind=kind, academic_year=year.label, due_on=due_on, created_by=_user(actor)
    )
    audit_entry_create(
        actor=actor,
        organisation=_municipal_home(municipality, actor),
        action="report_collection.announced",
        target=collection,
        changes={"kind": ["", kind], "academic_year": ["", year.label], "due_on": ["", due_on]},
    )
    return collection


# --- The region's monitoring -----------------------------------------------------------------------------


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _regional_home(region: Region, actor: Actor) -> Organisation | None:
    centres = Organisation.objects.filter(kind=Organisation.Kind.REGIONAL_CENTRE, municipality__region=region)
    user = _user(actor)
    if user is not None:
        own = centres.filter(memberships__person__user=user).first()
        if own is not None:
            return own
    return centres.order_by("pk").first()


@transaction.atomic
def monitoring_round_announce(
    *,
    region: Region,
    actor: Actor,
    title: str,
    academic_year: str,
    indicator_codes: list[str],
    due_on: datetime.date,
    instructions: str = "",
    today: datetime.date | None = None,
) -> MonitoringRound:
    """Announce a round: which figures (indicator codes), for which academic year, by when."""
    today = today or dates.today()
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Назовите мониторинг."))
    year = AcademicYear.parse(academic_year, None)
    if year is None:
        raise ValidationError(_("Учебный год записывается как 2025/2026."))
    codes = [code for code in BY_CODE if code in set(indicator_codes or [])]
    unknown = sorted(set(indicator_codes or []) - set(BY_CODE))
    if unknown:
        raise ValidationError(_("Неизвестные показатели: %(codes)s.") % {"codes": ", ".join(unknown)})
    if not codes:
        raise ValidationError(_("Выберите хотя бы один показатель."))
    _future_date(due_on, today, _("представления"))
    if MonitoringRound.objects.filter(region=region, title=title, academic_year=year.label).exists():
        raise ValidationError(
            _("Мониторинг с таким названием за %(year)s уже объявлен.") % {"year": year.label}
        )
    round_ = MonitoringRound.objects.create(
        region=region,
        title=title,
        academic_year=year.label,
        indicator_codes=codes,
        due_on=due_on,
        instructions=(instructions or "").strip(),
        created_by=_user(actor),
    )
    audit_entry_create(
        actor=actor,
        organisation=_regional_home(region, actor),
        action="monitoring.announced",
        target=round_,
        changes={"academic_year": ["", year.label], "indicators": ["", codes], "due_on": ["", due_on]},
    )
    return round_


@transaction.atomic
def monitoring_submission_submit(
    *, round_id: int, municipality: Municipality, actor: Actor, comment: str = ""
) -> MonitoringSubmission:
    """The municipality's coordinator submits the figures computed from the data now; they are frozen."""
    from reports.municipal.overview import monitoring_figures

    round_ = MonitoringRound.objects.select_for_update().filter(pk=round_id).first()
    if round_ is None or round_.region_id != municipality.region_id:
        raise ValidationError(_("Мониторинг не найден."))
    if MonitoringSubmission.objects.filter(round=round_, municipality=municipality).exists():
        raise ValidationError(
            _("Показатели уже представлены. Исправить их можно, только если региональный центр вернёт их.")
        )
    figures = monitoring_figures(municipality, round_.indicator_codes, AcademicYear(round_.year_start))
    user = _user(actor)
    person = Person.objects.filter(user=user).first() if user is not None else None
    submission = MonitoringSubmission.objects.create(
        round=round_,
        municipality=municipality,
        figures=figures,
        comment=(comment or "").strip(),
        submitted_at=timezone.now(),
        submitted_by=user,
        submitter_name=person.full_name if person else (user.get_username() if user else ""),
    )
    audit_entry_create(
        actor=actor,
        organisation=_municipal_home(municipality, actor),
        action="monitoring.submitted",
        target=submission,
        changes={"totals": ["", figures["totals"]]},
    )
    return submission


@transaction.atomic
def monitoring_submission_return(
    *, round_id: int, municipality_id: int, region: Region, actor: Actor, reason: str
) -> None:
    """The regional coordinator returns a submission for correction: the frozen figures are kept in the audit
    entry, and the municipality may submit again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Напишите, что нужно исправить: муниципалитет увидит это в журнале."))
    submission = (
        MonitoringSubmission.objects.select_for_update()
        .select_related("round", "municipality")
        .filter(round_id=round_id, round__region=region, municipality_id=municipality_id)
        .first()
    )
    if submission is None:
        raise ValidationError(_("Этот муниципалитет ещё не представил показатели."))
    audit_entry_create(
        actor=actor,
        organisation=_regional_home(region, actor),
        action="monitoring.returned",
        target=submission.round,
        changes={
            "municipality": [submission.municipality.name, ""],
            "totals": [submission.figures.get("totals", {}), ""],
            "reason": ["", reason],
        },
    )
    submission.delete()
