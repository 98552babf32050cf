"""Queries of the mentoring app. Every query starts from the organisation (the tenant)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Lower

from common import dates
from common.memo import once_per_page
from mentoring.models import (
    Competency,
    Consent,
    MatchRun,
    MatchSuggestion,
    Meeting,
    MenteeProfile,
    MentoringConsent,
    MentorProfile,
    Organisation,
    Pair,
    PairChange,
    PairMentee,
    Partner,
    Person,
    Plan,
    PlanAmendment,
    PlanItem,
    Preference,
    SuggestedMentee,
    SupportNote,
)
from mentoring.organisations.access import OrganisationAccess
from mentoring.organisations.selectors import by_name
from mentoring.programme import permissions
from mentoring.programme.models import PairQuerySet


def mentors_in_base(organisation: Organisation) -> QuerySet[Person]:
    """People of the organisation's mentor base, archived ones excluded."""
    return Person.objects.filter(
        mentor_profiles__organisation=organisation,
        mentor_profiles__status__in=[
            MentorProfile.Status.POTENTIAL,
            MentorProfile.Status.READY,
            MentorProfile.Status.ACTIVE,
        ],
    ).distinct()


def mentees_in_base(organisation: Organisation) -> QuerySet[Person]:
    return Person.objects.filter(mentee_profiles__organisation=organisation).distinct()


def at_risk_days() -> int:
    return int(getattr(settings, "MENTORING_AT_RISK_DAYS", 30))


def _valid_consent(organisation: Organisation, person_ref: str = "person") -> Exists:
    return Exists(
        Consent.objects.filter(
            person=OuterRef(person_ref),
            withdrawn_on__isnull=True,
            organisation__municipality_id=organisation.municipality_id,
        )
    )


def _valid_consent_date(organisation: Organisation, person_ref: str = "person") -> Subquery:
    return Subquery(
        Consent.objects.filter(
            person=OuterRef(person_ref),
            withdrawn_on__isnull=True,
            organisation__municipality_id=organisation.municipality_id,
        )
        .order_by("-given_on")
        .values("given_on")[:1]
    )


def _person_haystack(prefix: str = "person__") -> Lower:
    return Lower(
        Concat(
            f"{prefix}last_name",
            Value(" "),
            f"{prefix}first_name",
            Value(" "),
            f"{prefix}patronymic",
            Value(" "),
            f"{prefix}position",
            Value(" "),
            f"{prefix}subjects",
            output_field=CharField(),
        )
    )


def _search(queryset: QuerySet[Any], search: str, prefix: str = "person__") -> QuerySet[Any]:
    if not search:
        return queryset
    queryset = queryset.annotate(haystack=_person_haystack(prefix))
    for word in search.lower().split():
        queryset = queryset.filter(haystack__contains=word)
    return queryset


def people_found(people: QuerySet[Person], search: str, *, limit: int) -> list[Person]:
    """Up to `limit` + 1 of `people` in alphabetical order whose name, position or subjects hold every word
    of `search` (the one over the limit tells a picker that its list is cut)."""
    found = _search(people, search.strip()[:200], prefix="").order_by(*by_name(""))
    return list(found[: limit + 1])


