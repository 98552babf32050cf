"""The matching: pure functions over plain data, then the service that stores suggestions."""

import random
import time

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from scipy.optimize import linear_sum_assignment

from mentoring.models import MatchSuggestion, MenteeProfile, Preference
from mentoring.programme import matching, services
from mentoring.programme.matching import MenteeData, MentorData
from tests.mentoring.conftest import add_mentee, add_mentor


def mentor(id, *, places=1, org=1, **kwargs):
    return MentorData(id=id, name=f"Н{id}", organisation_id=org, free_places=places, **kwargs)


def mentee(id, *, org=1, **kwargs):
    return MenteeData(id=id, name=f"П{id}", organisation_id=org, **kwargs)


def assignment(result):
    return {cell.mentee_id: group.mentor_id for group in result.groups for cell in group.cells}


class TestMatchFunction:
    def test_capacities_are_respected(self):
        mentors = [mentor(1, places=2), mentor(2, places=1)]
        mentees = [mentee(10 + n) for n in range(5)]
        result = matching.match(mentors, mentees)
        counts = {}
        for mentor_id in assignment(result).values():
            counts[mentor_id] = counts.get(mentor_id, 0) + 1
        assert counts == {1: 2, 2: 1}
        assert len(result.unmatched) == 2
        assert all("мест" in result.why_unmatched[m] for m in result.unmatched)

    def test_mutual_preferences_are_honoured_first(self):
        # Mentor 1 shares three competencies with mentee 11, but mentee 10 and mentor 1 chose each other.
        mentors = [mentor(1, competencies=frozenset({1, 2, 3})), mentor(2)]
        mentees = [mentee(10), mentee(11, requests=frozenset({1, 2, 3}))]
        preferences = {(10, 1): 1, (1, 10): 1}
        result = matching.match(mentors, mentees, preferences)
        assert assignment(result) == {10: 1, 11: 2}
        cell = next(c for g in result.groups for c in g.cells if c.mentee_id == 10)
        assert cell.mutual and "взаимный выбор в анкете нетворкинга" in cell.reasons

    def test_shared_competencies_and_subject_win_and_are_explained(self):
        mentors = [
            mentor(1, competencies=frozenset({5}), subjects=frozenset({"математика"})),
            mentor(2, competencies=frozenset({7})),
        ]
        mentees = [mentee(10, requests=frozenset({5}), subjects=frozenset({"математика"}))]
        result = matching.match(mentors, mentees, competency_names={5: "Дисциплина на уроке"})
        assert assignment(result) == {10: 1}
        reasons = result.groups[0].cells[0].reasons
        assert "совпадают компетенции и запросы: Дисциплина на уроке" in reasons
        assert "один предмет: математика" in reasons

    def test_hard_rules_forbid_cells(self):
        mentors = [
            mentor(1),  # the mentee themself
            mentor(2, has_consent=False),
            mentor(3, org=2),
            mentor(4, archived=True),
            mentor(5, kind="student"),
        ]
        result = matching.match(mentors, [mentee(1)])
        assert assignment(result) == {}
        assert result.unmatched == [1]
        result = matching.match([mentor(3, org=2)], [mentee(1)], across_organisations=True)
        assert assignment(result) == {1: 3}
        no_consent = matching.match([mentor(2)], [mentee(1, has_consent=False)])
        assert no_consent.unmatched == [1]
        assert "согласия" in no_consent.why_unmatched[1]

    def test_form_decides_who_may_mentor(self):
        mentors = [mentor(1, kind="staff"), mentor(2, kind="student")]
        result = matching.match(mentors, [mentee(10, kind="student", preferred_form="student-student")])
        assert assignment(result) == {10: 2}
        result = matching.match(mentors, [mentee(10, kind="student", preferred_form="teacher-student")])
        assert assignment(result) == {10: 1}

    def test_same_input_gives_the_same_result(self):
        rng = random.Random(7)
        mentors = [
            mentor(i, places=rng.randint(1, 3), competencies=frozenset(rng.sample(range(20), 3)))
            for i in range(1, 40)
        ]
        mentees = [mentee(100 + i, requests=frozenset(rng.sample(range(20), 2))) for i in range(80)]
        first = matching.match(mentors, mentees)
        second = matching.match(list(reversed(mentors)), list(reversed(mentees)))
        assert assignment(first) == assignment(second)
        assert first.unmatched == second.unmatched

    def test_pairs_before_groups_when_scores_are_equal(self):
        result = matching.match([mentor(1, places=2), mentor(2, places=2)], [mentee(10), mentee(11)])
        assert sorted(assignment(result).values()) == [1, 2]


