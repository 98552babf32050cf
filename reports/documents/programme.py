"""Documents of the programme's own objects, one class each, every one reached from the page of its object:
the roadmap as a table, the individual plan of a pair, the agreement of a pair (and all of them in one file),
the registration sheet of an event, the comparative table of the entry and final diagnostics. The roadmap
table is also what the order approving a roadmap prints as its appendix (`reports.orders.documents`).

The object comes in the address and is loaded FROM the visitor's organisation by the kind's parameters form
(a forged id is a 404); `permission` keeps a teacher to their own pair. The «PDF» buttons are put on the
pages of the lower apps by each class's `page_actions` (`mentoring.organisations.page_actions`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import dates
from mentoring.models import Organisation, Pair, PairMentee, Person, Plan, PlanItem, Role
from mentoring.organisations.page_actions import PageAction
from mentoring.organisations.selectors import people_with_role
from reports.documents.base import Document, ObjectParamsForm, Part, event_day, place_of
from reports.documents.selectors import pairs_for_documents, visible_pairs
from reports.orders.selectors import signed_order_of
from reports.permissions import ReportPerm
from roadmap.models import Activity, Event, Roadmap, Stage
from roadmap.selectors import event_attendance, roadmap_stages_with_activities, roadmaps_for
from surveys import charts
from surveys.models import Questionnaire
from surveys.selectors import wave_comparison

if TYPE_CHECKING:
    from mentoring.organisations.access import OrganisationAccess

# Kinds of events an order «О проведении итогового мероприятия» may appoint.
FINAL_EVENT_KINDS = [Event.Kind.FINAL_MEETING, Event.Kind.BUSINESS_GAME, Event.Kind.CEREMONY]


def _director(organisation: Organisation) -> Person | None:
    return people_with_role(organisation, Role.DIRECTOR).order_by("last_name", "pk").first()


def _curators(organisation: Organisation) -> list[Person]:
    return list(people_with_role(organisation, Role.CURATOR).order_by("last_name", "pk"))


# --- The roadmap as a table ------------------------------------------------------------------------------

# The usual columns of a roadmap, as the samples write them; a roadmap imported from a document keeps the
# columns of that document (`Roadmap.column_layout`).
DEFAULT_COLUMNS = [
    ["number", "№ п/п"],
    ["title", "Мероприятие"],
    ["deadline", "Сроки"],
    ["responsible", "Ответственный"],
    ["result", "Ожидаемый результат"],
    ["indicator", "Показатели"],
]
KNOWN_FIELDS = {
    "number",
    "title",
    "deadline",
    "responsible",
    "participants",
    "result",
    "indicator",
    "comments",
}
# Column widths in millimetres; the title takes what is left.
WIDTHS = {
    "number": 14,
    "deadline": 30,
    "responsible": 38,
    "participants": 36,
    "result": 48,
    "indicator": 48,
    "comments": 36,
    "marks": 30,
}


class Column(TypedDict):
    field: str
    header: str
    # Millimetres; None: what is left.
    width: int | None


class TableSection(TypedDict):
    """A stage of the roadmap table: its section row, then the cells of its activities."""

    stage: Stage
    number: str
    rows: list[list[str]]


class RoadmapTable(TypedDict):
    columns: list[Column]
    sections: list[TableSection]
    activity_count: int
    landscape: bool


def _column(field: str, header: str) -> Column:
    return {"field": field, "header": header, "width": WIDTHS.get(field)}


def roadmap_columns(roadmap: Roadmap, *, marks: bool = False) -> list[Column]:
    """The columns to print: those of the source document where known, always with a «№» first."""
    layout = [
        [name, header]
        for name, header in (roadmap.column_layout or [])
        if name in KNOWN_FIELDS and str(header).strip()
    ]
    if not any(name == "title" for name, _header in layout):
        layout = DEFAULT_COLUMNS
    layout = [item for item in layout if item[0] != "number"]
    columns = [_column("number", "№ п/п")]
    columns += [_column(name, str(header).strip()) for name, header in layout]
    if marks:
        columns.append(_column("marks", "Отметка о выполнении"))
    return columns


def _responsible(activity: Activity) -> str:
    if activity.responsible_text.strip():
        return activity.responsible_text.strip()
    names = [person.short_name for person in activity.responsible_people.all()]
    return ", ".join(names + [label.lower() for label in activity.role_labels])


def _deadline(activity: Activity) -> str:
    if activity.deadline_text.strip():
        return activity.deadline_text.strip()
    return activity.due_date.strftime("%d.%m.%Y") if activity.due_date else ""


def _mark(activity: Activity) -> str:
    if activity.status == Activity.Status.DONE:
        # A done activity has its date (a check constraint of the model).
        return _("выполнено %(date)s") % {"date": f"{activity.completed_on:%d.%m.%Y}"}
    if activity.status == Activity.Status.CANCELLED:
        return _("отменено")
    if activity.status == Activity.Status.IN_PROGRESS:
        return _("выполняется")
    return ""


def _cell(activity: Activity, field: str, number: str) -> str:
    return {
        "number": number,
        "title": activity.title,
        "deadline": _deadline(activity),
        "responsible": _responsible(activity),
        "participants": activity.participants,
        "result": activity.result,
        "indicator": activity.indicator_text,
        "comments": activity.comments,
        "marks": _mark(activity),
    }.get(field, "")


def roadmap_table(roadmap: Roadmap, *, marks: bool = False) -> RoadmapTable:
    """The roadmap as rows ready to print: a section row per stage, then its activities in order."""
    columns = roadmap_columns(roadmap, marks=marks)
    stages = roadmap_stages_with_activities(roadmap)
    sections: list[TableSection] = []
    for stage_index, stage in enumerate(stages, start=1):
        stage_number = stage.number.strip().rstrip(".") or str(stage_index)
        rows = []
        for index, activity in enumerate(stage.shown_activities, start=1):
            number = activity.number.strip() or f"{stage_number}.{index}"
            rows.append([_cell(activity, column["field"], number) for column in columns])
        sections.append({"stage": stage, "number": stage_number, "rows": rows})
    return {
        "columns": columns,
        "sections": sections,
        "activity_count": sum(len(section["rows"]) for section in sections),
        # Five columns and more do not fit a portrait page in 12 pt.
        "landscape": len(columns) > 4,
    }


def roadmap_context(organisation: Organisation, roadmap: Roadmap, *, marks: bool = False) -> dict:
    approving_order = signed_order_of(roadmap.orders.filter(organisation=organisation))
    title = roadmap.title
    if roadmap.academic_year not in title:
        title = f"{title} на {roadmap.academic_year} учебный год"
    return {
        "organisation": organisation,
        "roadmap": roadmap,
        "title": title,
        "approved": roadmap.status != Roadmap.Status.DRAFT and roadmap.approved_on is not None,
        "director": _director(organisation),
        "approving_order": approving_order,
        "table": roadmap_table(roadmap, marks=marks),
        "marks": marks,
        "today": dates.today(organisation),
    }


class RoadmapParamsForm(ObjectParamsForm):
    param = "roadmap"
    marks = forms.BooleanField(required=False)

    def objects(self, organisation: Organisation) -> QuerySet[Roadmap]:
        return roadmaps_for(organisation)

    def params(self) -> dict:
        return {**super().params(), "marks": self.cleaned_data["marks"]}


class RoadmapDocument(Document):
    """The roadmap as a table, on its own or «с отметками» (the status of each activity in a last column)."""

    key = "roadmap"
    verbose_name = gettext_lazy("План мероприятий (дорожная карта)")
    file_title = gettext_lazy("Дорожная карта")
    template = "reports/documents/pdf/roadmap.html"
    params_form = RoadmapParamsForm
    perm = ReportPerm.ALL_DOCUMENTS
    pages = ("roadmap.detail",)

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        roadmap = roadmaps_for(organisation).get(pk=params["roadmap"])
        return roadmap_context(organisation, roadmap, marks=bool(params.get("marks")))

    @classmethod
    def page_actions(cls, access: OrganisationAccess, roadmap: Roadmap) -> list[PageAction]:
        if not cls.permission(access, {"roadmap": roadmap.pk}):
            return []
        url = cls.url(access.organisation, roadmap.pk)
        return [
            PageAction(_("PDF"), url, "file-earmark-pdf", testid="roadmap-pdf"),
            PageAction(
                _("PDF с отметками"), f"{url}?marks=1", "file-earmark-check", testid="roadmap-pdf-marks"
            ),
            PageAction(
                _("Word"),
                cls.docx_url(access.organisation, roadmap.pk),
                "file-earmark-word",
                testid="roadmap-docx",
            ),
        ]


# --- The individual plan of a pair ------------------------------------------------------------------------


def _pair_with_people(organisation: Organisation) -> QuerySet[Pair]:
    return organisation.pairs.select_related("mentor", "form", "plan", "plan__approved_by").prefetch_related(
        Prefetch(
            "pair_mentees", queryset=PairMentee.objects.select_related("mentee").order_by("mentee__last_name")
        )
    )


def _person_of(user: User | None) -> Person | None:
    if user is None:
        return None
    return Person.objects.filter(user=user).first()


def plan_context(organisation: Organisation, pair: Pair) -> dict:
    plan: Plan = pair.plan
    items = list(PlanItem.objects.filter(plan=plan).order_by("order", "due_date", "id"))
    done = sum(1 for item in items if item.done)
    approver = None
    approved_on = None
    if plan.approved_at is not None:
        approved_on = timezone.localdate(plan.approved_at)
        approver = _person_of(plan.approved_by) or _director(organisation)
    dates = [item.due_date for item in items if item.due_date]
    curators = _curators(organisation)
    return {
        "organisation": organisation,
        "pair": pair,
        "plan": plan,
        "mentees": [link.mentee for link in pair.pair_mentees.all()],
        "items": items,
        "done": done,
        "percent": round(100 * done / len(items)) if items else 0,
        "target": Plan.TARGET_PERCENT,
        "approver": approver,
        "approved_on": approved_on,
        "approving_order": signed_order_of(plan.orders.filter(organisation=organisation)),
        "curator": curators[0] if curators else None,
        "start": pair.start_date or (min(dates) if dates else None),
        "end": pair.end_date or (max(dates) if dates else None),
        "place": place_of(organisation),
    }


class PlanParamsForm(ObjectParamsForm):
    """The plan is reached by its pair (`documents/pair-plan/<pair id>/pdf/`)."""

    param = "pair"

    def objects(self, organisation: Organisation) -> QuerySet[Pair]:
        return organisation.pairs.exclude(status=Pair.Status.REJECTED).filter(plan__isnull=False)


class PairPlanDocument(Document):
    """The individual plan of a pair («персонализированная программа наставничества»)."""

    key = "pair-plan"
    verbose_name = gettext_lazy("Персонализированная программа наставничества (индивидуальный план)")
    file_title = gettext_lazy("Индивидуальный план")
    template = "reports/documents/pdf/plan.html"
    params_form = PlanParamsForm
    perm = ReportPerm.VIEW_DOCUMENTS
    pages = ("pair.detail",)

    @classmethod
    def permission(cls, access: OrganisationAccess, params: dict) -> bool:
        """The staff: every pair's plan; a teacher: the plan of their own pair."""
        return (
            access.has(cls.perm)
            and visible_pairs(access).filter(pk=params["pair"], plan__isnull=False).exists()
        )

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        return plan_context(
            organisation, _pair_with_people(organisation).get(pk=params["pair"], plan__isnull=False)
        )

    @classmethod
    def file_detail(cls, organisation: Organisation, params: dict) -> str:
        return _("пара %(pair)s") % {"pair": params["pair"]}

    @classmethod
    def page_actions(cls, access: OrganisationAccess, pair: Pair) -> list[PageAction]:
        if not cls.permission(access, {"pair": pair.pk}):
            return []
        url = cls.url(access.organisation, pair.pk)
        return [
            PageAction(_("План в PDF"), url, "file-earmark-pdf", testid="plan-pdf"),
            PageAction(
                _("План в Word"),
                cls.docx_url(access.organisation, pair.pk),
                "file-earmark-word",
                testid="plan-docx",
            ),
        ]