def _open_pairs_count(ref: str) -> Coalesce:
    return Coalesce(
        Subquery(
            PairMentee.objects.filter(Pair.open_q("pair__"), pair__mentor=OuterRef(ref))
            .values("pair__mentor")
            .annotate(total=Count("id"))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def mentor_profiles_for(
    organisation: Organisation,
    *,
    search: str = "",
    status: str = "",
    competency: int | None = None,
    consent: str = "",
    trained: str = "",
    labour_consent: str = "",
) -> QuerySet[MentorProfile]:
    """The mentor base with each person, competencies, consent and the mentees they already have, and the
    date of their written consent to mentoring (ст. 351.8 ТК РФ), if any."""
    queryset = (
        organisation.mentor_profiles.select_related("person")
        .prefetch_related(Prefetch("competencies", queryset=Competency.objects.order_by("order", "name")))
        .annotate(
            has_consent=_valid_consent(organisation),
            consent_on=_valid_consent_date(organisation),
            taken=_open_pairs_count("person"),
            labour_consent_on=Subquery(
                MentoringConsent.objects.filter(organisation=organisation, person=OuterRef("person")).values(
                    "signed_on"
                )[:1]
            ),
        )
        .order_by(*by_name())
    )
    queryset = _search(queryset, search)
    if status:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.exclude(status=MentorProfile.Status.ARCHIVED)
    if competency:
        queryset = queryset.filter(competencies=competency)
    if consent == "yes":
        queryset = queryset.filter(has_consent=True)
    elif consent == "no":
        queryset = queryset.filter(has_consent=False)
    if labour_consent == "yes":
        queryset = queryset.filter(labour_consent_on__isnull=False)
    elif labour_consent == "no":
        queryset = queryset.filter(labour_consent_on__isnull=True, person__kind="staff")
    if trained == "yes":
        queryset = queryset.filter(Q(trained=True) | Q(training_date__isnull=False))
    elif trained == "no":
        queryset = queryset.filter(trained=False, training_date__isnull=True)
    return queryset


def _current_pair_subquery(organisation: Organisation) -> Subquery[Any]:
    return Subquery(
        PairMentee.objects.filter(
            Pair.open_q("pair__"), mentee=OuterRef("person"), pair__organisation=organisation
        )
        .order_by("-pair__created_at")
        .values("pair_id")[:1]
    )


def mentee_profiles_for(
    organisation: Organisation,
    *,
    search: str = "",
    status: str = "",
    category: str = "",
    competency: int | None = None,
    consent: str = "",
) -> QuerySet[MenteeProfile]:
    queryset = (
        organisation.mentee_profiles.select_related("person", "preferred_form")
        .prefetch_related(Prefetch("request_tags", queryset=Competency.objects.order_by("order", "name")))
        .annotate(
            has_consent=_valid_consent(organisation),
            consent_on=_valid_consent_date(organisation),
            current_pair_id=_current_pair_subquery(organisation),
        )
        .order_by(*by_name())
    )
    queryset = _search(queryset, search)
    if status:
        queryset = queryset.filter(status=status)
    if category:
        queryset = queryset.filter(category=category)
    if competency:
        queryset = queryset.filter(request_tags=competency)
    if consent == "yes":
        queryset = queryset.filter(has_consent=True)
    elif consent == "no":
        queryset = queryset.filter(has_consent=False)
    return queryset


def bases_summary(organisation: Organisation) -> dict[str, Any]:
    """The bases' totals: one aggregate per base. Consent is a non-correlated `IN` over the municipality's
    valid consents (hashed once by the database), not an `EXISTS` run per row."""
    consented = Q(
        person_id__in=Consent.objects.filter(
            withdrawn_on__isnull=True, organisation__municipality_id=organisation.municipality_id
        ).values("person_id")
    )
    mentor_totals = (
        organisation.mentor_profiles.exclude(status=MentorProfile.Status.ARCHIVED)
        .order_by()
        .aggregate(
            total=Count("id"),
            no_consent=Count("id", filter=~consented),
            trained=Count("id", filter=Q(trained=True) | Q(training_date__isnull=False)),
        )
    )
    mentee_totals = (
        organisation.mentee_profiles.exclude(status__in=MenteeProfile.CLOSED_STATUSES)
        .order_by()
        .aggregate(
            total=Count("id"),
            no_consent=Count("id", filter=~consented),
            in_pair=Count("id", filter=Q(status=MenteeProfile.Status.IN_PAIR)),
            without_pair=Count("id", filter=Q(status=MenteeProfile.Status.WITHOUT_PAIR)),
        )
    )
    return {"mentors": mentor_totals, "mentees": mentee_totals}


def base_profiles(organisation: Organisation, base: str) -> QuerySet[MentorProfile | MenteeProfile]:
    """The records of one base («mentor» or «mentee») as their pages show them; a view takes one of them
    with `get_object_or_404(base_profiles(organisation, base), pk=…)`."""
    if base == "mentor":
        return (
            organisation.mentor_profiles.select_related("person")
            .prefetch_related("competencies")
            .annotate(has_consent=_valid_consent(organisation), taken=_open_pairs_count("person"))
        )
    return (
        organisation.mentee_profiles.select_related("person", "preferred_form")
        .prefetch_related("request_tags")
        .annotate(has_consent=_valid_consent(organisation))
    )


def consents_of(organisation: Organisation, person: Person) -> QuerySet[Consent]:
    return organisation.consents.filter(person=person).select_related("recorded_by")


def pairs_of_person(organisation: Organisation, person: Person) -> QuerySet[Pair]:
    return (
        organisation.pairs.filter(Q(mentor=person) | Q(pair_mentees__mentee=person))
        .distinct()
        .select_related("mentor", "form")
        .prefetch_related("pair_mentees__mentee")
        .order_by("-created_at")
    )


def people_not_in_base(organisation: Organisation, base: str) -> QuerySet[Person]:
    """People of the organisation a curator may add to a base (not there yet)."""
    people = Person.objects.filter(memberships__organisation=organisation)
    if base == "mentor":
        people = people.exclude(mentor_profiles__organisation=organisation)
    else:
        people = people.exclude(mentee_profiles__organisation=organisation)
    return people.order_by("last_name", "first_name", "patronymic")


def partners_for(organisation: Organisation) -> QuerySet[Partner]:
    return organisation.partners.all()


def competencies() -> QuerySet[Competency]:
    return Competency.objects.order_by("order", "name")


@dataclass
class MatchingPool:
    mentors: list[Any] = field(default_factory=list)
    mentees: list[Any] = field(default_factory=list)
    preferences: dict[tuple[int, int], int] = field(default_factory=dict)
    competency_names: dict[int, str] = field(default_factory=dict)


def matching_pool(organisation: Organisation, *, across_municipality: bool = False) -> MatchingPool:
    """The mentors with free places and the mentees still without a pair, as plain data for matching."""
    from mentoring.programme import matching

    if across_municipality:
        mentor_profiles = MentorProfile.objects.filter(
            organisation__municipality_id=organisation.municipality_id
        )
    else:
        mentor_profiles = organisation.mentor_profiles.all()
    mentor_profiles = (
        mentor_profiles.filter(status__in=[MentorProfile.Status.READY, MentorProfile.Status.ACTIVE])
        .select_related("person")
        .prefetch_related("competencies")
        .annotate(has_consent=_valid_consent(organisation), taken=_open_pairs_count("person"))
        .order_by("person_id", "pk")
    )
    mentors, seen = [], set()
    for profile in mentor_profiles:
        if profile.person_id in seen:
            continue
        seen.add(profile.person_id)
        mentors.append(
            matching.MentorData(
                id=profile.person_id,
                name=profile.person.short_name,
                organisation_id=profile.organisation_id,
                free_places=max(profile.capacity - profile.taken, 0),
                kind=profile.person.kind,
                competencies=frozenset(c.pk for c in profile.competencies.all()),
                subjects=matching.normalise_subjects(profile.person.subjects),
                has_consent=profile.has_consent,
            )
        )
    busy = PairMentee.objects.filter(Pair.open_q("pair__"), pair__organisation=organisation).values(
        "mentee_id"
    )
    mentee_profiles = (
        organisation.mentee_profiles.filter(
            status__in=[MenteeProfile.Status.CANDIDATE, MenteeProfile.Status.WITHOUT_PAIR]
        )
        .exclude(person_id__in=busy)
        .select_related("person", "preferred_form")
        .prefetch_related("request_tags")
        .annotate(has_consent=_valid_consent(organisation))
        .order_by("person_id")
    )
    mentees = [
        matching.MenteeData(
            id=profile.person_id,
            name=profile.person.short_name,
            organisation_id=organisation.pk,
            kind=profile.person.kind,
            requests=frozenset(c.pk for c in profile.request_tags.all()),
            subjects=matching.normalise_subjects(profile.person.subjects),
            preferred_form=profile.preferred_form.code if profile.preferred_form else "",
            has_consent=profile.has_consent,
        )
        for profile in mentee_profiles
    ]
    ids = {m.id for m in mentors} | {m.id for m in mentees}
    preferences = {
        (chooser, chosen): rank
        for chooser, chosen, rank in Preference.objects.filter(
            chooser_id__in=ids, chosen_id__in=ids
        ).values_list("chooser_id", "chosen_id", "rank")
    }
    return MatchingPool(
        mentors=mentors,
        mentees=mentees,
        preferences=preferences,
        competency_names=dict(Competency.objects.values_list("pk", "name")),
    )


def latest_match_run(organisation: Organisation) -> MatchRun | None:
    return organisation.match_runs.select_related("created_by__person").first()


def open_suggestions(organisation: Organisation) -> QuerySet[MatchSuggestion]:
    return (
        organisation.match_suggestions.filter(status="open")
        .select_related("mentor")
        .prefetch_related(
            Prefetch(
                "items", queryset=SuggestedMentee.objects.select_related("mentee").order_by("-score", "id")
            )
        )
        .order_by("-score", "id")
    )


def preferences_for(organisation: Organisation) -> QuerySet[Preference]:
    return organisation.preferences.select_related("chooser", "chosen").order_by(
        "chooser__last_name", "chooser_id", "rank"
    )


def people_in_bases(organisation: Organisation) -> QuerySet[Person]:
    """Everyone in the organisation's mentor or mentee base: who may choose, and be chosen."""
    return Person.objects.filter(
        Q(pk__in=mentors_in_base(organisation).values("pk"))
        | Q(pk__in=mentees_in_base(organisation).values("pk"))
    )


def preference_choosers(organisation: Organisation) -> QuerySet[Any]:
    """The ids of the people who have recorded choices, alphabetically: the preferences page's pages."""
    return (
        organisation.preferences.values_list("chooser_id", flat=True)
        .order_by("chooser__last_name", "chooser__first_name", "chooser_id")
        .distinct()
    )


@dataclass
class ChooserPreferences:
    chooser: Person
    choices: list[Preference] = field(default_factory=list)


def preferences_of(organisation: Organisation, *, chooser_ids: list[int]) -> list[ChooserPreferences]:
    """The ranked choices of the given choosers, in the order of `chooser_ids`."""
    rows: dict[int, ChooserPreferences] = {}
    found = preferences_for(organisation).filter(chooser_id__in=chooser_ids)
    by_chooser: dict[int, list[Preference]] = {}
    for preference in found:
        by_chooser.setdefault(preference.chooser_id, []).append(preference)
    for chooser_id in chooser_ids:
        choices = by_chooser.get(chooser_id)
        if choices:
            rows[chooser_id] = ChooserPreferences(chooser=choices[0].chooser, choices=choices)
    return list(rows.values())


def mentees_without_pair(organisation: Organisation) -> QuerySet[MenteeProfile]:
    """The psychologist's list: mentees of the base the matching left without a pair."""
    return (
        organisation.mentee_profiles.filter(status=MenteeProfile.Status.WITHOUT_PAIR)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "person__support_notes",
                queryset=SupportNote.objects.filter(organisation=organisation).select_related(
                    "author__person"
                ),
                to_attr="notes_here",
            )
        )
        .order_by(*by_name())
    )


