"""Queries of the coordinator's pages: the registry with roadmap progress and indicators side by side, the
single municipal mentor base (and its .xlsx export), and the bank of programmes and best practices. Every
query starts from the municipality; the organisations' figures are computed for all of them at once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat, Lower
from django.utils.translation import gettext as _

from common import xlsx
from common.dates import AcademicYear
from mentoring.models import (
    Competency,
    Consent,
    MentorProfile,
    Municipality,
    Organisation,
    Pair,
    PairMentee,
    Region,
)
from mentoring.organisations import selectors as mentoring_selectors
from mentoring.organisations.access import OrganisationAccess
from mentoring.organisations.models import CENTRE_KINDS
from reports.indicators.computation import compute
from reports.models import (
    GeneratedDocument,
    MonitoringRound,
    MonitoringSubmission,
    Practice,
    ReportCollection,
)


def programme_organisations(municipality: Municipality) -> QuerySet[Organisation]:
    """The organisations that implement the model (the municipal and regional centres oversee them)."""
    return municipality.organisations.exclude(kind__in=CENTRE_KINDS)


def registry(municipality: Municipality, year: AcademicYear) -> list[Organisation]:
    """The registry rows: each organisation with its leaders, head counts, roadmap progress and indicators."""
    organisations = list(
        mentoring_selectors.municipality_registry(municipality).exclude(kind__in=CENTRE_KINDS)
    )
    computed = compute(organisations, year)
    for organisation in organisations:
        organisation.indicators = computed[organisation.pk]  # type: ignore[attr-defined]
        organisation.roadmap_row = computed[organisation.pk].roadmap  # type: ignore[attr-defined]
    return organisations


# --- The municipal mentor base -----------------------------------------------------------------------------


@dataclass
class MentorFilters:
    search: str = ""
    organisation: int | None = None
    status: str = ""
    trained: str = ""
    competency: int | None = None


def _haystack() -> Lower:
    return Lower(
        Concat(
            "person__last_name",
            Value(" "),
            "person__first_name",
            Value(" "),
            "person__patronymic",
            Value(" "),
            "person__position",
            Value(" "),
            "person__subjects",
            output_field=CharField(),
        )
    )


def municipal_mentors(
    municipality: Municipality, filters: MentorFilters | None = None
) -> QuerySet[MentorProfile]:
    """Every organisation's mentors with their competencies, training, status, consent and current load."""
    filters = filters or MentorFilters()
    valid_consent = Consent.objects.filter(
        organisation=OuterRef("organisation"), person=OuterRef("person"), withdrawn_on__isnull=True
    )
    open_pairs = Pair.objects.open().filter(organisation=OuterRef("organisation"), mentor=OuterRef("person"))
    queryset = (
        MentorProfile.objects.filter(organisation__municipality=municipality)
        .select_related("person", "organisation")
        .prefetch_related(Prefetch("competencies", queryset=Competency.objects.order_by("order", "name")))
        .annotate(
            has_consent=Exists(valid_consent),
            working=Exists(open_pairs),
        )
        .order_by(
            "person__last_name", "person__first_name", "person__patronymic", "organisation__short_name", "pk"
        )
    )
    if filters.search:
        queryset = queryset.annotate(haystack=_haystack())
        for word in filters.search.lower().split():
            queryset = queryset.filter(haystack__contains=word)
    if filters.organisation:
        queryset = queryset.filter(organisation_id=filters.organisation)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    else:
        queryset = queryset.exclude(status=MentorProfile.Status.ARCHIVED)
    if filters.trained == "yes":
        queryset = queryset.filter(Q(trained=True) | Q(training_date__isnull=False))
    elif filters.trained == "no":
        queryset = queryset.filter(trained=False, training_date__isnull=True)
    if filters.competency:
        queryset = queryset.filter(competencies=filters.competency)
    return queryset