# --- The agreement of a pair («соглашение о сотрудничестве») ----------------------------------------------

AGREEMENT_STATUSES = [Pair.Status.APPROVED, Pair.Status.ACTIVE, Pair.Status.COMPLETED]


def agreement_context(organisation: Organisation, pair: Pair) -> dict:
    return {
        "organisation": organisation,
        "pair": pair,
        "mentees": [item.mentee for item in pair.pair_mentees.all()],
        "date": pair.start_date or (timezone.localdate(pair.approved_at) if pair.approved_at else None),
        "place": place_of(organisation),
    }


class PairParamsForm(ObjectParamsForm):
    """The pair is the document's object (`documents/pair-agreement/<pair id>/pdf/`)."""

    param = "pair"
    object: forms.ModelChoiceField[Pair] = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("Пара/группа")
    )

    def objects(self, organisation: Organisation) -> QuerySet[Pair]:
        return organisation.pairs.exclude(status=Pair.Status.REJECTED)


class PairAgreementDocument(Document):
    key = "pair-agreement"
    verbose_name = gettext_lazy("Соглашение о сотрудничестве наставника и наставляемого")
    file_title = gettext_lazy("Соглашение о сотрудничестве")
    template = "reports/documents/pdf/agreement.html"
    params_form = PairParamsForm
    perm = ReportPerm.VIEW_DOCUMENTS
    pages = ("pair.detail",)

    @classmethod
    def permission(cls, access: OrganisationAccess, params: dict) -> bool:
        """The staff: every pair's agreement; a teacher: the agreement of their own pair."""
        return access.has(cls.perm) and visible_pairs(access).filter(pk=params["pair"]).exists()

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        return agreement_context(organisation, pairs_for_documents(organisation).get(pk=params["pair"]))

    @classmethod
    def file_detail(cls, organisation: Organisation, params: dict) -> str:
        return _("пара %(pair)s") % {"pair": params["pair"]}

    @classmethod
    def page_actions(cls, access: OrganisationAccess, pair: Pair) -> list[PageAction]:
        if not cls.permission(access, {"pair": pair.pk}):
            return []
        url = cls.url(access.organisation, pair.pk)
        return [
            PageAction(_("Соглашение в PDF"), url, "file-earmark-text", testid="agreement-pdf"),
            PageAction(
                _("Соглашение в Word"),
                cls.docx_url(access.organisation, pair.pk),
                "file-earmark-word",
                testid="agreement-docx",
            ),
        ]