@pytest.mark.benchmark
def test_benchmark_300_mentees_by_200_mentors():
    rng = random.Random(2025)
    subjects = ["математика", "физика", "русский язык", "история", "биология", "информатика"]
    mentors = [
        mentor(
            i,
            places=rng.randint(1, 3),
            competencies=frozenset(rng.sample(range(25), 4)),
            subjects=frozenset({rng.choice(subjects)}),
        )
        for i in range(1, 201)
    ]
    mentees = [
        mentee(
            1000 + i, requests=frozenset(rng.sample(range(25), 2)), subjects=frozenset({rng.choice(subjects)})
        )
        for i in range(300)
    ]
    preferences = {(1000 + i, rng.randint(1, 200)): 1 for i in range(150)}
    preferences.update({(rng.randint(1, 200), 1000 + i): 1 for i in range(150)})
    started = time.perf_counter()
    result = matching.match(mentors, mentees, preferences)
    elapsed = time.perf_counter() - started
    print(
        f"\nmatching 300 mentees x 200 mentors: {elapsed * 1000:.0f} ms, "
        f"{sum(len(g.cells) for g in result.groups)} placed"
    )
    assert len(result.unmatched) + sum(len(g.cells) for g in result.groups) == 300


@pytest.mark.django_db
class TestMatchingService:
    def test_run_stores_suggestions_and_marks_those_left(self, organisation, personas):
        petrova = add_mentor(organisation, capacity=1, competencies=["Дисциплина на уроке"])
        wanted = add_mentee(organisation, requests=["Дисциплина на уроке"])
        left = add_mentee(organisation)
        no_consent = add_mentee(organisation, consent=False)
        run = services.matching_run(organisation=organisation, actor=personas["curator"].user)
        suggestion = MatchSuggestion.objects.get(run=run)
        assert suggestion.mentor == petrova
        assert [item.mentee for item in suggestion.items.all()] == [wanted]
        assert run.unmatched_count == 2
        statuses = dict(MenteeProfile.objects.values_list("person_id", "status"))
        assert statuses[left.pk] == statuses[no_consent.pk] == MenteeProfile.Status.WITHOUT_PAIR
        assert statuses[wanted.pk] == MenteeProfile.Status.CANDIDATE

    def test_accept_makes_a_proposed_pair_and_a_second_accept_is_refused(self, organisation, personas):
        petrova = add_mentor(organisation, capacity=2)
        first, second = add_mentee(organisation), add_mentee(organisation)
        services.preferences_replace(
            organisation=organisation, chooser=first, chosen=[petrova], source=Preference.Source.SURVEY
        )
        run = services.matching_run(organisation=organisation, actor=None)
        suggestion = run.suggestions.get()
        pair = services.suggestion_accept(
            organisation=organisation, suggestion_id=suggestion.pk, actor=None, mentee_ids=[first.pk]
        )
        assert pair.status == "proposed" and list(pair.mentees.all()) == [first]
        with pytest.raises(ValidationError):
            services.suggestion_accept(organisation=organisation, suggestion_id=suggestion.pk, actor=None)
        # The mentee dropped from the suggestion is matched again next time.
        run = services.matching_run(organisation=organisation, actor=None)
        assert [item.mentee for item in run.suggestions.get().items.all()] == [second]

    def test_a_mentee_dropped_in_edit_and_accept_returns_to_without_pair(self, organisation, personas):
        from mentoring.models import AuditEntry
        from mentoring.programme import selectors

        petrova = add_mentor(organisation, capacity=2)
        kept, dropped = add_mentee(organisation), add_mentee(organisation)
        services.matching_run(organisation=organisation, actor=None)
        suggestion = MatchSuggestion.objects.get(organisation=organisation, mentor=petrova)
        assert not selectors.mentees_without_pair(organisation).exists()
        services.suggestion_accept(
            organisation=organisation,
            suggestion_id=suggestion.pk,
            actor=personas["curator"].user,
            mentee_ids=[kept.pk],
        )
        # Visible in «Остались без пары» and so to the psychologist, with an audit entry.
        assert [profile.person for profile in selectors.mentees_without_pair(organisation)] == [dropped]
        entry = AuditEntry.objects.get(action="suggestion.mentee_dropped")
        assert entry.target_id == dropped.pk and entry.organisation == organisation

    def test_mentees_of_a_rejected_suggestion_return_to_without_pair(self, organisation, personas):
        from mentoring.programme import selectors

        add_mentor(organisation, capacity=2)
        first, second = add_mentee(organisation), add_mentee(organisation)
        run = services.matching_run(organisation=organisation, actor=None)
        services.suggestion_reject(
            organisation=organisation, suggestion_id=run.suggestions.get().pk, actor=None
        )
        assert {profile.person for profile in selectors.mentees_without_pair(organisation)} == {first, second}

    def test_suggestion_of_another_organisation_is_not_found(
        self, organisation, neighbour_organisation, personas
    ):
        add_mentor(organisation)
        add_mentee(organisation)
        run = services.matching_run(organisation=organisation, actor=None)
        with pytest.raises(ValidationError):
            services.suggestion_accept(
                organisation=neighbour_organisation, suggestion_id=run.suggestions.get().pk, actor=None
            )


