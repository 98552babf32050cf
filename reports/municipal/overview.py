"""The municipal overview: one row per organisation with everything the municipal centre chases a school
about — the roadmap (approved or not, by which order; positions done and overdue), the required orders
signed or missing, the bases and the pairs (at risk, last meeting), the questionnaires (response rate and
satisfaction, aggregates only) and the indicators met — with the municipality's total row, and the same one
level up for a region (municipalities as rows).

Every figure for every organisation comes from a fixed set of grouped queries (`compute` of the indicators
and a handful here): the number of queries does not grow with the number of organisations or people.

The overviews are kept in the cache for OVERVIEW_CACHE_SECONDS (5 minutes by default; 0 turns it off): at a
region's scale they cost a tenth of a second of queries and Python per view, and the centres open them again
and again while chasing their schools. The pages say when the figures were counted and «Пересчитать» counts
them anew (`fresh=True`). The school's own pages never read this cache.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common import dates
from common.dates import AcademicYear
from mentoring.models import Municipality, Organisation, Pair, Region
from mentoring.organisations import selectors as organisation_selectors
from mentoring.organisations.models import CENTRE_KINDS
from mentoring.programme.selectors import at_risk_days
from reports.indicators.computation import (
    BY_CODE,
    DEFINITIONS,
    PERCENT,
    IndicatorValue,
    compute,
)
from reports.models import Order
from roadmap.models import Activity, Roadmap
from surveys.models import Answer, Invitation, Question, Questionnaire

# The orders every organisation is expected to have signed (the kinds of `Order`), in the programme's order.
REQUIRED_ORDERS = [
    Order.Kind.REGULATION,
    Order.Kind.ROADMAP,
    Order.Kind.PAIRS,
    Order.Kind.PLANS,
    Order.Kind.FINAL_EVENT,
]
# The regulation stays in force once signed; the other orders are the year's.
STANDING_ORDERS = {Order.Kind.REGULATION}
ORDER_SHORT: dict[str, Any] = {
    Order.Kind.REGULATION: _("Положение"),
    Order.Kind.ROADMAP: _("Дорожная карта"),
    Order.Kind.PAIRS: _("Пары"),
    Order.Kind.PLANS: _("Планы"),
    Order.Kind.FINAL_EVENT: _("Итоговое мероприятие"),
}
ORDER_ABBR: dict[str, Any] = {
    Order.Kind.REGULATION: _("Пол."),
    Order.Kind.ROADMAP: _("ДК"),
    Order.Kind.PAIRS: _("Пары"),
    Order.Kind.PLANS: _("Планы"),
    Order.Kind.FINAL_EVENT: _("Итог"),
}
OPEN_ACTIVITY = [Activity.Status.PLANNED, Activity.Status.IN_PROGRESS]


@dataclass
class SignedOrder:
    id: int
    kind: str
    number: str
    signed_on: datetime.date | None
    roadmap_id: int | None = None


@dataclass
class OrganisationRow:
    """Everything the overview shows about one organisation (or, as a total, about many)."""

    organisation: Organisation | None
    name: str
    indicators: dict[str, IndicatorValue] = field(default_factory=dict)
    met_count: int = 0
    target_count: int = 0
    roadmap_id: int | None = None
    roadmap_status: str = ""
    roadmap_order: SignedOrder | None = None
    roadmap_approved_on: datetime.date | None = None
    done: int = 0
    counted: int = 0
    overdue: int = 0
    # Per required kind: the signed order; in a total, True when every organisation has signed one.
    orders: dict[str, Any] = field(default_factory=dict)
    signed_by_kind: dict[str, int] = field(default_factory=dict)  # a total's count per kind
    municipality: Municipality | None = None  # a region's row
    mentors: int = 0
    mentees: int = 0
    pairs: int = 0
    at_risk: int = 0
    last_meeting: datetime.date | None = None
    invited: int = 0
    answered: int = 0
    satisfaction_sum: float = 0.0
    satisfaction_n: int = 0
    organisation_count: int = 1
    approved_count: int = 0  # for totals: how many organisations have an approved roadmap

    @property
    def has_roadmap(self) -> bool:
        return self.roadmap_id is not None or (self.organisation is None and self.counted > 0)

    @property
    def roadmap_approved(self) -> bool:
        """An organisation's roadmap of the year is approved; for a total, every organisation's is."""
        if self.organisation is None:
            return self.organisation_count > 0 and self.approved_count == self.organisation_count
        return self.roadmap_status == Roadmap.Status.APPROVED

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.counted) if self.counted else None

    @property
    def missing_orders(self) -> list[str]:
        return [kind for kind in REQUIRED_ORDERS if self.orders.get(kind) is None]

    @property
    def signed_count(self) -> int:
        return len(REQUIRED_ORDERS) - len(self.missing_orders)

    @property
    def order_cells(self) -> list[dict]:
        signed = self.signed_by_kind
        return [
            {
                "kind": kind,
                "label": ORDER_SHORT[kind],
                "abbr": ORDER_ABBR[kind],
                "order": self.orders.get(kind),
                "count": signed.get(kind, 0),
            }
            for kind in REQUIRED_ORDERS
        ]

    @property
    def missing_labels(self) -> list[str]:
        return [str(ORDER_SHORT[kind]) for kind in self.missing_orders]

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.answered / self.invited, 1) if self.invited else None

    @property
    def satisfaction(self) -> float | None:
        """The mean answer to the satisfaction questionnaires' scales, as a share of the scale (0–100 %)."""
        return round(self.satisfaction_sum / self.satisfaction_n, 1) if self.satisfaction_n else None

    @property
    def indicator_list(self) -> list[IndicatorValue]:
        return [
            self.indicators[definition.code]
            for definition in DEFINITIONS
            if definition.code in self.indicators
        ]