class AllAgreementsDocument(Document):
    """One agreement per approved pair or group, in one file, built in the background."""

    key = "agreements-all"
    verbose_name = gettext_lazy("Все соглашения о сотрудничестве одним файлом")
    file_title = gettext_lazy("Соглашения о сотрудничестве")
    description = gettext_lazy(
        "По одному соглашению на каждую утверждённую пару или группу; файл формируется в фоне."
    )
    template = PairAgreementDocument.template
    perm = ReportPerm.BUILD_DOCUMENTS
    background = True

    @classmethod
    def check(cls, organisation: Organisation, params: dict) -> None:
        if not organisation.pairs.filter(status__in=AGREEMENT_STATUSES).exists():
            raise ValidationError(
                _("В организации нет утверждённых пар/групп: соглашения составлять не для кого.")
            )

    @classmethod
    def parts(cls, organisation: Organisation, params: dict) -> list[Part]:
        cls.check(organisation, params)
        pairs = (
            pairs_for_documents(organisation)
            .filter(status__in=AGREEMENT_STATUSES)
            .order_by("mentor__last_name", "mentor__first_name", "pk")
        )
        return [(cls.template, agreement_context(organisation, pair)) for pair in pairs]


# --- The registration sheet of an event ------------------------------------------------------------------

BLANK_ROWS = 3


