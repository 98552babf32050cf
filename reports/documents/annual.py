"""The documents of a year: the final report («итоговый отчёт») and the analytical note («аналитическая
справка») of an organisation, and the final report of a municipality. All three are made from the same
figures (`year_figures`), gathered in a fixed number of queries; the analytical note turns them into Russian
sentences, with conclusions where a target is not met and a template of recommendations.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any, TypedDict

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, npgettext

from common import dates
from common.dates import AcademicYear
from mentoring.models import Meeting, MenteeProfile, MentorProfile, Municipality, Organisation, Pair, Role
from mentoring.organisations import selectors as mentoring_selectors
from mentoring.organisations.models import CENTRE_KINDS
from mentoring.programme import selectors as mentoring_selectors_programme
from reports.documents.base import Document, DocumentParamsForm, place_of
from reports.indicators.computation import (
    PERCENT,
    compute,
    for_organisation,
    working_pairs_condition,
)
from reports.permissions import IndicatorPerm
from roadmap import selectors as roadmap_selectors
from roadmap.models import Attendance, Event, Roadmap
from surveys import charts
from surveys import selectors as survey_selectors

GENERAL_MEETING_KINDS = [
    Event.Kind.NETWORKING,
    Event.Kind.GROUP_MEETING,
    Event.Kind.FINAL_MEETING,
    Event.Kind.BUSINESS_GAME,
    Event.Kind.CEREMONY,
]


def _people(number: int) -> str:
    return ngettext("%(counter)s человек", "%(counter)s человек", number) % {"counter": number}


def _pct(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}".replace(".", ",")
    return (text[:-2] if text.endswith(",0") else text) + " %"


# --- The figures -------------------------------------------------------------------------------------------

# What the year's rows carry besides their fields: the counts their selectors annotate (`pairs_for`,
# `events_for`, `questionnaires_for_organisation`, whose `QuerySet[...]` does not name them) and what
# `year_figures` and `municipality_figures` set on them for the templates.
if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, WithAnnotations

    from mentoring.models import Partner, Person
    from reports.indicators.computation import OrganisationIndicators
    from roadmap.models import Publication, Stage
    from surveys.models import Questionnaire

    class _PairFigures(TypedDict):
        items_total: int
        items_done: int
        plan_percent: int | None
        mentee_names: str

    class _EventFigures(TypedDict):
        invited_count: int
        attended_count: int
        present: list[Attendance]
        held: bool
        share: int | None

    class _QuestionnaireFigures(TypedDict):
        invited_count: int
        answered_count: int
        rate: int | None

    class _OrganisationFigures(TypedDict):
        indicators: OrganisationIndicators
        pairs_count: int
        mentors_count: int

    FigurePair = WithAnnotations[Pair, _PairFigures]
    FigureEvent = WithAnnotations[Event, _EventFigures]
    FigureQuestionnaire = WithAnnotations[Questionnaire, _QuestionnaireFigures]
    FigureOrganisation = WithAnnotations[Organisation, _OrganisationFigures]

    class YearFigures(TypedDict):
        """What `year_figures` returns: the context of the final report, the figures of the note."""

        organisation: Organisation
        year: AcademicYear
        place: str
        today: datetime.date
        directors: list[Person]
        curators: list[Person]
        director: Person | None
        curator: Person | None
        indicators: OrganisationIndicators
        mentor_statuses: list[tuple[StrOrPromise, int]]
        mentors_total: int
        mentee_categories: list[tuple[StrOrPromise, int]]
        mentees_total: int
        pairs: list[FigurePair]
        working_pairs: list[FigurePair]
        groups_count: int
        forms_used: list[str]
        status_table: list[dict[str, Any]]
        average_plan: int | None
        plans_count: int
        meeting_rows: list[tuple[StrOrPromise, int]]
        meetings_total: int
        events: list[FigureEvent]
        general_meetings: list[FigureEvent]
        questionnaires: list[FigureQuestionnaire]
        comparisons: list[dict[str, Any]]
        publications: list[Publication]
        partners: list[Partner]
        roadmap: Roadmap | None
        roadmap_row: dict[str, Any] | None
        stages: list[Stage]
        indicator_chart: str
        plan_chart: str


def year_figures(organisation: Organisation, year: AcademicYear) -> YearFigures:
    """Everything the year's documents say about one organisation, loaded here (templates issue no query)."""
    indicators = for_organisation(organisation, year)
    leaders = mentoring_selectors.organisation_leaders(organisation)

    mentor_statuses = dict(
        organisation.mentor_profiles.values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    mentee_rows = list(organisation.mentee_profiles.values("category", "status").annotate(n=Count("id")))
    mentee_categories: Counter = Counter()
    for row in mentee_rows:
        mentee_categories[row["category"]] += row["n"]

    in_year = Q(created_at__gte=year.starts_at, created_at__lt=year.ends_at)
    # `pairs_for` annotates the plan's counts, which its `QuerySet[Pair]` does not name (`_PairFigures`).
    pairs: list[FigurePair] = list(
        mentoring_selectors_programme.pairs_for(organisation)  # type: ignore[arg-type]
        .filter(working_pairs_condition(year) | in_year)
        .select_related("plan")
        .order_by("mentor__last_name", "mentor__first_name", "pk")
    )
    forms_used = sorted({pair.form.name for pair in pairs})
    by_status_form: dict[str, Counter] = defaultdict(Counter)
    for pair in pairs:
        by_status_form[pair.status][pair.form.name] += 1
    status_table = [
        {
            "status": label,
            "cells": [by_status_form[code][name] for name in forms_used],
            "total": sum(by_status_form[code].values()),
        }
        for code, label in Pair.Status.choices
        if by_status_form[code]
    ]
    groups = sum(1 for pair in pairs if len(pair.pair_mentees.all()) > 1)
    for pair in pairs:
        pair.plan_percent = round(100 * pair.items_done / pair.items_total) if pair.items_total else None
        pair.mentee_names = ", ".join(item.mentee.short_name for item in pair.pair_mentees.all())
    working = [
        pair
        for pair in pairs
        if pair.status in (Pair.Status.APPROVED, Pair.Status.ACTIVE, Pair.Status.COMPLETED)
    ]
    with_plan = [(pair, pair.plan_percent) for pair in working if pair.plan_percent is not None]
    average_plan = round(sum(percent for _pair, percent in with_plan) / len(with_plan)) if with_plan else None

    meetings = dict(
        Meeting.objects.filter(pair__organisation=organisation, date__gte=year.start, date__lte=year.end)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    meeting_rows: list[tuple[StrOrPromise, int]] = [
        (label, meetings.get(code, 0)) for code, label in Meeting.Kind.choices
    ]
    meetings_total = sum(meetings.values())

    # `events_for` annotates the attendance counts, which its `QuerySet[Event]` does not name.
    events: list[FigureEvent] = list(
        roadmap_selectors.events_for(organisation)  # type: ignore[arg-type]
        .filter(starts_at__gte=year.starts_at, starts_at__lt=year.ends_at)
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(attended=True)
                .select_related("person")
                .order_by("person__last_name", "person__first_name"),
                to_attr="present",
            )
        )
        .order_by("starts_at")
    )
    now = timezone.now()
    for event in events:
        event.held = event.starts_at <= now
        event.share = round(100 * event.attended_count / event.invited_count) if event.invited_count else None
    general_meetings = [event for event in events if event.kind in GENERAL_MEETING_KINDS]

    # The selector annotates the invitation counts, which its `QuerySet[Questionnaire]` does not name.
    questionnaires: list[FigureQuestionnaire] = list(
        survey_selectors.questionnaires_for_organisation(organisation).filter(  # type: ignore[arg-type]
            Q(opens_on__gte=year.start, opens_on__lte=year.end)
            | Q(opens_on__isnull=True, created_at__gte=year.starts_at, created_at__lt=year.ends_at)
        )
    )
    questionnaires.sort(key=lambda item: (item.opens_on or item.created_at.date(), item.pk))
    for questionnaire in questionnaires:
        questionnaire.rate = (
            round(100 * questionnaire.answered_count / questionnaire.invited_count)
            if questionnaire.invited_count
            else None
        )
    comparisons = []
    for questionnaire in questionnaires:
        if questionnaire.previous_wave_id is None:
            continue
        result = survey_selectors.wave_comparison(questionnaire)
        if not result or not result["groups"]:
            continue
        rows = [
            row for row in result["groups"][0]["rows"] if row["entry"] is not None or row["final"] is not None
        ]
        if not rows:
            continue
        improved = sum(1 for row in rows if row.get("change") == "better")
        comparisons.append(
            {
                "entry_title": result["entry_title"],
                "final_title": result["final_title"],
                "paired": result["paired"],
                "rows": rows,
                "improved": improved,
                "chart": charts.comparison_chart(
                    [(row["label"], row["entry"], row["final"], row["scale_max"]) for row in rows[:12]],
                    width=640,
                ),
            }
        )

    publications = list(
        roadmap_selectors.publications_for(organisation).filter(
            published_on__gte=year.start, published_on__lte=year.end
        )
    )
    partners = list(organisation.partners.order_by("name"))

    roadmap = None
    stages = []
    if indicators.roadmap:
        roadmap = Roadmap.objects.filter(pk=indicators.roadmap["id"]).first()
        if roadmap is not None:
            _whole, by_stage = roadmap_selectors.roadmap_progress(roadmap, today=dates.today(organisation))
            stages = list(roadmap.stages.order_by("order", "id"))
            for stage in stages:
                stage.progress = by_stage.get(stage.pk)

    percent_bars = [
        (str(value.definition.short_name), value.value)
        for value in indicators.values
        if value.definition.unit == PERCENT and value.value is not None
    ]
    indicator_chart = (
        charts.bar_chart(percent_bars, max_value=100, suffix=" %", width=640) if percent_bars else ""
    )
    plan_chart = (
        charts.bar_chart(
            [(f"{pair.mentor.short_name} → {pair.mentee_names}", percent) for pair, percent in with_plan],
            max_value=100,
            suffix=" %",
            width=640,
        )
        if with_plan
        else ""
    )
    return {
        "organisation": organisation,
        "year": year,
        "place": place_of(organisation),
        "today": dates.today(organisation),
        "directors": leaders[Role.DIRECTOR],
        "curators": leaders[Role.CURATOR],
        "director": next(iter(leaders[Role.DIRECTOR]), None),
        "curator": next(iter(leaders[Role.CURATOR]), None),
        "indicators": indicators,
        "mentor_statuses": [
            (label, mentor_statuses.get(code, 0)) for code, label in MentorProfile.Status.choices
        ],
        "mentors_total": sum(
            n for code, n in mentor_statuses.items() if code != MentorProfile.Status.ARCHIVED
        ),
        "mentee_categories": [
            (label, mentee_categories.get(code, 0))
            for code, label in MenteeProfile.Category.choices
            if mentee_categories.get(code)
        ],
        "mentees_total": sum(mentee_categories.values()),
        "pairs": pairs,
        "working_pairs": working,
        "groups_count": groups,
        "forms_used": forms_used,
        "status_table": status_table,
        "average_plan": average_plan,
        "plans_count": len(with_plan),
        "meeting_rows": meeting_rows,
        "meetings_total": meetings_total,
        "events": events,
        "general_meetings": general_meetings,
        "questionnaires": questionnaires,
        "comparisons": comparisons,
        "publications": publications,
        "partners": partners,
        "roadmap": roadmap,
        "roadmap_row": indicators.roadmap,
        "stages": stages,
        "indicator_chart": indicator_chart,
        "plan_chart": plan_chart,
    }