@dataclass
class OverdueActivity:
    id: int
    organisation: Organisation
    number: str
    title: str
    due_date: datetime.date
    responsible: str
    days: int


@dataclass
class Overview:
    year: AcademicYear
    rows: list[OrganisationRow]
    total: OrganisationRow
    overdue: list[OverdueActivity]
    computed_at: datetime.datetime = field(default_factory=timezone.now)


Cached = TypeVar("Cached")


def _cached(key: str, build: Callable[[], Cached], *, fresh: bool) -> Cached:
    """`build()` kept under `key` for OVERVIEW_CACHE_SECONDS; `fresh` builds anew and replaces it."""
    seconds = settings.OVERVIEW_CACHE_SECONDS
    if seconds <= 0:
        return build()
    key = f"{key}:{get_language()}"
    if not fresh:
        found = cache.get(key)
        if found is not None:
            return found
    value = build()
    cache.set(key, value, seconds)
    return value


def programme_organisations(municipalities: Iterable[Municipality]):
    """The organisations that run a programme (not the municipal or regional centres that oversee them)."""
    return Organisation.objects.filter(municipality__in=list(municipalities)).exclude(kind__in=CENTRE_KINDS)


def _signed_orders(ids: list[int], year: AcademicYear) -> dict[int, dict[str, list[SignedOrder]]]:
    result: dict[int, dict[str, list[SignedOrder]]] = defaultdict(lambda: defaultdict(list))
    rows = (
        Order.objects.filter(organisation_id__in=ids, status=Order.Status.SIGNED, kind__in=REQUIRED_ORDERS)
        .filter(Q(kind__in=STANDING_ORDERS) | Q(signed_on__gte=year.start, signed_on__lte=year.end))
        .order_by("signed_on", "pk")
        .values_list("organisation_id", "id", "kind", "number", "signed_on", "roadmap_id")
    )
    for organisation_id, pk, kind, number, signed_on, roadmap_id in rows:
        result[organisation_id][kind].append(
            SignedOrder(id=pk, kind=kind, number=number, signed_on=signed_on, roadmap_id=roadmap_id)
        )
    return result


def _pairs(ids: list[int], today: datetime.date) -> dict[int, dict]:
    """Working pairs, those at risk (no meeting for MENTORING_AT_RISK_DAYS, as `pairs_at_risk` counts) and
    the last meeting, per organisation (1 query)."""
    threshold = today - datetime.timedelta(days=at_risk_days())
    result: dict[int, dict] = defaultdict(lambda: {"pairs": 0, "at_risk": 0, "last": None})
    rows = (
        Pair.objects.working()
        .filter(organisation_id__in=ids)
        .annotate(last=Max("meetings__date", filter=Q(meetings__date__lte=today)))
        .values_list("organisation_id", "approved_at", "last")
    )
    for organisation_id, approved_at, last in rows:
        item = result[organisation_id]
        item["pairs"] += 1
        met_recently = last is not None and last > threshold
        started_long_ago = approved_at is None or timezone.localtime(approved_at).date() <= threshold
        if not met_recently and (started_long_ago or last is not None):
            item["at_risk"] += 1
        if last is not None and (item["last"] is None or last > item["last"]):
            item["last"] = last
    return result


