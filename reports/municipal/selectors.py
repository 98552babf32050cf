"""Queries of the coordinator's pages: the registry with roadmap progress and indicators side by side, the
single municipal mentor base (and its .xlsx export), and the bank of programmes and best practices. Every
query starts from the municipality; the organisations' figures are computed for all of them at once."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat, Lower
from django.utils.translation import gettext as _

from common.dates import AcademicYear
from mentoring.models import Competency, Consent, MentorProfile, Municipality, Organisation, Pair, PairMentee
from mentoring.organisations import selectors as mentoring_selectors
from mentoring.programme.excel import escape_cell
from reports.indicators.computation import compute
from reports.models import Practice


def programme_organisations(municipality: Municipality):
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
        organisation.indicators = computed[organisation.pk]
        organisation.roadmap_row = computed[organisation.pk].roadmap
    return organisations


# --- The municipal mentor base -----------------------------------------------------------------------------


@dataclass
class MentorFilters:
    search: str = ""
    organisation: int | None = None
    status: str = ""
    trained: str = ""
    competency: int | None = None


def _haystack():
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
    open_pairs = Pair.objects.filter(
        organisation=OuterRef("organisation"), mentor=OuterRef("person"), status__in=Pair.OPEN_STATUSES
    )
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
                pair__status__in=Pair.OPEN_STATUSES,
                pair__organisation_id__in={key[0] for key in keys},
                pair__mentor_id__in={key[1] for key in keys},
            )
            .values("pair__organisation_id", "pair__mentor_id")
            .annotate(n=Count("id"))
        )
        counts = {(row["pair__organisation_id"], row["pair__mentor_id"]): row["n"] for row in rows}
    for profile in profiles:
        profile.mentees_now = counts.get((profile.organisation_id, profile.person_id), 0)


MENTOR_HEADERS = [
    "Организация",
    "Фамилия",
    "Имя",
    "Отчество",
    "Должность",
    "Предметы, направления",
    "Квалификационная категория",
    "Педагогический стаж, лет",
    "Компетенции",
    "Статус в базе",
    "Обучение пройдено",
    "Дата обучения",
    "Курс обучения",
    "Может взять наставляемых",
    "Наставляемых сейчас",
    "Согласие на обработку ПДн",
]


def mentor_rows(profiles: list[MentorProfile]) -> list[list]:
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
                person.get_qualification_category_display() if person.qualification_category else "",
                person.teaching_experience,
                ", ".join(item.name for item in profile.competencies.all()),
                profile.get_status_display(),
                _("да") if profile.is_trained else _("нет"),
                profile.training_date.strftime("%d.%m.%Y") if profile.training_date else "",
                profile.training_course,
                profile.capacity,
                profile.mentees_now,
                _("да") if profile.has_consent else _("нет"),
            ]
        )
    return rows


def mentors_xlsx(municipality: Municipality, profiles: list[MentorProfile]) -> bytes:
    """The base as .xlsx (openpyxl's streaming writer): Russian headers, every text that could be taken for a
    formula escaped, text cells stored as text."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = mentor_rows(profiles)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title="База наставников")
    for index, header in enumerate(MENTOR_HEADERS, start=1):
        longest = max([len(header)] + [len(str(row[index - 1] or "")) for row in rows[:300]])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 60)
    sheet.freeze_panes = "A3"
    title = WriteOnlyCell(sheet, value=f"Муниципальная база наставников: {municipality.name}")
    title.font = Font(bold=True, size=13)
    sheet.append([title])
    bold = Font(bold=True)
    header_cells = []
    for header in MENTOR_HEADERS:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([escape_cell(value) if value is not None else "" for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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


def practices_of(access) -> QuerySet[Practice]:
    """The organisation's own bank: everything for those who keep it, the published items for the others."""
    from reports.permissions import IndicatorPerm

    queryset = access.organisation.practices.select_related("created_by", "created_by__person").order_by(
        "-academic_year", "-created_at", "-pk"
    )
    if not access.has(IndicatorPerm.PRACTICES_MANAGE):
        queryset = queryset.filter(is_published=True)
    return queryset