# --- The analytical note -----------------------------------------------------------------------------------

RECOMMENDATIONS = {
    "mentees_in_pairs": _(
        "Завершить формирование наставнических пар и групп: закрепить за наставниками всех наставляемых "
        "из базы, а тем, кто остался без пары, обеспечить психолого-педагогическое сопровождение."
    ),
    "plans_90": _(
        "Провести промежуточный контроль индивидуальных планов, отметить выполненные пункты и "
        "скорректировать сроки оставшихся, чтобы каждый план был реализован не менее чем на 90 %."
    ),
    "final_meeting": _(
        "Заранее известить всех участников программы об итоговой встрече (деловой игре), согласовать дату "
        "с графиком работы и вести лист регистрации."
    ),
    "diagnostics": _(
        "Довести диагностику до всех участников программы: повторно направить приглашения тем, кто не "
        "ответил, и предусмотреть заполнение анкет с телефона."
    ),
    "publications": _(
        "Разместить на сайте организации и в её сообществах материалы о реализации программы наставничества."
    ),
    "council": _(
        "Представить итоги программы на педагогическом совете с участием не менее 90 % педагогического "
        "состава; зафиксировать явку в протоколе."
    ),
    "roadmap_done": _(
        "Выполнить оставшиеся позиции дорожной карты или перенести их в дорожную карту следующего года с "
        "указанием причин."
    ),
    "young_teachers": _(
        "Вовлечь в наставничество педагогов до 35 лет — молодых специалистов как наставляемых, опытных "
        "молодых педагогов как наставников (форма «педагог – педагог»)."
    ),
}
GENERAL_RECOMMENDATIONS = [
    _("Обобщить опыт лучших наставнических пар и разместить кейсы в муниципальном банке лучших практик."),
    _("Учесть результаты итоговой диагностики при составлении дорожной карты на следующий учебный год."),
]