def _in_year(year: AcademicYear, prefix: str = "") -> Q:
    p = prefix
    return Q(**{f"{p}opens_on__gte": year.start, f"{p}opens_on__lte": year.end}) | Q(
        **{
            f"{p}opens_on__isnull": True,
            f"{p}created_at__gte": year.starts_at,
            f"{p}created_at__lt": year.ends_at,
        }
    )


def _surveys(ids: list[int], year: AcademicYear) -> tuple[dict[int, Any], dict[int, list[float]]]:
    """Response rate (invited / answered) of the year's questionnaires, and the satisfaction questionnaires'
    scale answers as shares of their scale — counts and averages only, never who answered what (2 queries)."""
    rates = {
        row["questionnaire__organisation_id"]: row
        for row in Invitation.objects.filter(_in_year(year, "questionnaire__"))
        .filter(questionnaire__organisation_id__in=ids)
        .exclude(questionnaire__status=Questionnaire.Status.DRAFT)
        .values("questionnaire__organisation_id")
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(answered=True)))
    }
    shares: dict[int, list[float]] = defaultdict(list)
    for organisation_id, value, low, high in (
        Answer.objects.filter(_in_year(year, "response__questionnaire__"))
        .filter(
            response__questionnaire__organisation_id__in=ids,
            response__questionnaire__purpose=Questionnaire.Purpose.SATISFACTION,
            question__type=Question.Type.SCALE,
        )
        .values_list(
            "response__questionnaire__organisation_id", "value", "question__scale_min", "question__scale_max"
        )
    ):
        if isinstance(value, int | float) and not isinstance(value, bool) and high > low:
            shares[organisation_id].append(100 * (value - low) / (high - low))
    return rates, shares


def _overdue(
    roadmap_ids: list[int], organisations: dict[int, Organisation], today: datetime.date
) -> list[OverdueActivity]:
    rows = (
        Activity.objects.filter(
            stage__roadmap_id__in=roadmap_ids, status__in=OPEN_ACTIVITY, due_date__lt=today
        )
        .order_by("due_date", "stage__roadmap__organisation__short_name", "order", "pk")
        .values_list(
            "id", "stage__roadmap__organisation_id", "number", "title", "due_date", "responsible_text"
        )
    )
    return [
        OverdueActivity(
            id=pk,
            organisation=organisations[organisation_id],
            number=number,
            title=title,
            due_date=due_date,
            responsible=responsible,
            days=(today - due_date).days,
        )
        for pk, organisation_id, number, title, due_date, responsible in rows
        if due_date is not None
    ]


def organisation_rows(
    organisations: list[Organisation], year: AcademicYear, *, today: datetime.date | None = None
) -> tuple[list[OrganisationRow], list[OverdueActivity]]:
    """The rows of the given organisations and the overdue activities of their roadmaps of the year."""
    today = today or dates.today()
    ids = [organisation.pk for organisation in organisations]
    by_id = {organisation.pk: organisation for organisation in organisations}
    computed = compute(organisations, year)
    orders = _signed_orders(ids, year)
    pairs = _pairs(ids, today)
    rates, shares = _surveys(ids, year)
    rows = []
    for organisation in organisations:
        data = computed[organisation.pk]
        values = data.by_code
        roadmap = data.roadmap or {}
        signed = orders.get(organisation.pk, {})
        chosen: dict[str, SignedOrder | None] = {}
        for kind in REQUIRED_ORDERS:
            candidates = signed.get(kind, [])
            if kind == Order.Kind.ROADMAP and roadmap:
                # The order that approved this year's roadmap, else any roadmap order of the year.
                own = [order for order in candidates if order.roadmap_id == roadmap["id"]]
                candidates = own or candidates
            chosen[kind] = candidates[-1] if candidates else None
        pair_row = pairs.get(organisation.pk, {"pairs": 0, "at_risk": 0, "last": None})
        rate = rates.get(organisation.pk, {"invited": 0, "answered": 0})
        scores = shares.get(organisation.pk, [])
        rows.append(
            OrganisationRow(
                organisation=organisation,
                name=organisation.short_name,
                indicators=values,
                met_count=data.met_count,
                target_count=data.target_count,
                roadmap_id=roadmap.get("id"),
                roadmap_status=roadmap.get("status", ""),
                roadmap_order=chosen[Order.Kind.ROADMAP],
                done=roadmap.get("done", 0),
                counted=roadmap.get("counted", 0),
                overdue=roadmap.get("overdue", 0),
                orders=chosen,
                mentors=values["mentors_trained"].denominator or 0,
                mentees=values["mentees_in_pairs"].denominator or 0,
                pairs=pair_row["pairs"],
                at_risk=pair_row["at_risk"],
                last_meeting=pair_row["last"],
                invited=rate["invited"],
                answered=rate["answered"],
                satisfaction_sum=sum(scores),
                satisfaction_n=len(scores),
                approved_count=1 if roadmap.get("status") == Roadmap.Status.APPROVED else 0,
            )
        )
    roadmap_ids = [row.roadmap_id for row in rows if row.roadmap_id]
    overdue = _overdue(roadmap_ids, by_id, today) if roadmap_ids else []
    return rows, overdue


