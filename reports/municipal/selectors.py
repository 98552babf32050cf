"""Queries of the coordinator's pages: the registry with roadmap progress and indicators side by side, the
single municipal mentor base (and its .xlsx export), and the bank of programmes and best practices. Every
query starts from the municipality; the organisations' figures are computed for all of them at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat, Lower
from django.utils.translation import gettext as _

from common import xlsx
from common.dates import AcademicYear
from mentoring.models import Competency, Consent, MentorProfile, Municipality, Organisation, Pair, PairMentee
from mentoring.organisations import selectors as mentoring_selectors
from mentoring.organisations.access import OrganisationAccess
from reports.indicators.computation import compute
from reports.models import Practice


def programme_organisations(municipality: Municipality) -> QuerySet[Organisation]:
    """The organisations that implement the model (the municipal centre oversees them)."""
    return municipality.organisations.exclude(kind=Organisation.Kind.MUNICIPAL_CENTRE)


def registry(municipality: Municipality, year: AcademicYear) -> list[Organisation]:
    """The registry rows: each organisation with its leaders, head counts, roadmap progress and indicators."""
    organisations = list(
        mentoring_selectors.municipality_registry(municipality).exclude(
            kind=Organisation.Kind.MUNICIPAL_CENTRE
        )
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