def _last_meeting() -> Subquery[Any]:
    return Subquery(
        Meeting.objects.filter(pair=OuterRef("pk"), date__lte=dates.today())
        .order_by("-date")
        .values("date")[:1]
    )


def _plan_items_count(**where: Any) -> Coalesce:
    """The pair's plan items (those matching `where`), as a subquery per pair: the join of the items with a
    GROUP BY over the pair, its mentor, form and approver took PostgreSQL longer to plan (10 ms) than to run
    for a page of 50 pairs."""
    return Coalesce(
        Subquery(
            PlanItem.objects.filter(plan__pair=OuterRef("pk"), **where)
            .order_by()
            .values("plan__pair")
            .annotate(total=Count("id"))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _pairs_with_mentee(person: Person) -> QuerySet[Any]:
    return PairMentee.objects.filter(mentee=person).values("pair_id")


@once_per_page
def own_pair_ids(organisation: Organisation, person: Person) -> frozenset[int]:
    """The pairs and groups of the organisation (any status) a person is in, as mentor or mentee: one cheap
    query the dashboard's panels share (common.memo), so that someone in no pair costs no more."""
    return frozenset(
        organisation.pairs.filter(Q(mentor=person) | Q(pk__in=_pairs_with_mentee(person))).values_list(
            "pk", flat=True
        )
    )


def _pair_mentees() -> Prefetch[Any, Any, Any]:
    return Prefetch(
        "pair_mentees", queryset=PairMentee.objects.select_related("mentee").order_by("mentee__last_name")
    )


PairsT = TypeVar("PairsT", bound=QuerySet[Pair])


def pairs_for(
    organisation: Organisation, *, status: str = "", search: str = "", person: Person | None = None
) -> PairQuerySet:
    """Pairs and groups with their people, form, plan progress and last meeting, in a fixed number of
    queries."""
    queryset = (
        organisation.pairs.select_related("mentor", "form", "approved_by__person")
        .prefetch_related(_pair_mentees())
        .annotate(
            items_total=_plan_items_count(),
            items_done=_plan_items_count(done=True),
            last_meeting=_last_meeting(),
        )
        .order_by("status", "mentor__last_name", "pk")
    )
    if status == "open":
        queryset = queryset.open()
    elif status:
        queryset = queryset.filter(status=status)
    if person is not None:
        # A subquery, not a join with DISTINCT: the DISTINCT over the grouped rows took PostgreSQL 3–8 ms to
        # plan (a dashboard's «Моя пара», even for someone in no pair).
        queryset = queryset.filter(Q(mentor=person) | Q(pk__in=_pairs_with_mentee(person)))
    return pairs_matching(queryset, search)


def pairs_matching(pairs: PairsT, search: str) -> PairsT:
    """The pairs whose mentor or a mentee has every word of `search` in their name, position or subjects."""
    for word in search.lower().split():
        matches = Person.objects.annotate(haystack=_person_haystack("")).filter(haystack__contains=word)
        pairs = pairs.filter(Q(mentor__in=matches) | Q(pair_mentees__mentee__in=matches)).distinct()
    return pairs


def pairs_visible_to(access: OrganisationAccess) -> QuerySet[Pair]:
    """The pairs the visitor may open: every one for those who see the bases, a teacher only their own
    (another's id is then a 404)."""
    if permissions.can_view_every_pair(access):
        return pairs_for(access.organisation)
    if access.person is None:
        return Pair.objects.none()
    return pairs_for(access.organisation, person=access.person)


def plan_items(pair: Pair) -> QuerySet[PlanItem]:
    return PlanItem.objects.filter(plan__pair=pair).select_related("updated_by__person")


def meetings_of(pair: Pair) -> QuerySet[Meeting]:
    return pair.meetings.prefetch_related("attendees").select_related("created_by__person")


def pairs_at_risk(organisation: Organisation, *, today: datetime.date | None = None) -> QuerySet[Pair]:
    """Working pairs with no meeting in the last MENTORING_AT_RISK_DAYS days (counted from the approval for a
    pair that has not met yet)."""
    today = today or dates.today(organisation)
    threshold = today - datetime.timedelta(days=at_risk_days())
    recent = Meeting.objects.filter(pair=OuterRef("pk"), date__gt=threshold, date__lte=today)
    # The mentor, the mentees and the last meeting are what the lists of these pairs show; not `pairs_for`
    # with its plan progress, whose GROUP BY over the joined rows took PostgreSQL ten times as long to plan
    # (5–10 ms at 250 pairs) as this query takes to plan and run.
    return (
        organisation.pairs.working()
        .select_related("mentor")
        .prefetch_related(_pair_mentees())
        .annotate(last_meeting=_last_meeting())
        .filter(~Exists(recent))
        .filter(
            Q(approved_at__isnull=True) | Q(approved_at__date__lte=threshold) | Q(last_meeting__isnull=False)
        )
        .order_by("status", "mentor__last_name", "pk")
    )


def pairs_summary(organisation: Organisation) -> dict[str, Any]:
    return dict(
        organisation.pairs.values_list("status").annotate(total=Count("id")).values_list("status", "total")
    )


def plans_progress(organisation: Organisation) -> dict[str, Any]:
    """How many working or completed pairs' plans are done at least to the target (90 %)."""
    rows = (
        organisation.pairs.established()
        .filter(plan__isnull=False)
        .annotate(
            total=Count("plan__items"),
            done=Count("plan__items", filter=Q(plan__items__done=True)),
        )
        .values_list("total", "done")
    )
    plans = [(total, done) for total, done in rows if total]
    reached = sum(1 for total, done in plans if done * 100 >= 90 * total)
    return {"plans": len(plans), "reached": reached}


def _consent_in_own_organisation() -> Subquery[Any]:
    return Subquery(
        Consent.objects.filter(
            person=OuterRef("person"), organisation=OuterRef("organisation"), withdrawn_on__isnull=True
        )
        .order_by("-given_on")
        .values("given_on")[:1]
    )


def admin_mentor_profiles(queryset: QuerySet[MentorProfile]) -> QuerySet[MentorProfile]:
    return (
        queryset.select_related("person", "organisation")
        .prefetch_related("competencies")
        .annotate(consent_on=_consent_in_own_organisation(), taken=_open_pairs_count("person"))
    )


def admin_mentee_profiles(queryset: QuerySet[MenteeProfile]) -> QuerySet[MenteeProfile]:
    return (
        queryset.select_related("person", "organisation", "preferred_form")
        .prefetch_related("request_tags")
        .annotate(consent_on=_consent_in_own_organisation())
    )


def admin_pairs(queryset: QuerySet[Pair]) -> QuerySet[Pair]:
    return (
        queryset.select_related("mentor", "form")
        .prefetch_related(Prefetch("pair_mentees", queryset=PairMentee.objects.select_related("mentee")))
        .annotate(
            items_total=_plan_items_count(),
            items_done=_plan_items_count(done=True),
            last_meeting=_last_meeting(),
        )
    )


def pairs_awaiting_new_order(organisation: Organisation) -> QuerySet[Pair]:
    """Working pairs changed after their pairs order: a new pairs order may include them again."""
    ids = PairChange.objects.filter(
        organisation=organisation, needs_order=True, settled_at__isnull=True
    ).values("pair_id")
    return organisation.pairs.filter(Pair.working_q(), pk__in=ids)


def pair_change_awaiting_order(pair: Pair) -> PairChange | None:
    """The latest change of this pair still waiting for a new order, if any."""
    return (
        pair.changes.filter(needs_order=True, settled_at__isnull=True).order_by("-created_at", "-id").first()
    )


def pair_changes_of(pair: Pair) -> QuerySet[PairChange]:
    return pair.changes.select_related("changed_by__person").order_by("-created_at", "-id")


def plan_amendments_of(plan: Plan) -> QuerySet[PlanAmendment]:
    return plan.amendments.select_related("proposed_by__person", "decided_by__person", "item").order_by(
        "-created_at", "-id"
    )


def pending_plan_amendments(organisation: Organisation) -> QuerySet[PlanAmendment]:
    """The amendments waiting for the director, oldest first, with their pair's people for a list."""
    return (
        PlanAmendment.objects.filter(
            plan__pair__organisation=organisation, status=PlanAmendment.Status.PENDING
        )
        .select_related("plan__pair__mentor", "proposed_by__person", "item")
        .prefetch_related("plan__pair__pair_mentees__mentee")
        .order_by("created_at", "id")
    )