def total_value(code: str, values: list[IndicatorValue]) -> IndicatorValue:
    """One indicator over many organisations: a share of the summed parts, or the sum of the counts."""
    definition = BY_CODE[code]
    known = [value for value in values if value.value is not None]
    if definition.unit == PERCENT:
        numerator = sum(value.numerator or 0 for value in known)
        denominator = sum(value.denominator or 0 for value in known)
        share = round(100 * numerator / denominator, 1) if denominator else None
        return IndicatorValue(definition, share, numerator, denominator)
    total = sum(value.value or 0 for value in known) if known else None
    return IndicatorValue(definition, total, int(total) if total is not None else None)


def total_row(rows: list[OrganisationRow], name: str) -> OrganisationRow:
    """The sum of the rows: counts added, shares recomputed from their parts, the latest meeting; an order
    kind counts as signed in the total only when every organisation has signed it."""
    total = OrganisationRow(organisation=None, name=name, organisation_count=len(rows))
    for definition in DEFINITIONS:
        total.indicators[definition.code] = total_value(
            definition.code,
            [row.indicators[definition.code] for row in rows if definition.code in row.indicators],
        )
    total.met_count = sum(row.met_count for row in rows)
    total.target_count = sum(row.target_count for row in rows)
    for name_ in (
        "done",
        "counted",
        "overdue",
        "mentors",
        "mentees",
        "pairs",
        "at_risk",
        "invited",
        "answered",
    ):
        setattr(total, name_, sum(getattr(row, name_) for row in rows))
    total.satisfaction_sum = sum(row.satisfaction_sum for row in rows)
    total.satisfaction_n = sum(row.satisfaction_n for row in rows)
    total.approved_count = sum(row.approved_count for row in rows)
    meetings = [row.last_meeting for row in rows if row.last_meeting]
    total.last_meeting = max(meetings) if meetings else None
    total.signed_by_kind = {kind: sum(1 for row in rows if row.orders.get(kind)) for kind in REQUIRED_ORDERS}
    total.orders = {
        kind: (True if rows and total.signed_by_kind[kind] == len(rows) else None) for kind in REQUIRED_ORDERS
    }
    return total


# --- Sorting and filters (GET parameters) -------------------------------------------------------------------

SORTS = {
    "name": (_("Организация"), lambda row: row.name.lower()),
    "roadmap": (_("Дорожная карта"), lambda row: (row.percent is None, row.percent or 0)),
    "overdue": (_("Просрочено"), lambda row: row.overdue),
    "orders": (_("Приказы"), lambda row: row.signed_count),
    "mentors": (_("Наставники"), lambda row: row.mentors),
    "mentees": (_("Наставляемые"), lambda row: row.mentees),
    "pairs": (_("Пары"), lambda row: row.pairs),
    "at_risk": (_("Пары под риском"), lambda row: row.at_risk),
    "last_meeting": (
        _("Последняя встреча"),
        lambda row: (row.last_meeting is None, row.last_meeting or datetime.date.min),
    ),
    "responses": (_("Отклик на анкеты"), lambda row: (row.response_rate is None, row.response_rate or 0)),
    "satisfaction": (_("Удовлетворённость"), lambda row: (row.satisfaction is None, row.satisfaction or 0)),
    "met": (_("Нормативы"), lambda row: row.met_count),
}

PROBLEMS = {
    "overdue": (_("есть просроченные мероприятия"), lambda row: row.overdue > 0),
    "not_approved": (_("дорожная карта не утверждена"), lambda row: not row.roadmap_approved),
    "orders_missing": (_("не хватает приказов"), lambda row: bool(row.missing_orders)),
    "at_risk": (_("есть пары под риском"), lambda row: row.at_risk > 0),
    "no_pairs": (_("нет работающих пар"), lambda row: row.pairs == 0),
}