def event_responsible(organisation: Organisation, event: Event) -> list[Person]:
    """Who answers for an event: the people its roadmap activity names, else the curators."""
    if event.activity is not None:
        people = list(event.activity.responsible_people.order_by("last_name", "pk"))
        if people:
            return people
    return _curators(organisation)


def registration_context(organisation: Organisation, event: Event) -> dict:
    attendances = list(event_attendance(event))
    past = event.starts_at <= timezone.now()
    start = timezone.localtime(event.starts_at)
    return {
        "organisation": organisation,
        "event": event,
        "starts": start,
        "ends": timezone.localtime(event.ends_at) if event.ends_at else None,
        "attendances": attendances,
        "past": past,
        "attended": sum(1 for row in attendances if row.attended),
        "blank_rows": range(len(attendances) + 1, len(attendances) + 1 + BLANK_ROWS),
        "responsible": event_responsible(organisation, event),
        "place": place_of(organisation),
    }


class EventParamsForm(ObjectParamsForm):
    param = "event"

    def objects(self, organisation: Organisation) -> QuerySet[Event]:
        return organisation.events.all()


class EventRegistrationDocument(Document):
    key = "event-registration"
    verbose_name = gettext_lazy("Лист регистрации участников мероприятия")
    file_title = gettext_lazy("Лист регистрации")
    template = "reports/documents/pdf/registration_sheet.html"
    params_form = EventParamsForm
    perm = ReportPerm.ALL_DOCUMENTS
    pages = ("event.detail",)

    @classmethod
    def file_detail(cls, organisation: Organisation, params: dict) -> str:
        return event_day(organisation, params["event"])

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        event = organisation.events.select_related("activity").get(pk=params["event"])
        return registration_context(organisation, event)

    @classmethod
    def page_actions(cls, access: OrganisationAccess, event: Event) -> list[PageAction]:
        if not cls.permission(access, {"event": event.pk}):
            return []
        url = cls.url(access.organisation, event.pk)
        return [
            PageAction(_("Лист регистрации (PDF)"), url, "file-earmark-pdf", testid="registration-pdf"),
            PageAction(
                _("Лист регистрации (Word)"),
                cls.docx_url(access.organisation, event.pk),
                "file-earmark-word",
                testid="registration-docx",
            ),
        ]