def mentees_now(profiles: list[MentorProfile]) -> None:
    """Set `profile.mentees_now`: the mentees in each mentor's open pairs of that organisation (1 query)."""
    keys = {(profile.organisation_id, profile.person_id) for profile in profiles}
    counts: dict[tuple[int, int], int] = {}
    if keys:
        rows = (
            PairMentee.objects.filter(
                Pair.open_q("pair__"),
                pair__organisation_id__in={key[0] for key in keys},
                pair__mentor_id__in={key[1] for key in keys},
            )
            .values("pair__organisation_id", "pair__mentor_id")
            .annotate(n=Count("id"))
        )
        counts = {(row["pair__organisation_id"], row["pair__mentor_id"]): row["n"] for row in rows}
    for profile in profiles:
        profile.mentees_now = counts.get(  # type: ignore[attr-defined]
            (profile.organisation_id, profile.person_id), 0
        )


MENTOR_COLUMNS = [
    xlsx.Column("Организация"),
    xlsx.Column("Фамилия"),
    xlsx.Column("Имя"),
    xlsx.Column("Отчество"),
    xlsx.Column("Должность"),
    xlsx.Column("Предметы, направления"),
    xlsx.Column("Квалификационная категория"),
    xlsx.Column("Педагогический стаж, лет", xlsx.Kind.NUMBER),
    xlsx.Column("Компетенции"),
    xlsx.Column("Статус в базе"),
    xlsx.Column("Обучение пройдено", xlsx.Kind.BOOLEAN),
    xlsx.Column("Дата обучения", xlsx.Kind.DATE),
    xlsx.Column("Курс обучения"),
    xlsx.Column("Может взять наставляемых", xlsx.Kind.NUMBER),
    xlsx.Column("Наставляемых сейчас", xlsx.Kind.NUMBER),
    xlsx.Column("Согласие на обработку ПДн", xlsx.Kind.BOOLEAN),
]
MENTOR_HEADERS = [column.header for column in MENTOR_COLUMNS]


def mentor_rows(profiles: list[MentorProfile]) -> list[list[Any]]:
    rows = []
    for profile in profiles:
        person = profile.person
        rows.append(
            [
                profile.organisation.short_name,
                person.last_name,
                person.first_name,
                person.patronymic,
                person.position,
                person.subjects,
                person.get_qualification_category_display() if person.qualification_category else None,
                person.teaching_experience,
                ", ".join(item.name for item in profile.competencies.all()),
                profile.get_status_display(),
                profile.is_trained,
                profile.training_date,
                profile.training_course,
                profile.capacity,
                profile.mentees_now,  # type: ignore[attr-defined]
                bool(profile.has_consent),  # type: ignore[attr-defined]
            ]
        )
    return rows


def mentors_xlsx(municipality: Municipality, profiles: list[MentorProfile]) -> bytes:
    """The base as .xlsx: a title line, Russian headers, real dates and numbers, printable as a register."""
    return xlsx.render(
        xlsx.Sheet(
            title=_("База наставников"),
            columns=MENTOR_COLUMNS,
            rows=mentor_rows(profiles),
            above=[
                xlsx.Row(
                    [_("Муниципальная база наставников: %(name)s") % {"name": municipality.name}],
                    bold=True,
                    size=13,
                )
            ],
            print_setup=True,
        )
    )


# --- The bank of practices ---------------------------------------------------------------------------------


@dataclass
class PracticeFilters:
    search: str = ""
    organisation: int | None = None
    kind: str = ""
    year: str = ""


def published_practices(
    municipality: Municipality, filters: PracticeFilters | None = None
) -> QuerySet[Practice]:
    filters = filters or PracticeFilters()
    queryset = (
        Practice.objects.filter(organisation__municipality=municipality, is_published=True)
        .select_related("organisation")
        .order_by("-academic_year", "-published_at", "-pk")
    )
    if filters.search:
        queryset = queryset.annotate(
            haystack=Lower(
                Concat("title", Value(" "), "summary", Value(" "), "authors", output_field=CharField())
            )
        )
        for word in filters.search.lower().split():
            queryset = queryset.filter(haystack__contains=word)
    if filters.organisation:
        queryset = queryset.filter(organisation_id=filters.organisation)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.year:
        queryset = queryset.filter(academic_year=filters.year)
    return queryset