def sort_rows(rows: list, key: str, descending: bool) -> list:
    """Rows sorted by a known key (unknown keys sort by name); ties keep the name order."""
    _label, getter = SORTS.get(key, SORTS["name"])
    rows = sorted(rows, key=lambda row: row.name.lower())
    return sorted(rows, key=getter, reverse=descending)


def filter_rows(rows: list, *, problem: str = "", kind: str = "") -> list:
    if kind:
        rows = [row for row in rows if row.organisation is not None and row.organisation.kind == kind]
    if problem in PROBLEMS:
        rows = [row for row in rows if PROBLEMS[problem][1](row)]
    return rows


def municipal_overview(
    municipality: Municipality,
    year: AcademicYear,
    *,
    today: datetime.date | None = None,
    fresh: bool = False,
) -> Overview:
    """The municipality's organisations as rows (leaders loaded), the total row, the overdue list (cached:
    see the module's note)."""
    today = today or dates.today()

    def build() -> Overview:
        organisations = list(
            organisation_selectors.municipality_registry(municipality).exclude(kind__in=CENTRE_KINDS)
        )
        rows, overdue = organisation_rows(organisations, year, today=today)
        return Overview(
            year=year, rows=rows, total=total_row(rows, str(_("Итого по муниципалитету"))), overdue=overdue
        )

    return _cached(f"overview:municipality:{municipality.pk}:{year.first_year}:{today}", build, fresh=fresh)


# --- One level up: the region ------------------------------------------------------------------------------


@dataclass
class RegionOverview:
    region: Region
    year: AcademicYear
    rows: list[OrganisationRow]  # one per municipality: the municipality's total row
    total: OrganisationRow
    computed_at: datetime.datetime = field(default_factory=timezone.now)


def region_overview(
    region: Region, year: AcademicYear, *, today: datetime.date | None = None, fresh: bool = False
) -> RegionOverview:
    """Every municipality of the region as a row: the total of its organisations (the same figures as the
    municipal overview's total row), computed for all the region's organisations at once (cached: see the
    module's note)."""
    today = today or dates.today()
    return _cached(
        f"overview:region:{region.pk}:{year.first_year}:{today}",
        lambda: _region_overview(region, year, today=today),
        fresh=fresh,
    )


def _region_overview(region: Region, year: AcademicYear, *, today: datetime.date) -> RegionOverview:
    municipalities = list(region.municipalities.order_by("name"))
    organisations = list(programme_organisations(municipalities).order_by("municipality_id", "short_name"))
    rows, _overdue = organisation_rows(organisations, year, today=today)
    by_municipality: dict[int, list[OrganisationRow]] = defaultdict(list)
    for row in rows:
        if row.organisation is not None:
            by_municipality[row.organisation.municipality_id].append(row)
    municipal_rows = []
    for municipality in municipalities:
        row = total_row(by_municipality.get(municipality.pk, []), municipality.name)
        row.municipality = municipality
        municipal_rows.append(row)
    return RegionOverview(
        region=region, year=year, rows=municipal_rows, total=total_row(rows, str(_("Итого по региону")))
    )


# --- Monitoring figures ------------------------------------------------------------------------------------


def _dump(value: IndicatorValue) -> dict:
    return {"value": value.value, "numerator": value.numerator, "denominator": value.denominator}


def monitoring_figures(municipality: Municipality, codes: list[str], year: AcademicYear) -> dict:
    """The round's figures of one municipality, computed from its organisations' data now, as plain JSON:
    the totals (as the overview's total row counts them) and each organisation's values."""
    codes = [code for code in codes if code in BY_CODE]
    organisations = list(programme_organisations([municipality]).order_by("short_name", "pk"))
    computed = compute(organisations, year)
    return {
        "organisation_count": len(organisations),
        "totals": {
            code: _dump(total_value(code, [computed[item.pk].by_code[code] for item in organisations]))
            for code in codes
        },
        "organisations": [
            {
                "name": item.short_name,
                "values": {code: _dump(computed[item.pk].by_code[code]) for code in codes},
            }
            for item in organisations
        ],
    }


def figure_value(code: str, data: dict | None) -> IndicatorValue:
    """A frozen figure back as an IndicatorValue (for display and the met/not met mark)."""
    data = data or {}
    return IndicatorValue(BY_CODE[code], data.get("value"), data.get("numerator"), data.get("denominator"))