def analytical_sections(figures: YearFigures) -> list[dict[str, Any]]:
    """The note as sections of Russian paragraphs made from the figures."""
    organisation = figures["organisation"]
    year = figures["year"]
    indicators = figures["indicators"]
    values = indicators.by_code
    participants = values["participants"]
    in_pairs = values["mentees_in_pairs"]
    trained = values["mentors_trained"]

    intro = [
        _(
            "Справка подготовлена по итогам реализации целевой модели наставничества в %(organisation)s в "
            "%(year)s учебном году на основании данных системы «Наставник»: базы наставников и наставляемых, "
            "наставнических пар и групп, индивидуальных планов, встреч, мероприятий, анкетирования и "
            "публикаций."
        )
        % {"organisation": organisation.short_name, "year": year.label},
    ]

    people = [
        _(
            "В базу наставников включено %(mentors)s, в базу наставляемых — %(mentees)s. Программой "
            "наставничества охвачено %(participants)s."
        )
        % {
            "mentors": _people(figures["mentors_total"]),
            "mentees": _people(figures["mentees_total"]),
            "participants": ngettext(
                "%(counter)s участник", "%(counter)s участников", int(participants.value or 0)
            )
            % {"counter": int(participants.value or 0)},
        },
        ngettext(
            "Обучение прошли %(trained)s из %(total)s наставника базы.",
            "Обучение прошли %(trained)s из %(total)s наставников базы.",
            trained.denominator or 0,
        )
        % {"trained": trained.numerator, "total": trained.denominator},
    ]
    if figures["partners"]:
        people.append(
            _("В реализации программы участвуют организации-партнёры: %(names)s.")
            % {"names": ", ".join(partner.name for partner in figures["partners"])}
        )

    work = []
    working = len(figures["working_pairs"])
    work.append(
        _("В течение года работали %(pairs)s, из них групп — %(groups)s. Формы наставничества: %(forms)s.")
        % {
            "pairs": ngettext(
                "%(counter)s наставническая пара/группа", "%(counter)s наставнических пар/групп", working
            )
            % {"counter": working},
            "groups": figures["groups_count"],
            "forms": ", ".join(f"«{name}»" for name in figures["forms_used"]) or "—",
        }
    )
    if in_pairs.value is not None:
        work.append(
            _("В парах и группах закреплено %(share)s наставляемых (%(part)s из %(whole)s).")
            % {"share": _pct(in_pairs.value), "part": in_pairs.numerator, "whole": in_pairs.denominator}
        )
    plans = values["plans_90"]
    if figures["plans_count"]:
        work.append(
            ngettext(
                "Индивидуальные планы составлены для %(plans)s; средний процент выполнения — %(average)s %%, "
                "не менее чем на 90 %% выполнено %(reached)s из %(total)s плана.",
                "Индивидуальные планы составлены для %(plans)s; средний процент выполнения — %(average)s %%, "
                "не менее чем на 90 %% выполнено %(reached)s из %(total)s планов.",
                plans.denominator or 0,
            )
            % {
                "plans": npgettext(
                    "genitive", "%(counter)s пары/группы", "%(counter)s пар/групп", figures["plans_count"]
                )
                % {"counter": figures["plans_count"]},
                "average": figures["average_plan"],
                "reached": plans.numerator,
                "total": plans.denominator,
            }
        )
    work.append(
        _("Проведено %(meetings)s наставников и наставляемых.")
        % {
            "meetings": ngettext("%(counter)s встреча", "%(counter)s встреч", figures["meetings_total"])
            % {"counter": figures["meetings_total"]}
        }
    )
    held = [event for event in figures["events"] if event.held]
    if held:
        work.append(
            _("Проведено %(events)s программы: %(list)s.")
            % {
                "events": ngettext(
                    "%(counter)s общее мероприятие", "%(counter)s общих мероприятий", len(held)
                )
                % {"counter": len(held)},
                "list": "; ".join(
                    f"{event.title} ({event.starts_at:%d.%m.%Y}, присутствовали {event.attended_count} из "
                    f"{event.invited_count})"
                    for event in held
                ),
            }
        )

    monitoring = []
    for questionnaire in figures["questionnaires"]:
        if questionnaire.invited_count:
            monitoring.append(
                ngettext(
                    "Анкета «%(title)s»: ответили %(answered)s из %(invited)s приглашённого (%(rate)s %%).",
                    "Анкета «%(title)s»: ответили %(answered)s из %(invited)s приглашённых (%(rate)s %%).",
                    questionnaire.invited_count,
                )
                % {
                    "title": questionnaire.title,
                    "answered": questionnaire.answered_count,
                    "invited": questionnaire.invited_count,
                    "rate": questionnaire.rate,
                }
            )
    for comparison in figures["comparisons"]:
        monitoring.append(
            ngettext(
                "Сравнение входной и итоговой диагностики («%(entry)s» — «%(final)s»): улучшение средних "
                "значений по %(improved)s из %(total)s показателя.",
                "Сравнение входной и итоговой диагностики («%(entry)s» — «%(final)s»): улучшение средних "
                "значений по %(improved)s из %(total)s показателей.",
                len(comparison["rows"]),
            )
            % {
                "entry": comparison["entry_title"],
                "final": comparison["final_title"],
                "improved": comparison["improved"],
                "total": len(comparison["rows"]),
            }
        )

        def gain(row: dict) -> float:
            return -row["delta"] if row.get("lower_is_better") else row["delta"]

        best = sorted(
            (row for row in comparison["rows"] if row["delta"] is not None), key=lambda row: -gain(row)
        )[:3]
        if best and gain(best[0]) > 0:
            monitoring.append(
                _("Наибольшее улучшение: %(items)s.")
                % {
                    "items": "; ".join(
                        f"«{row['label']}» ({str(row['entry']).replace('.', ',')} → "
                        f"{str(row['final']).replace('.', ',')})"
                        for row in best
                        if gain(row) > 0
                    )
                }
            )
    if not monitoring:
        monitoring.append(_("Анкетирование участников в этом учебном году не проводилось."))
    publications = figures["publications"]
    monitoring.append(
        _("О реализации программы на ресурсах организации опубликовано %(count)s.")
        % {
            "count": ngettext("%(counter)s материал", "%(counter)s материалов", len(publications))
            % {"counter": len(publications)}
        }
    )

    met = [value for value in indicators.values if value.met is True]
    not_met = indicators.not_met
    no_data = indicators.no_data
    conclusions = [
        ngettext(
            "Из %(total)s показателя эффективности с нормативом достигнуто %(met)s.",
            "Из %(total)s показателей эффективности с нормативом достигнуто %(met)s.",
            indicators.target_count,
        )
        % {"total": indicators.target_count, "met": len(met)}
    ]
    if met:
        conclusions.append(
            _("Достигнуты: %(list)s.")
            % {"list": "; ".join(f"{value.name.lower()} — {value.display_full}" for value in met)}
        )
    for value in not_met:
        conclusions.append(
            _("Не достигнут показатель «%(name)s»: %(value)s при нормативе %(target)s.")
            % {"name": value.name, "value": value.display_full, "target": value.definition.target_display}
        )
    for value in no_data:
        conclusions.append(
            _("Показатель «%(name)s» пока не может быть оценён: %(note)s.")
            % {"name": value.name, "note": value.note or _("нет данных")}
        )
    if not not_met and not no_data:
        conclusions.append(_("Все показатели эффективности, имеющие норматив, достигнуты."))

    recommendations = [
        str(RECOMMENDATIONS[value.code]) for value in [*not_met, *no_data] if value.code in RECOMMENDATIONS
    ]
    recommendations += [str(item) for item in GENERAL_RECOMMENDATIONS]
    return [
        {"title": _("Общие сведения"), "paragraphs": intro},
        {"title": _("Участники программы"), "paragraphs": people},
        {"title": _("Работа наставнических пар и групп"), "paragraphs": work},
        {"title": _("Мониторинг и информационное сопровождение"), "paragraphs": monitoring},
        {"title": _("Выводы"), "paragraphs": conclusions},
        {"title": _("Рекомендации"), "list": recommendations},
    ]