def practice_years(municipality: Municipality) -> list[str]:
    return sorted(
        set(
            Practice.objects.filter(organisation__municipality=municipality, is_published=True).values_list(
                "academic_year", flat=True
            )
        ),
        reverse=True,
    )


def practices_of(access: OrganisationAccess) -> QuerySet[Practice]:
    """The organisation's own bank: everything for those who keep it, the published items for the others."""
    from reports.permissions import IndicatorPerm

    queryset = access.organisation.practices.select_related("created_by", "created_by__person").order_by(
        "-academic_year", "-created_at", "-pk"
    )
    if not access.has(IndicatorPerm.PRACTICES_MANAGE):
        queryset = queryset.filter(is_published=True)
    return queryset


# --- The collection of reports and the region's monitoring --------------------------------------------------


def report_collections(
    municipality: Municipality, *, year: AcademicYear | None = None
) -> list[ReportCollection]:
    queryset = ReportCollection.objects.filter(municipality=municipality).order_by("due_on", "pk")
    if year is not None:
        queryset = queryset.filter(academic_year=year.label)
    return list(queryset)


def _year_of(params: object) -> int:
    text = str(params.get("year")) if isinstance(params, dict) else ""
    return int(text) if text.isdigit() else -1


def collection_status(
    collections: list[ReportCollection], organisations: list[Organisation], *, today: datetime.date
) -> list[dict[str, Any]]:
    """For each collection, each organisation: whether its document of that year is built (sent), when, and
    whether the deadline has passed without it (1 query for all collections)."""
    if not collections or not organisations:
        return [{"collection": collection, "rows": [], "sent": 0} for collection in collections]
    ready: dict[tuple[int, str, int], tuple[int, datetime.datetime | None]] = {}
    for pk, organisation_id, kind, params, finished_at in (
        GeneratedDocument.objects.filter(
            organisation__in=organisations,
            kind__in={collection.kind for collection in collections},
            status=GeneratedDocument.Status.DONE,
        )
        .order_by("finished_at", "pk")
        .values_list("pk", "organisation_id", "kind", "params", "finished_at")
    ):
        ready.setdefault((organisation_id, kind, _year_of(params)), (pk, finished_at))
    result = []
    for collection in collections:
        rows = []
        for organisation in organisations:
            found = ready.get((organisation.pk, collection.kind, collection.year_start))
            rows.append(
                {
                    "organisation": organisation,
                    "document_id": found[0] if found else None,
                    "sent_at": found[1] if found else None,
                    "late": found is None and collection.due_on < today,
                }
            )
        result.append(
            {
                "collection": collection,
                "rows": rows,
                "sent": sum(1 for row in rows if row["document_id"]),
                "overdue": collection.due_on < today,
            }
        )
    return result


def rounds_of_region(region: Region) -> list[MonitoringRound]:
    return list(
        MonitoringRound.objects.filter(region=region)
        .annotate(submitted=Count("submissions"))
        .order_by("-created_at", "-pk")
    )


def round_get(region: Region, round_id: int) -> MonitoringRound | None:
    return MonitoringRound.objects.select_related("region").filter(region=region, pk=round_id).first()


def round_rows(round_: MonitoringRound) -> list[dict[str, Any]]:
    """Every municipality of the round's region with its submission, or None (2 queries)."""
    submissions = {
        submission.municipality_id: submission
        for submission in round_.submissions.select_related("submitted_by")
    }
    return [
        {"municipality": municipality, "submission": submissions.get(municipality.pk)}
        for municipality in round_.region.municipalities.order_by("name")
    ]


@dataclass
class RoundStatus:
    """A round of the region as one municipality sees it: with its own submission, if it has made one."""

    round: MonitoringRound
    submission: MonitoringSubmission | None


def rounds_for_municipality(municipality: Municipality) -> list[RoundStatus]:
    if municipality.region_id is None:
        return []
    rounds = list(
        MonitoringRound.objects.filter(region_id=municipality.region_id).order_by("-created_at", "-pk")
    )
    submitted = {
        submission.round_id: submission
        for submission in MonitoringSubmission.objects.filter(municipality=municipality, round__in=rounds)
    }
    return [RoundStatus(round=round_, submission=submitted.get(round_.pk)) for round_ in rounds]
