"""The indicators of effectiveness the roadmaps name («показатели эффективности»), computed from the data
for an organisation and an academic year (1 September – 31 August), never typed in.

`compute(organisations, year)` works on any number of organisations at once in a fixed number of queries
(about a dozen, whatever the number of organisations or people): every query is grouped by organisation and
the sets of people are combined in Python. `for_organisation(organisation, year)` is the one-organisation
case. Each value carries its definition (code, Russian name, unit, target, how it is counted), the figures it
was made of and whether the target is met (None when the indicator has no target or no data yet).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from common import dates
from common.dates import AcademicYear
from mentoring.models import (
    Membership,
    MenteeProfile,
    MentorProfile,
    Organisation,
    Pair,
    PairMentee,
    Partner,
    Person,
)
from roadmap.models import Activity, Attendance, Event, Publication, Roadmap
from surveys.models import Invitation, Questionnaire

YOUNG_AGE = 35


# --- Definitions -------------------------------------------------------------------------------------------

PERCENT = "%"
PEOPLE = "чел."
UNITS = "ед."


@dataclass(frozen=True)
class Definition:
    code: str
    name: StrOrPromise
    short_name: StrOrPromise
    unit: str
    # The value the indicator must reach (at least); None: counted, without a target.
    target: float | None
    explanation: StrOrPromise
    federal: bool = False
    key: bool = False  # shown in the compact views (dashboard panel, municipal registry)

    @property
    def target_display(self) -> str:
        if self.target is None:
            return "—"
        if self.unit == PERCENT:
            return f"{'' if self.target >= 100 else 'не менее '}{self.target:g} %"
        return f"не менее {self.target:g}"

    def __reduce__(self):
        # A cached figure refers to the catalogue's definition by its code: small, and the same object back.
        if BY_CODE.get(self.code) is self:
            return (definition_by_code, (self.code,))
        return super().__reduce__()


def definition_by_code(code: str) -> Definition:
    return BY_CODE[code]


DEFINITIONS: list[Definition] = [
    Definition(
        "participants",
        _("Участники, охваченные программой наставничества"),
        _("Участников программы"),
        PEOPLE,
        None,
        _(
            "Все, кто в учебном году работал в наставнической паре или группе (утверждённой, работающей или "
            "завершённой): наставники и наставляемые, каждый человек один раз."
        ),
    ),
    Definition(
        "mentees_in_pairs",
        _("Доля наставляемых, закреплённых в парах/группах"),
        _("Наставляемые в парах"),
        PERCENT,
        100,
        _(
            "Наставляемые из базы, закреплённые за наставником в утверждённой паре или группе года, к числу "
            "всех наставляемых базы (завершившие программу в прошлые годы не считаются). Норматив — 100 %."
        ),
        key=True,
    ),
    Definition(
        "mentors_trained",
        _("Обученные наставники"),
        _("Обучено наставников"),
        PEOPLE,
        None,
        _(
            "Наставники из базы (кроме архива), у которых отмечено прохождение обучения или указана дата "
            "обучения не позже конца учебного года."
        ),
    ),
    Definition(
        "partners",
        _("Организации-партнёры, принявшие участие в реализации целевой модели"),
        _("Организаций-партнёров"),
        UNITS,
        None,
        _(
            "Организации и предприятия из списка партнёров, соглашение с которыми заключено до конца "
            "учебного года (или дата соглашения не указана)."
        ),
    ),
    Definition(
        "plans_90",
        _("Индивидуальные планы, реализованные не менее чем на 90 %"),
        _("Планы выполнены на 90 %"),
        PERCENT,
        100,
        _(
            "Доля индивидуальных планов пар/групп года, в которых выполнено не менее 90 % пунктов. "
            "Норматив — все планы."
        ),
        key=True,
    ),
    Definition(
        "final_meeting",
        _("Доля участников итоговой встречи / деловой игры"),
        _("Итоговая встреча"),
        PERCENT,
        90,
        _(
            "Участники программы, отмеченные присутствующими в листе регистрации итоговой встречи или "
            "деловой игры года, к числу всех участников программы. Норматив — не менее 90 %."
        ),
        key=True,
    ),
    Definition(
        "diagnostics",
        _("Участники, прошедшие диагностику"),
        _("Прошли диагностику"),
        PERCENT,
        100,
        _(
            "Участники программы, ответившие хотя бы на одну анкету диагностики года (входную или "
            "итоговую), к числу всех участников. Диагностика проводится ежеквартально; норматив — 100 %."
        ),
        key=True,
    ),
    Definition(
        "publications",
        _("Публикации на информационных ресурсах организации"),
        _("Публикаций"),
        UNITS,
        1,
        _(
            "Публикации о реализации целевой модели наставничества на сайте и в сообществах организации с "
            "датой в учебном году. Норматив — не менее 1."
        ),
    ),
    Definition(
        "council",
        _("Доля педагогов, участвовавших в педагогическом совете"),
        _("Педсовет"),
        PERCENT,
        90,
        _(
            "Сотрудники организации, отмеченные присутствующими на педагогическом совете года (берётся "
            "совет с наибольшей явкой), к числу всех сотрудников. Норматив — не менее 90 %."
        ),
    ),
    Definition(
        "roadmap_done",
        _("Выполнено позиций дорожной карты"),
        _("Дорожная карта"),
        PERCENT,
        100,
        _(
            "Доля выполненных мероприятий дорожной карты учебного года (утверждённой, а если её нет — "
            "черновика); отменённые мероприятия не учитываются. Норматив — 100 %."
        ),
        key=True,
    ),
    Definition(
        "young_teachers",
        _("Доля педагогов в возрасте до 35 лет, вовлечённых в наставничество"),
        _("Педагоги до 35 лет"),
        PERCENT,
        70,
        _(
            "Федеральный показатель: сотрудники моложе 35 лет на 1 сентября, работающие в паре или группе "
            "года наставником или наставляемым, к числу всех сотрудников моложе 35 лет. Сотрудники без "
            "даты рождения не учитываются. Норматив — не менее 70 %."
        ),
        federal=True,
        key=True,
    ),
]
BY_CODE = {definition.code: definition for definition in DEFINITIONS}


def choices() -> list[tuple[str, str]]:
    return [(definition.code, str(definition.name)) for definition in DEFINITIONS]


# --- Values ------------------------------------------------------------------------------------------------


def _number(value: float) -> str:
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


@dataclass
class IndicatorValue:
    definition: Definition
    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    note: str = ""

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def name(self) -> str:
        return str(self.definition.name)

    @property
    def met(self) -> bool | None:
        if self.definition.target is None or self.value is None:
            return None
        return self.value >= self.definition.target

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        if self.definition.unit == PERCENT:
            return f"{_number(self.value)} %"
        return f"{_number(self.value)}"

    @property
    def display_full(self) -> str:
        """«86 % (12 из 14)», «12 чел.»."""
        if self.value is None:
            return "нет данных"
        if self.definition.unit == PERCENT:
            if self.denominator is not None:
                return f"{self.display} ({self.numerator} из {self.denominator})"
            return self.display
        return f"{self.display} {self.definition.unit}"

    @property
    def status_label(self) -> str:
        met = self.met
        if met is None:
            return "без норматива" if self.definition.target is None else "нет данных"
        return "выполнен" if met else "не выполнен"


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class OrganisationIndicators:
    organisation: Organisation
    year: AcademicYear
    values: list[IndicatorValue] = field(default_factory=list)
    roadmap: dict | None = (
        None  # {"id", "title", "status", "total", "done", "cancelled", "overdue", "percent"}
    )

    def get(self, code: str) -> IndicatorValue | None:
        return next((value for value in self.values if value.code == code), None)

    @property
    def by_code(self) -> dict[str, IndicatorValue]:
        return {value.code: value for value in self.values}

    @property
    def key_values(self) -> list[IndicatorValue]:
        return [value for value in self.values if value.definition.key]

    @property
    def with_target(self) -> list[IndicatorValue]:
        return [value for value in self.values if value.definition.target is not None]

    @property
    def met_count(self) -> int:
        return sum(1 for value in self.values if value.met)

    @property
    def target_count(self) -> int:
        return len(self.with_target)

    @property
    def not_met(self) -> list[IndicatorValue]:
        return [value for value in self.values if value.met is False]

    @property
    def no_data(self) -> list[IndicatorValue]:
        return [value for value in self.values if value.definition.target is not None and value.value is None]


def working_pairs_condition(year: AcademicYear, prefix: str = "") -> Q:
    """Pairs/groups that worked during the year: fixed (approved, working or completed) and their period
    overlaps the year (a pair with no start date counts from its approval, or its creation)."""
    p = prefix
    started = (
        Q(**{f"{p}start_date__lte": year.end})
        | Q(**{f"{p}start_date__isnull": True, f"{p}approved_at__lt": year.ends_at})
        | Q(
            **{
                f"{p}start_date__isnull": True,
                f"{p}approved_at__isnull": True,
                f"{p}created_at__lt": year.ends_at,
            }
        )
    )
    not_ended = Q(**{f"{p}end_date__isnull": True}) | Q(**{f"{p}end_date__gte": year.start})
    return Pair.established_q(p) & started & not_ended


def _held(year: AcademicYear) -> datetime.datetime:
    """Events count once they have started: the end of the year, or now if the year is still running."""
    return min(year.ends_at, timezone.now())


def compute(
    organisations: Iterable[Organisation], year: AcademicYear, *, codes: Collection[str] | None = None
) -> dict[int, OrganisationIndicators]:
    """Every indicator (or those of `codes`, in their usual order) for every organisation given, in a fixed
    number of queries; a query only indicators left out need is not made."""
    wanted = set(codes) if codes is not None else set(BY_CODE)
    organisations = list(organisations)
    ids = [organisation.pk for organisation in organisations]
    result = {organisation.pk: OrganisationIndicators(organisation, year) for organisation in organisations}
    if not ids:
        return result

    # People in the pairs/groups of the year (1 query): a row per pair and mentee. One join, not the pairs
    # and then their mentees through a subquery of the pairs: the year's condition cost more to build twice
    # than either query took to run.
    pairs = Pair.objects.filter(working_pairs_condition(year), organisation_id__in=ids)
    participants: dict[int, set[int]] = defaultdict(set)
    mentees_paired: dict[int, set[int]] = defaultdict(set)
    for organisation_id, mentor_id, mentee_id in pairs.values_list(
        "organisation_id", "mentor_id", "pair_mentees__mentee_id"
    ):
        participants[organisation_id].add(mentor_id)
        if mentee_id is not None:
            participants[organisation_id].add(mentee_id)
            mentees_paired[organisation_id].add(mentee_id)

    # The mentee base of the year: everyone not finished, and whoever was in a pair of the year (1 query).
    mentee_base: dict[int, set[int]] = defaultdict(set)
    for organisation_id, person_id in (
        MenteeProfile.objects.filter(organisation_id__in=ids)
        .exclude(status__in=MenteeProfile.CLOSED_STATUSES)
        .values_list("organisation_id", "person_id")
    ):
        mentee_base[organisation_id].add(person_id)

    # Mentors trained (1 query).
    mentors: dict[int, Any] = {}
    if "mentors_trained" in wanted:
        mentors = {
            row["organisation_id"]: row
            for row in MentorProfile.objects.filter(organisation_id__in=ids)
            .exclude(status=MentorProfile.Status.ARCHIVED)
            .values("organisation_id")
            .annotate(
                total=Count("id"),
                trained_count=Count("id", filter=Q(trained=True) | Q(training_date__lte=year.end)),
            )
        }

    # Partners (1 query).
    partners: dict[int, int] = {}
    if "partners" in wanted:
        partners = dict(
            Partner.objects.filter(organisation_id__in=ids)
            .filter(Q(agreement_date__isnull=True) | Q(agreement_date__lte=year.end))
            .values("organisation_id")
            .annotate(n=Count("id"))
            .values_list("organisation_id", "n")
        )

    # Plans of the year's pairs (1 query): (organisation, items, done items) per plan with items.
    plans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for organisation_id, total, done in (
        pairs.filter(plan__isnull=False)
        .annotate(total=Count("plan__items"), done=Count("plan__items", filter=Q(plan__items__done=True)))
        .values_list("organisation_id", "total", "done")
    ):
        if total:
            plans[organisation_id].append((total, done))

    # The year's general events (1 query) and who came to them (1 query).
    held_before = _held(year)
    final_kinds = [Event.Kind.FINAL_MEETING, Event.Kind.BUSINESS_GAME]
    events = list(
        Event.objects.filter(
            organisation_id__in=ids,
            kind__in=[*final_kinds, Event.Kind.COUNCIL],
            starts_at__gte=year.starts_at,
            starts_at__lt=year.ends_at,
        ).values_list("organisation_id", "id", "kind", "starts_at")
    )
    held_final: dict[int, int] = defaultdict(int)
    planned_final: dict[int, datetime.datetime] = {}
    held_councils: dict[int, int] = defaultdict(int)
    for organisation_id, _event_id, kind, starts_at in events:
        if starts_at <= held_before:
            if kind == Event.Kind.COUNCIL:
                held_councils[organisation_id] += 1
            else:
                held_final[organisation_id] += 1
        elif kind in final_kinds:
            current = planned_final.get(organisation_id)
            planned_final[organisation_id] = min(current, starts_at) if current else starts_at
    final_attended: dict[int, set[int]] = defaultdict(set)
    council_attended: dict[int, set[int]] = defaultdict(set)  # event id → people
    council_org: dict[int, int] = {}
    for organisation_id, event_id, kind, person_id in Attendance.objects.filter(
        event__organisation_id__in=ids,
        event__kind__in=[*final_kinds, Event.Kind.COUNCIL],
        event__starts_at__gte=year.starts_at,
        event__starts_at__lt=year.ends_at,
        event__starts_at__lte=held_before,
        attended=True,
    ).values_list("event__organisation_id", "event_id", "event__kind", "person_id"):
        if kind == Event.Kind.COUNCIL:
            council_attended[event_id].add(person_id)
            council_org[event_id] = organisation_id
        else:
            final_attended[organisation_id].add(person_id)

    # Diagnostics answered in the year (1 query): named and anonymous answers both mark the invitation.
    diagnosed: dict[int, set[int]] = defaultdict(set)
    in_year = Q(questionnaire__opens_on__gte=year.start, questionnaire__opens_on__lte=year.end) | Q(
        questionnaire__opens_on__isnull=True,
        questionnaire__created_at__gte=year.starts_at,
        questionnaire__created_at__lt=year.ends_at,
    )
    for organisation_id, person_id in Invitation.objects.filter(
        in_year,
        questionnaire__organisation_id__in=ids,
        questionnaire__purpose=Questionnaire.Purpose.DIAGNOSTIC,
        answered=True,
    ).values_list("questionnaire__organisation_id", "person_id"):
        diagnosed[organisation_id].add(person_id)

    # Publications (1 query).
    publications = dict(
        Publication.objects.filter(
            organisation_id__in=ids, published_on__gte=year.start, published_on__lte=year.end
        )
        .values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )

    # Staff, with their birth dates (1 query).
    staff: dict[int, set[int]] = defaultdict(set)
    young: dict[int, set[int]] = defaultdict(set)
    no_birth_date: dict[int, int] = defaultdict(int)
    young_after = year.start.replace(year=year.first_year - YOUNG_AGE)
    for organisation_id, person_id, birth_date, young_through in Membership.objects.filter(
        organisation_id__in=ids, person__kind=Person.Kind.STAFF
    ).values_list("organisation_id", "person_id", "person__birth_date", "person__young_through_year"):
        staff[organisation_id].add(person_id)
        if birth_date is None and young_through is not None:
            # An anonymised person: only the year they stopped counting as young is kept (152-ФЗ).
            if young_through >= year.first_year:
                young[organisation_id].add(person_id)
        elif birth_date is None:
            no_birth_date[organisation_id] += 1
        elif birth_date > young_after:
            young[organisation_id].add(person_id)

    # The roadmap of the year (1 query): the approved one, else the latest draft.
    roadmaps: dict[int, dict] = {}
    today = dates.today()
    rows = (
        Roadmap.objects.filter(organisation_id__in=ids, academic_year=year.label)
        .exclude(status=Roadmap.Status.ARCHIVED)
        .annotate(
            total=Count("stages__activities"),
            done=Count("stages__activities", filter=Q(stages__activities__status=Activity.Status.DONE)),
            cancelled=Count(
                "stages__activities", filter=Q(stages__activities__status=Activity.Status.CANCELLED)
            ),
            overdue=Count(
                "stages__activities",
                filter=Activity.open_q("stages__activities__") & Q(stages__activities__due_date__lt=today),
            ),
        )
        .order_by("organisation_id", "-created_at")
        .values("id", "organisation_id", "title", "status", "total", "done", "cancelled", "overdue")
    )
    for fetched in rows:
        row: dict[str, Any] = dict(fetched)
        chosen = roadmaps.get(row["organisation_id"])
        if chosen is None or (
            row["status"] == Roadmap.Status.APPROVED and chosen["status"] != Roadmap.Status.APPROVED
        ):
            counted = row["total"] - row["cancelled"]
            row["counted"] = counted
            row["percent"] = round(100 * row["done"] / counted) if counted else 0
            roadmaps[row["organisation_id"]] = row

    for organisation_id, item in result.items():
        people = participants[organisation_id]
        values = item.values
        add = values.append

        add(IndicatorValue(BY_CODE["participants"], len(people), len(people)))

        base = mentee_base[organisation_id] | mentees_paired[organisation_id]
        paired = mentees_paired[organisation_id]
        note = "" if base else "в базе наставляемых никого нет"
        add(
            IndicatorValue(
                BY_CODE["mentees_in_pairs"], _share(len(paired), len(base)), len(paired), len(base), note
            )
        )

        mentor_row = mentors.get(organisation_id, {"total": 0, "trained_count": 0})
        add(
            IndicatorValue(
                BY_CODE["mentors_trained"],
                mentor_row["trained_count"],
                mentor_row["trained_count"],
                mentor_row["total"],
                f"из {mentor_row['total']} в базе наставников",
            )
        )

        add(
            IndicatorValue(
                BY_CODE["partners"], partners.get(organisation_id, 0), partners.get(organisation_id, 0)
            )
        )

        plan_rows = plans[organisation_id]
        reached = sum(1 for total, done in plan_rows if done * 100 >= 90 * total)
        add(
            IndicatorValue(
                BY_CODE["plans_90"],
                _share(reached, len(plan_rows)),
                reached,
                len(plan_rows),
                "" if plan_rows else "у пар года нет планов с пунктами",
            )
        )

        if held_final[organisation_id] and people:
            came = len(final_attended[organisation_id] & people)
            add(IndicatorValue(BY_CODE["final_meeting"], _share(came, len(people)), came, len(people)))
        else:
            planned = planned_final.get(organisation_id)
            if not people:
                note = "в парах года нет участников"
            elif planned:
                note = f"запланирована на {timezone.localtime(planned):%d.%m.%Y}"
            else:
                note = "итоговая встреча не проводилась"
            add(IndicatorValue(BY_CODE["final_meeting"], None, None, len(people), note))

        passed = len(diagnosed[organisation_id] & people)
        add(
            IndicatorValue(
                BY_CODE["diagnostics"],
                _share(passed, len(people)),
                passed,
                len(people),
                "" if people else "в парах года нет участников",
            )
        )

        add(
            IndicatorValue(
                BY_CODE["publications"],
                publications.get(organisation_id, 0),
                publications.get(organisation_id, 0),
            )
        )

        staff_people = staff[organisation_id]
        best = max(
            (
                len(attended & staff_people)
                for event_id, attended in council_attended.items()
                if council_org[event_id] == organisation_id
            ),
            default=0,
        )
        if held_councils[organisation_id] and staff_people:
            add(IndicatorValue(BY_CODE["council"], _share(best, len(staff_people)), best, len(staff_people)))
        else:
            add(
                IndicatorValue(
                    BY_CODE["council"], None, None, len(staff_people), "педагогический совет не проводился"
                )
            )

        roadmap = roadmaps.get(organisation_id)
        item.roadmap = roadmap
        if roadmap and roadmap["counted"]:
            add(
                IndicatorValue(
                    BY_CODE["roadmap_done"],
                    _share(roadmap["done"], roadmap["counted"]),
                    roadmap["done"],
                    roadmap["counted"],
                )
            )
        else:
            add(
                IndicatorValue(
                    BY_CODE["roadmap_done"],
                    None,
                    note="дорожной карты на этот учебный год нет"
                    if not roadmap
                    else "в дорожной карте нет мероприятий",
                )
            )

        young_people = young[organisation_id]
        involved = len(young_people & people)
        note = (
            f"без даты рождения: {no_birth_date[organisation_id]}" if no_birth_date[organisation_id] else ""
        )
        if not young_people:
            note = "сотрудников моложе 35 лет нет" + (f"; {note}" if note else "")
        add(
            IndicatorValue(
                BY_CODE["young_teachers"],
                _share(involved, len(young_people)),
                involved,
                len(young_people),
                note,
            )
        )
        if len(wanted) < len(BY_CODE):
            item.values = [value for value in values if value.code in wanted]
    return result


def for_organisation(
    organisation: Organisation, year: AcademicYear | None = None, *, codes: Collection[str] | None = None
) -> OrganisationIndicators:
    year = year or AcademicYear.current(organisation)
    return compute([organisation], year, codes=codes)[organisation.pk]


def participants_of(organisation: Organisation, year: AcademicYear) -> set[int]:
    """The people (ids) counted as the programme's participants in the year."""
    pairs = Pair.objects.filter(working_pairs_condition(year), organisation=organisation)
    people = set(pairs.values_list("mentor_id", flat=True))
    people |= set(PairMentee.objects.filter(pair__in=pairs).values_list("mentee_id", flat=True))
    return people