# --- The municipality --------------------------------------------------------------------------------------


def municipality_figures(municipality: Municipality, year: AcademicYear) -> dict:
    """The municipality's organisations side by side, and the totals, in a fixed number of queries."""
    organisations = list(mentoring_selectors.municipality_registry(municipality))
    programme = [organisation for organisation in organisations if organisation.kind not in CENTRE_KINDS]
    computed = compute(programme, year)
    pair_counts = {
        row["organisation_id"]: row["n"]
        for row in Pair.objects.filter(organisation__in=programme)
        .filter(working_pairs_condition(year))
        .values("organisation_id")
        .annotate(n=Count("id"))
    }
    mentors = {
        row["organisation_id"]: row["n"]
        for row in MentorProfile.objects.filter(organisation__in=programme)
        .exclude(status=MentorProfile.Status.ARCHIVED)
        .values("organisation_id")
        .annotate(n=Count("id"))
    }
    from reports.models import Practice

    practices = list(
        Practice.objects.filter(organisation__in=programme, is_published=True, academic_year=year.label)
        .select_related("organisation")
        .order_by("organisation__short_name", "kind", "title")
    )
    # The programme's organisations, given their figures just below (`_OrganisationFigures`).
    rows: list[FigureOrganisation] = list(programme)  # type: ignore[arg-type]
    for row in rows:
        row.indicators = computed[row.pk]
        row.pairs_count = pair_counts.get(row.pk, 0)
        row.mentors_count = mentors.get(row.pk, 0)
    totals = {
        "organisations": len(rows),
        "participants": sum(int(row.indicators.by_code["participants"].value or 0) for row in rows),
        "pairs": sum(row.pairs_count for row in rows),
        "mentors": sum(row.mentors_count for row in rows),
        "trained": sum(int(row.indicators.by_code["mentors_trained"].value or 0) for row in rows),
        "publications": sum(int(row.indicators.by_code["publications"].value or 0) for row in rows),
        "practices": len(practices),
    }
    progress_chart = (
        charts.bar_chart(
            [
                (row.short_name, row.indicators.roadmap["percent"] if row.indicators.roadmap else 0)
                for row in rows
            ],
            max_value=100,
            suffix=" %",
            width=640,
        )
        if rows
        else ""
    )
    definitions = [value.definition for value in rows[0].indicators.values] if rows else []
    return {
        "municipality": municipality,
        "year": year,
        "today": dates.today(),
        "rows": rows,
        "totals": totals,
        "definitions": definitions,
        "practices": practices,
        "progress_chart": progress_chart,
    }