# --- The comparative table of the entry and final diagnostics --------------------------------------------

# Groups per table: each takes three columns (entry, final, Δ).
GROUPS_PER_TABLE = 3
# At most so many item columns per table of the changes by pair (the tables are balanced: 14 → 7 + 7).
ITEMS_PER_TABLE = 12


def _chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _balanced(items: list, most: int) -> list[list]:
    if not items:
        return []
    tables = -(-len(items) // most)
    return _chunks(items, -(-len(items) // tables))


def comparison_context(organisation: Organisation, questionnaire: Questionnaire) -> dict:
    data = wave_comparison(questionnaire)
    if data is None:
        # Not a final wave: `SurveyComparisonDocument` loads final waves only.
        raise ValueError(f"Questionnaire {questionnaire.pk} has no entry wave to compare with")
    groups = data["groups"]
    summary = [group for group in groups if not str(group["key"]).startswith("pair:")]
    by_pair = [group for group in groups if str(group["key"]).startswith("pair:")]
    items = list(summary[0]["rows"]) if summary else []
    codes = [row["key"] for row in items]
    pair_tables = []
    for chunk in _balanced(codes, ITEMS_PER_TABLE):
        rows = []
        for group in by_pair:
            deltas = {row["key"]: row for row in group["rows"]}
            rows.append(
                {
                    "label": group["label"].split(": ", 1)[-1],
                    "cells": [
                        {
                            "delta": deltas.get(code, {}).get("delta"),
                            "change": deltas.get(code, {}).get("change", ""),
                        }
                        for code in chunk
                    ],
                }
            )
        pair_tables.append({"codes": chunk, "rows": rows})
    chart = ""
    if summary and items:
        chart = charts.comparison_chart(
            [(row["label"], row["entry"], row["final"], row["scale_max"]) for row in summary[0]["rows"]],
            width=760,
        )
    psychologist = people_with_role(organisation, Role.PSYCHOLOGIST).order_by("last_name", "pk").first()
    curators = _curators(organisation)
    everyone = next((group for group in groups if group["key"] == "all"), None)
    return {
        "organisation": organisation,
        "questionnaire": questionnaire,
        "data": data,
        "items": items,
        "summary_tables": _chunks(summary, GROUPS_PER_TABLE),
        "pair_tables": pair_tables if by_pair else [],
        "chart": chart,
        "respondents": max((row["n_paired"] for row in everyone["rows"]), default=0) if everyone else 0,
        "signers": [(person.position or _("Педагог-психолог"), person) for person in [psychologist] if person]
        + [(person.position or _("Куратор"), person) for person in curators[:1]],
        "today": dates.today(organisation),
        "place": place_of(organisation),
    }


class FinalWaveParamsForm(ObjectParamsForm):
    """Only a final wave (one with an entry wave) has a comparison."""

    param = "questionnaire"

    def objects(self, organisation: Organisation) -> QuerySet[Questionnaire]:
        return organisation.questionnaires.filter(previous_wave__isnull=False)


class SurveyComparisonDocument(Document):
    key = "survey-comparison"
    verbose_name = gettext_lazy("Сравнительная таблица по учёту изменений (входная и итоговая диагностика)")
    file_title = gettext_lazy("Сравнительная таблица")
    template = "reports/documents/pdf/survey_comparison.html"
    params_form = FinalWaveParamsForm
    perm = ReportPerm.ALL_DOCUMENTS
    pages = ("survey.comparison",)

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        questionnaire = (
            organisation.questionnaires.select_related("previous_wave")
            .filter(previous_wave__isnull=False)
            .get(pk=params["questionnaire"])
        )
        return comparison_context(organisation, questionnaire)

    @classmethod
    def page_actions(cls, access: OrganisationAccess, questionnaire: Questionnaire) -> list[PageAction]:
        if questionnaire.previous_wave_id is None or not cls.permission(access, {}):
            return []
        url = cls.url(access.organisation, questionnaire.pk)
        return [
            PageAction(_("Сравнительная таблица (PDF)"), url, "file-earmark-pdf", testid="comparison-pdf"),
            PageAction(
                _("Сравнительная таблица (Word)"),
                cls.docx_url(access.organisation, questionnaire.pk),
                "file-earmark-word",
                testid="comparison-docx",
            ),
        ]


# The kinds of this module, in the order their buttons appear on a page.
DOCUMENTS = [
    RoadmapDocument,
    PairPlanDocument,
    PairAgreementDocument,
    AllAgreementsDocument,
    EventRegistrationDocument,
    SurveyComparisonDocument,
]