# --- Linking roadmap activities to indicators by their text ------------------------------------------------

# (code, phrases): the first rule with a phrase found in the activity's indicator text (then its expected
# result, where the sample roadmaps often put the indicator) gives the code. Order matters: «Диагностика
# пройдена 100% участников» is diagnostics, not the share of mentees in pairs.
GUESS_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("roadmap_done", ("позиций дорожной карты",)),
    ("young_teachers", ("до 35 лет", "моложе 35")),
    ("final_meeting", ("участие в игре", "в деловой игре", "итоговой встрече", "заключительной встрече")),
    ("council", ("педагогическом совете приняло", "педагогического состава")),
    ("diagnostics", ("диагностика пройдена", "прошедших диагностику", "прошли диагностику")),
    ("publications", ("публикаци",)),
    ("plans_90", ("планы реализованы", "планов реализовано")),
    ("partners", ("организаций, предприятий", "партнер", "партнёр")),
    ("mentors_trained", ("обученных наставников", "обучено наставников")),
    ("participants", ("охваченных", "охвачено")),
    ("mentees_in_pairs", ("100% участников целевой модели", "закреплены все наставляемые")),
]


def guess_code(*texts: str) -> str:
    """The indicator an activity's texts name, or ''."""
    for text in texts:
        normalised = " ".join((text or "").lower().replace("\u00a0", " ").split()).replace("100 %", "100%")
        if not normalised:
            continue
        for code, phrases in GUESS_RULES:
            if any(phrase in normalised for phrase in phrases):
                return code
    return ""