@pytest.mark.django_db
def test_coordinator_matches_across_the_municipality(
    organisation, neighbour_organisation, foreign_organisation
):
    neighbour_mentor = add_mentor(neighbour_organisation, competencies=["Инклюзивное образование"])
    add_mentor(foreign_organisation)  # another municipality: never offered
    mentee = add_mentee(organisation, requests=["Инклюзивное образование"])
    assert not services.matching_run(organisation=organisation, actor=None).suggestions.exists()
    run = services.matching_run(organisation=organisation, actor=None, across_municipality=True)
    suggestion = run.suggestions.get()
    assert suggestion.mentor == neighbour_mentor
    pair = services.suggestion_accept(organisation=organisation, suggestion_id=suggestion.pk, actor=None)
    assert pair.organisation == organisation and list(pair.mentees.all()) == [mentee]


def random_pool(rng, *, mentors_count, mentees_count, organisations=2):
    """A pool exercising every rule: kinds, forms, consents, archive, organisations, ranks, shared ids."""
    subjects = ["математика", "физика", "русский язык", "история", "биология", "информатика"]
    forms = ["", "", *matching.FORM_KINDS]
    mentors = [
        mentor(
            i,
            places=rng.randint(1, 4),
            org=rng.randint(1, organisations),
            kind=rng.choice([matching.STAFF, matching.STAFF, matching.STUDENT]),
            competencies=frozenset(rng.sample(range(25), rng.randint(0, 4))),
            subjects=frozenset(rng.sample(subjects, rng.randint(0, 2))),
            has_consent=rng.random() > 0.05,
            archived=rng.random() < 0.05,
        )
        for i in range(1, mentors_count + 1)
    ]
    # Some mentees are also mentors (the same person id), to exercise self-pairing and two-way ranks.
    mentees = [
        mentee(
            i if i <= 20 else 10_000 + i,
            org=rng.randint(1, organisations),
            kind=rng.choice([matching.STAFF, matching.STUDENT]),
            requests=frozenset(rng.sample(range(25), rng.randint(0, 3))),
            subjects=frozenset(rng.sample(subjects, rng.randint(0, 2))),
            preferred_form=rng.choice(forms),
            has_consent=rng.random() > 0.05,
        )
        for i in range(1, mentees_count + 1)
    ]
    preferences = {}
    for item in rng.sample(mentees, len(mentees) // 2):
        for rank in range(1, rng.randint(1, 7)):
            preferences[(item.id, rng.choice(mentors).id)] = rank
    for item in rng.sample(mentors, len(mentors) // 2):
        for rank in range(1, rng.randint(1, 7)):
            preferences[(item.id, rng.choice(mentees).id)] = rank
    for item in rng.sample(mentees, len(mentees) // 10):  # mutual choices
        chosen = rng.choice(mentors)
        preferences[(item.id, chosen.id)] = 1
        preferences[(chosen.id, item.id)] = rng.randint(1, 3)
    return mentors, mentees, preferences


@pytest.mark.parametrize("across", [False, True])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_score_matrix_equals_the_per_cell_scores(seed, across):
    mentors, mentees, preferences = random_pool(random.Random(seed), mentors_count=60, mentees_count=120)
    base, mutual = matching.score_matrix(mentors, mentees, preferences, across_organisations=across)
    assert base.shape == (120, 60)
    forbidden_cells = 0
    for row, item in enumerate(mentees):
        for column, candidate in enumerate(mentors):
            if matching.forbidden_reason(candidate, item, across_organisations=across) is not None:
                forbidden_cells += 1
                assert base[row, column] == matching.FORBIDDEN, (item, candidate)
                assert not mutual[row, column]
            else:
                score, is_mutual = matching.cell_score(candidate, item, preferences)
                assert base[row, column] == score, (item, candidate)
                assert bool(mutual[row, column]) == is_mutual
    assert 0 < forbidden_cells < base.size
    assert mutual.any()


def per_cell_objective(mentors, mentees, preferences, result):
    """The total score of a result by the per-cell rules (the extra-slot penalty left out)."""
    by_id = {m.id: m for m in mentors}
    mentee_by_id = {m.id: m for m in mentees}
    total = 0.0
    for group in result.groups:
        for cell in group.cells:
            candidate, item = by_id[group.mentor_id], mentee_by_id[cell.mentee_id]
            assert matching.forbidden_reason(candidate, item, across_organisations=False) is None
            score, is_mutual = matching.cell_score(candidate, item, preferences)
            assert cell.score == round(score, 1) and cell.mutual == is_mutual
            assert cell.reasons == matching.explain(candidate, item, preferences, {})
            total += score
    return total


def test_the_result_is_the_solvers_optimum_with_the_reasons_in_words():
    mentors, mentees, preferences = random_pool(random.Random(11), mentors_count=40, mentees_count=90)
    result = matching.match(mentors, mentees, preferences)
    placed = per_cell_objective(mentors, mentees, preferences, result)
    # The optimum by the per-cell rules over the expanded slots, solved independently (as before NumPy, a
    # forbidden cell carries its slot's penalty too).
    free = sorted((m for m in mentors if m.free_places > 0), key=lambda m: m.id)
    ordered = sorted(mentees, key=lambda m: m.id)
    slots = [(m, place) for m in free for place in range(m.free_places)]
    matrix = [
        [
            (
                matching.cell_score(m, item, preferences)[0]
                if matching.forbidden_reason(m, item, across_organisations=False) is None
                else matching.FORBIDDEN
            )
            - matching.EXTRA_SLOT_PENALTY * place
            for m, place in slots
        ]
        for item in ordered
    ]
    rows, columns = linear_sum_assignment(matrix, maximize=True)
    chosen = [(r, c) for r, c in zip(rows, columns, strict=True) if matrix[r][c] > matching.FORBIDDEN / 2]
    assert assignment(result) == {ordered[r].id: slots[c][0].id for r, c in chosen}
    assert placed == sum(matrix[r][c] + matching.EXTRA_SLOT_PENALTY * slots[c][1] for r, c in chosen)
    assert len(result.unmatched) + sum(len(g.cells) for g in result.groups) == len(mentees)


@pytest.mark.benchmark
def test_benchmark_1000_mentees_by_400_mentors(capsys):
    mentors, mentees, preferences = random_pool(random.Random(2026), mentors_count=400, mentees_count=1000)
    matching.match(mentors[:10], mentees[:10], preferences)  # warm up imports
    started = time.process_time()
    result = matching.match(mentors, mentees, preferences)
    elapsed = time.process_time() - started
    # The anchor: SciPy's solver alone on the same expanded matrix, in the same run (CPU time).
    free = sorted((m for m in mentors if m.free_places > 0), key=lambda m: m.id)
    base, _mutual = matching.score_matrix(
        free, sorted(mentees, key=lambda m: m.id), preferences, across_organisations=False
    )
    slot_mentor = [index for index, m in enumerate(free) for _place in range(m.free_places)]
    slot_place = [place for m in free for place in range(m.free_places)]
    matrix = base[:, slot_mentor] - matching.EXTRA_SLOT_PENALTY * np.array(slot_place)
    started = time.process_time()
    linear_sum_assignment(matrix, maximize=True)
    solver = time.process_time() - started
    with capsys.disabled():
        print(
            f"\n[benchmark] matching 1000 mentees x 400 mentors: {elapsed * 1000:.0f} ms CPU end to end, "
            f"{elapsed / solver:.1f}x the solver alone ({solver * 1000:.0f} ms CPU); "
            f"{sum(len(g.cells) for g in result.groups)} placed"
        )
    assert len(result.unmatched) + sum(len(g.cells) for g in result.groups) == 1000


@pytest.mark.django_db
class TestForAll:
    def test_accept_all_makes_every_suggestion_a_pair_and_a_second_click_changes_nothing(
        self, organisation, personas
    ):
        from mentoring.models import AuditEntry, Pair

        for _ in range(2):
            add_mentor(organisation)
            add_mentee(organisation)
        run = services.matching_run(organisation=organisation, actor=None)
        assert run.suggestions.count() == 2
        outcome = services.suggestions_accept_all(organisation=organisation, run_id=run.pk, actor=None)
        assert outcome.done == 2 and outcome.refused == []
        assert Pair.objects.filter(organisation=organisation, status="proposed").count() == 2
        entries = AuditEntry.objects.count()
        again = services.suggestions_accept_all(organisation=organisation, run_id=run.pk, actor=None)
        assert again.done == 0 and again.refused == []
        assert Pair.objects.filter(organisation=organisation).count() == 2
        assert AuditEntry.objects.count() == entries

    def test_accept_all_refuses_another_organisations_run(self, organisation, neighbour_organisation):
        add_mentor(neighbour_organisation)
        add_mentee(neighbour_organisation)
        run = services.matching_run(organisation=neighbour_organisation, actor=None)
        with pytest.raises(ValidationError):
            services.suggestions_accept_all(organisation=organisation, run_id=run.pk, actor=None)

    def test_plans_for_all_pairs_from_the_template_and_a_second_click_changes_nothing(self, organisation):
        from mentoring.models import Plan, PlanTemplate
        from tests.mentoring.conftest import proposed_pair

        first = proposed_pair(organisation, add_mentor(organisation), [add_mentee(organisation)])
        second = proposed_pair(organisation, add_mentor(organisation), [add_mentee(organisation)])
        services.plan_create(pair=second, actor=None)  # already has an (empty) plan: left alone
        outcome = services.plans_create_for_all(organisation=organisation, actor=None)
        assert outcome.done == 1 and outcome.refused == []
        plan = Plan.objects.get(pair=first)
        template = PlanTemplate.objects.filter(form=first.form, is_active=True).order_by("name").first()
        assert plan.template == template and plan.items.count() == template.items.count() > 0
        assert not Plan.objects.get(pair=second).items.exists()
        again = services.plans_create_for_all(organisation=organisation, actor=None)
        assert again.done == 0 and again.refused == []
        assert Plan.objects.filter(pair__organisation=organisation).count() == 2