# --- The documents -----------------------------------------------------------------------------------------


class YearParamsForm(DocumentParamsForm):
    """The academic year of a document, by its first calendar year; the current one when not given."""

    year = forms.IntegerField(
        required=False, min_value=2000, max_value=2100, label=gettext_lazy("Учебный год")
    )

    def params(self) -> dict:
        year = self.cleaned_data.get("year")
        return {"year": year or AcademicYear.current().first_year}


def _year(params: dict) -> AcademicYear:
    return AcademicYear.parse(params.get("year"), AcademicYear.current())


class FinalReportDocument(Document):
    key = "final-report"
    verbose_name = gettext_lazy("Итоговый отчёт о реализации программы наставничества за учебный год")
    file_title = gettext_lazy("Итоговый отчёт")
    description = gettext_lazy(
        "Итоги года: люди, пары, планы, встречи, мероприятия, анкеты, показатели, диаграммы и материалы "
        "общих встреч; формируется в фоне."
    )
    template = "reports/documents/pdf/final_report.html"
    params_form = YearParamsForm
    perm = IndicatorPerm.VIEW
    background = True

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        return dict(year_figures(organisation, _year(params)))

    @classmethod
    def file_detail(cls, organisation: Organisation, params: dict) -> str:
        return _year(params).label.replace("/", "–")


