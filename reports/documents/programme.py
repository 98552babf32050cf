"""Documents of the programme's own objects, each reached from the page of its object: the roadmap as a table,
the individual plan of a pair, the registration sheet of an event, the comparative table of the entry and
final diagnostics — and what the orders on the roadmap, the plans and the final event print as appendices.

Each kind is registered with the document registry (`documents.register`), so it is served by the generic
`reports:document_object_pdf` view: the object comes in the address and is loaded FROM the visitor's
organisation by the kind's parameters form (a forged id is a 404). The «PDF» buttons are put on the pages
of the lower apps through `mentoring.organisations.page_actions`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django import forms
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import dates
from mentoring.models import Organisation, Pair, PairMentee, Person, Plan, PlanItem, Role
from mentoring.organisations import page_actions
from mentoring.organisations.access import OrganisationAccess
from mentoring.organisations.selectors import people_with_role
from reports.documents import registry as documents
from reports.documents.registry import DocumentKind, Part, place_of, visible_pairs
from reports.models import Order
from reports.permissions import ReportPerm
from roadmap.models import Activity, Event, Roadmap
from roadmap.selectors import event_attendance, roadmap_stages_with_activities, roadmaps_for
from surveys import charts
from surveys.models import Questionnaire
from surveys.selectors import wave_comparison

ROADMAP_TEMPLATE = "reports/pdf/roadmap.html"
PLAN_TEMPLATE = "reports/pdf/plan.html"
REGISTRATION_TEMPLATE = "reports/pdf/registration_sheet.html"
COMPARISON_TEMPLATE = "reports/pdf/survey_comparison.html"

# Kinds of events an order «О проведении итогового мероприятия» may appoint.
FINAL_EVENT_KINDS = [Event.Kind.FINAL_MEETING, Event.Kind.BUSINESS_GAME, Event.Kind.CEREMONY]


def _director(organisation: Organisation) -> Person | None:
    return people_with_role(organisation, Role.DIRECTOR).order_by("last_name", "pk").first()


def _curators(organisation: Organisation) -> list[Person]:
    return list(people_with_role(organisation, Role.CURATOR).order_by("last_name", "pk"))


def _signed_order_of(orders) -> Order | None:
    """The order that approved something: the latest signed one still in force."""
    return orders.filter(status=Order.Status.SIGNED).order_by("-signed_on", "-sequence").first()


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


def roadmap_columns(roadmap: Roadmap, *, marks: bool = False) -> list[dict]:
    """The columns to print: those of the source document where known, always with a «№» first."""
    layout = [
        [name, header]
        for name, header in (roadmap.column_layout or [])
        if name in KNOWN_FIELDS and str(header).strip()
    ]
    if not any(name == "title" for name, _header in layout):
        layout = DEFAULT_COLUMNS
    layout = [item for item in layout if item[0] != "number"]
    columns = [{"field": "number", "header": "№ п/п"}]
    columns += [{"field": name, "header": str(header).strip()} for name, header in layout]
    if marks:
        columns.append({"field": "marks", "header": "Отметка о выполнении"})
    for column in columns:
        column["width"] = WIDTHS.get(column["field"])
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
        return _("выполнено %(date)s") % {"date": activity.completed_on.strftime("%d.%m.%Y")}
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


def roadmap_table(roadmap: Roadmap, *, marks: bool = False) -> dict:
    """The roadmap as rows ready to print: a section row per stage, then its activities in order."""
    columns = roadmap_columns(roadmap, marks=marks)
    stages = roadmap_stages_with_activities(roadmap)
    sections = []
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
    approving_order = _signed_order_of(roadmap.orders.filter(organisation=organisation))
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


class RoadmapParamsForm(forms.Form):
    object = forms.ModelChoiceField(queryset=Roadmap.objects.none())
    marks = forms.BooleanField(required=False)

    def __init__(self, *args, access: OrganisationAccess, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["object"]).queryset = roadmaps_for(access.organisation)

    def params(self) -> dict:
        return {"roadmap": self.cleaned_data["object"].pk, "marks": self.cleaned_data["marks"]}


def _roadmap_parts(organisation: Organisation, params: dict) -> list[Part]:
    roadmap = roadmaps_for(organisation).get(pk=params["roadmap"])
    return [(ROADMAP_TEMPLATE, roadmap_context(organisation, roadmap, marks=bool(params.get("marks"))))]


# --- The individual plan of a pair ------------------------------------------------------------------------


def _pair_with_people(organisation: Organisation):
    return organisation.pairs.select_related("mentor", "form", "plan", "plan__approved_by").prefetch_related(
        Prefetch(
            "pair_mentees", queryset=PairMentee.objects.select_related("mentee").order_by("mentee__last_name")
        )
    )


def _person_of(user) -> Person | None:
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
        "approving_order": _signed_order_of(plan.orders.filter(organisation=organisation)),
        "curator": curators[0] if curators else None,
        "start": pair.start_date or (min(dates) if dates else None),
        "end": pair.end_date or (max(dates) if dates else None),
        "place": place_of(organisation),
    }


class PlanParamsForm(forms.Form):
    """The plan is reached by its pair (`documents/pair-plan/<pair id>/pdf/`); a teacher: their own."""

    object = forms.ModelChoiceField(queryset=Pair.objects.none())

    def __init__(self, *args, access: OrganisationAccess, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["object"]).queryset = visible_pairs(access).filter(
            plan__isnull=False
        )

    def params(self) -> dict:
        return {"pair": self.cleaned_data["object"].pk}


def _plan_parts(organisation: Organisation, params: dict) -> list[Part]:
    pair = _pair_with_people(organisation).get(pk=params["pair"], plan__isnull=False)
    return [(PLAN_TEMPLATE, plan_context(organisation, pair))]


# --- The registration sheet of an event ------------------------------------------------------------------

BLANK_ROWS = 3


def event_responsible(organisation: Organisation, event: Event) -> list[Person]:
    """Who answers for an event: the people its roadmap activity names, else the curators."""
    if event.activity_id:
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


class EventParamsForm(forms.Form):
    object = forms.ModelChoiceField(queryset=Event.objects.none())

    def __init__(self, *args, access: OrganisationAccess, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["object"]).queryset = access.organisation.events.all()

    def params(self) -> dict:
        return {"event": self.cleaned_data["object"].pk}


def _registration_parts(organisation: Organisation, params: dict) -> list[Part]:
    event = organisation.events.select_related("activity").get(pk=params["event"])
    return [(REGISTRATION_TEMPLATE, registration_context(organisation, event))]


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
                    "cells": [deltas.get(code, {}).get("delta") for code in chunk],
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


class FinalWaveParamsForm(forms.Form):
    """Only a final wave (one with an entry wave) has a comparison."""

    object = forms.ModelChoiceField(queryset=Questionnaire.objects.none())

    def __init__(self, *args, access: OrganisationAccess, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["object"]
        ).queryset = access.organisation.questionnaires.filter(previous_wave__isnull=False)

    def params(self) -> dict:
        return {"questionnaire": self.cleaned_data["object"].pk}


def _comparison_parts(organisation: Organisation, params: dict) -> list[Part]:
    questionnaire = (
        organisation.questionnaires.select_related("previous_wave")
        .filter(previous_wave__isnull=False)
        .get(pk=params["questionnaire"])
    )
    return [(COMPARISON_TEMPLATE, comparison_context(organisation, questionnaire))]


# --- Appendices of the orders on the roadmap, the plans and the final event ------------------------------


def plans_for_order(organisation: Organisation, plan_ids: Iterable[int]) -> list[Plan]:
    return list(
        Plan.objects.filter(pair__organisation=organisation, pk__in=list(plan_ids))
        .select_related("pair__mentor", "pair__form")
        .prefetch_related(
            Prefetch(
                "pair__pair_mentees",
                queryset=PairMentee.objects.select_related("mentee").order_by("mentee__last_name"),
            ),
            "items",
        )
        .order_by("pair__mentor__last_name", "pair__mentor__first_name", "pk")
    )


def order_appendix_context(order: Order) -> dict:
    """What the appendix of an order on the roadmap, the plans or the final event prints."""
    organisation = order.organisation
    context: dict = {"appendix_roadmap": None, "appendix_plans": [], "appendix_event": None}
    if order.kind == Order.Kind.ROADMAP and order.roadmap_id:
        roadmap = order.roadmap
        context["appendix_roadmap"] = roadmap
        context["roadmap_table"] = roadmap_table(roadmap)
    elif order.kind == Order.Kind.PLANS:
        plans = plans_for_order(organisation, order.plans.values_list("pk", flat=True))
        for plan in plans:
            items = list(plan.items.all())
            plan.item_count = len(items)
            dates = [item.due_date for item in items if item.due_date]
            plan.start = plan.pair.start_date or (min(dates) if dates else None)
            plan.end = plan.pair.end_date or (max(dates) if dates else None)
        context["appendix_plans"] = plans
    elif order.kind == Order.Kind.FINAL_EVENT and order.event_id:
        context["appendix_event"] = order.event
    return context


# --- Registration ------------------------------------------------------------------------------------------


def _pdf_url(access: OrganisationAccess, key: str, pk: int, query: str = "") -> str:
    url = reverse("reports:document_object_pdf", args=[access.organisation.slug, key, pk])
    return f"{url}?{query}" if query else url


def _order_url(access: OrganisationAccess, order: Order) -> str:
    return reverse("reports:order", args=[access.organisation.slug, order.pk])


def _new_order_url(access: OrganisationAccess, kind: str, **params) -> str:
    query = "&".join([f"kind={kind}", *[f"{name}={value}" for name, value in params.items()]])
    return f"{reverse('reports:order_create', args=[access.organisation.slug])}?{query}"


def _roadmap_actions(access: OrganisationAccess, roadmap: Roadmap):
    if not access.has(ReportPerm.ALL_DOCUMENTS):
        return []
    actions = [
        page_actions.PageAction(
            _("PDF"), _pdf_url(access, "roadmap", roadmap.pk), "file-earmark-pdf", testid="roadmap-pdf"
        ),
        page_actions.PageAction(
            _("PDF с отметками"),
            _pdf_url(access, "roadmap", roadmap.pk, "marks=1"),
            "file-earmark-check",
            testid="roadmap-pdf-marks",
        ),
    ]
    order = _signed_order_of(roadmap.orders.filter(organisation=access.organisation))
    if order is not None:
        actions.append(
            page_actions.PageAction(
                _("Приказ № %(number)s") % {"number": order.number}, _order_url(access, order), "journal-text"
            )
        )
    elif (
        access.has(ReportPerm.MANAGE_ORDERS)
        and roadmap.organisation_id == access.organisation.pk
        and roadmap.status != Roadmap.Status.ARCHIVED
    ):
        actions.append(
            page_actions.PageAction(
                _("Приказ об утверждении"),
                _new_order_url(access, Order.Kind.ROADMAP, roadmap=roadmap.pk),
                "journal-plus",
                testid="roadmap-order",
            )
        )
    return actions


def _pair_actions(access: OrganisationAccess, pair: Pair):
    if pair.status == Pair.Status.REJECTED or not visible_pairs(access).filter(pk=pair.pk).exists():
        return []
    actions = []
    if Plan.objects.filter(pair=pair).exists():
        actions.append(
            page_actions.PageAction(
                _("План в PDF"), _pdf_url(access, "pair-plan", pair.pk), "file-earmark-pdf", testid="plan-pdf"
            )
        )
    actions.append(
        page_actions.PageAction(
            _("Соглашение в PDF"),
            _pdf_url(access, "pair-agreement", pair.pk),
            "file-earmark-text",
            testid="agreement-pdf",
        )
    )
    return actions


def _event_actions(access: OrganisationAccess, event: Event):
    if not access.has(ReportPerm.ALL_DOCUMENTS):
        return []
    actions = [
        page_actions.PageAction(
            _("Лист регистрации (PDF)"),
            _pdf_url(access, "event-registration", event.pk),
            "file-earmark-pdf",
            testid="registration-pdf",
        )
    ]
    if event.kind in FINAL_EVENT_KINDS and access.has(ReportPerm.MANAGE_ORDERS):
        order = _signed_order_of(event.orders.filter(organisation=access.organisation))
        if order is not None:
            actions.append(
                page_actions.PageAction(
                    _("Приказ № %(number)s") % {"number": order.number},
                    _order_url(access, order),
                    "journal-text",
                )
            )
        else:
            actions.append(
                page_actions.PageAction(
                    _("Приказ о проведении"),
                    _new_order_url(access, Order.Kind.FINAL_EVENT, event=event.pk),
                    "journal-plus",
                    testid="event-order",
                )
            )
    return actions


def _comparison_actions(access: OrganisationAccess, questionnaire: Questionnaire):
    if not access.has(ReportPerm.ALL_DOCUMENTS) or questionnaire.previous_wave_id is None:
        return []
    return [
        page_actions.PageAction(
            _("Сравнительная таблица (PDF)"),
            _pdf_url(access, "survey-comparison", questionnaire.pk),
            "file-earmark-pdf",
            testid="comparison-pdf",
        )
    ]


def register() -> None:
    documents.register(
        DocumentKind(
            key="roadmap",
            title=gettext_lazy("План мероприятий (дорожная карта)"),
            parts=_roadmap_parts,
            filename=lambda organisation, params: f"dorozhnaya-karta-{params['roadmap']}.pdf",
            permission=ReportPerm.ALL_DOCUMENTS,
            params_form=RoadmapParamsForm,
        )
    )
    documents.register(
        DocumentKind(
            key="pair-plan",
            title=gettext_lazy("Персонализированная программа наставничества (индивидуальный план)"),
            parts=_plan_parts,
            filename=lambda organisation, params: f"plan-para-{params['pair']}.pdf",
            permission=ReportPerm.VIEW_DOCUMENTS,
            params_form=PlanParamsForm,
        )
    )
    documents.register(
        DocumentKind(
            key="event-registration",
            title=gettext_lazy("Лист регистрации участников мероприятия"),
            parts=_registration_parts,
            filename=lambda organisation, params: f"list-registracii-{params['event']}.pdf",
            permission=ReportPerm.ALL_DOCUMENTS,
            params_form=EventParamsForm,
        )
    )
    documents.register(
        DocumentKind(
            key="survey-comparison",
            title=gettext_lazy("Сравнительная таблица по учёту изменений (входная и итоговая диагностика)"),
            parts=_comparison_parts,
            filename=lambda organisation, params: f"sravnitelnaya-tablica-{params['questionnaire']}.pdf",
            permission=ReportPerm.ALL_DOCUMENTS,
            params_form=FinalWaveParamsForm,
        )
    )
    page_actions.register("roadmap.detail", _roadmap_actions)
    page_actions.register("pair.detail", _pair_actions)
    page_actions.register("event.detail", _event_actions)
    page_actions.register("survey.comparison", _comparison_actions)