class AnalyticalNoteDocument(Document):
    key = "analytical-note"
    verbose_name = gettext_lazy("Аналитическая справка по итогам учебного года")
    file_title = gettext_lazy("Аналитическая справка")
    template = "reports/documents/pdf/analytical_note.html"
    params_form = YearParamsForm
    perm = IndicatorPerm.VIEW

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        figures = year_figures(organisation, _year(params))
        return {**figures, "sections": analytical_sections(figures)}

    @classmethod
    def file_detail(cls, organisation: Organisation, params: dict) -> str:
        return _year(params).label.replace("/", "–")


def municipality_home(municipality: Municipality, user=None) -> Organisation | None:
    """Where the municipality's documents are kept: the coordinator's own organisation of the municipality
    (the municipal mentoring centre), else the municipality's centre."""
    organisations = municipality.organisations.all()
    if user is not None and user.is_authenticated:
        own = organisations.filter(
            memberships__person__user=user, memberships__roles__role=Role.COORDINATOR
        ).first()
        if own is not None:
            return own
    return organisations.filter(kind=Organisation.Kind.MUNICIPAL_CENTRE).order_by("pk").first()


class MunicipalityReportDocument(Document):
    """The municipality's final report, kept with its municipal centre (`municipality_home`)."""

    key = "municipality-report"
    verbose_name = gettext_lazy("Итоговый отчёт муниципалитета о реализации целевой модели наставничества")
    file_title = gettext_lazy("Итоговый отчёт муниципалитета")
    description = gettext_lazy("Все организации муниципалитета: показатели и ход дорожных карт.")
    template = "reports/documents/pdf/municipality_report.html"
    params_form = YearParamsForm
    perm = IndicatorPerm.MUNICIPAL
    background = True

    @classmethod
    def check(cls, organisation: Organisation, params: dict) -> None:
        if not organisation.municipality.organisations.exclude(kind__in=CENTRE_KINDS).exists():
            raise ValidationError(
                _("В муниципалитете нет организаций, реализующих программу наставничества.")
            )

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        cls.check(organisation, params)
        return municipality_figures(organisation.municipality, _year(params))

    @classmethod
    def file_owner(cls, organisation: Organisation, params: dict) -> str:
        return organisation.municipality.name

    @classmethod
    def file_detail(cls, organisation: Organisation, params: dict) -> str:
        return _year(params).label.replace("/", "–")


DOCUMENTS = [FinalReportDocument, AnalyticalNoteDocument, MunicipalityReportDocument]
