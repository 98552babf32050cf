"""Matching mentors and mentees: pure functions over plain data, no database.

Every mentor–mentee cell gets a score made of what the curator can see and check: shared competencies and
requests, the same subject, the choices stated in the networking questionnaire (a mutual choice outweighs
everything else, so it is honoured first), and the mentor's free capacity. The hard rules (no
self-pairing, consent on both sides, one organisation unless matching across the municipality, archived
mentors out, the form of mentoring fits who mentors whom) make a cell forbidden.

`score_matrix` builds every cell's score at once with NumPy (sets as bit masks, AND and a bit count;
choices added on their cells only); `forbidden_reason` and `cell_score` say the same for one cell and a test
pins that the two agree. The whole pool is optimised at once with SciPy's assignment solver: each mentor
is expanded into as many slots as they have free places, and the solver picks the slots that give the
largest total score. The result depends only on the input (rows and slots are sorted by id), so the same
pool gives the same suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

STAFF = "staff"
STUDENT = "student"

# Who mentors whom in each official form: (mentor kind, mentee kind).
FORM_KINDS: dict[str, tuple[str, str]] = {
    "teacher-teacher": (STAFF, STAFF),
    "head-teacher": (STAFF, STAFF),
    "student-student": (STUDENT, STUDENT),
    "teacher-student": (STAFF, STUDENT),
}

SHARED_COMPETENCY = 10.0
SAME_SUBJECT = 8.0
CHOICE_FIRST = 12.0  # the first place of a questionnaire choice; each further place is worth 2 less
CHOICE_STEP = 2.0
CHOICE_MIN = 4.0
MUTUAL_BONUS = 100.0
FREE_PLACE = 1.0  # per free place of the mentor, up to three
EXTRA_SLOT_PENALTY = 0.5  # a mentor's second, third... mentee: with equal scores, pairs before groups
FORBIDDEN = -1e9


@dataclass(frozen=True)
class MentorData:
    id: int
    name: str
    organisation_id: int
    free_places: int
    kind: str = STAFF
    competencies: frozenset[int] = frozenset()
    subjects: frozenset[str] = frozenset()
    has_consent: bool = True
    archived: bool = False


@dataclass(frozen=True)
class MenteeData:
    id: int
    name: str
    organisation_id: int
    kind: str = STAFF
    requests: frozenset[int] = frozenset()
    subjects: frozenset[str] = frozenset()
    preferred_form: str = ""
    has_consent: bool = True


@dataclass(frozen=True)
class Cell:
    mentee_id: int
    score: float
    reasons: tuple[str, ...]
    mutual: bool = False


@dataclass
class Group:
    mentor_id: int
    cells: list[Cell] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(cell.score for cell in self.cells)


@dataclass
class MatchResult:
    groups: list[Group]
    unmatched: list[int]
    # mentee id → why nobody could be suggested (only for mentees with no allowed mentor at all)
    why_unmatched: dict[int, str] = field(default_factory=dict)


def normalise_subjects(text: str) -> frozenset[str]:
    return frozenset(item.strip().lower() for item in text.replace(";", ",").split(",") if item.strip())


def forbidden_reason(mentor: MentorData, mentee: MenteeData, *, across_organisations: bool) -> str | None:
    """Why this mentor may not take this mentee, or None if they may."""
    if mentor.id == mentee.id:
        return "нельзя быть наставником самому себе"
    if mentor.archived:
        return "наставник в архиве"
    if not mentor.has_consent:
        return "нет согласия наставника на обработку персональных данных"
    if not mentee.has_consent:
        return "нет согласия на обработку персональных данных"
    if not across_organisations and mentor.organisation_id != mentee.organisation_id:
        return "наставник из другой организации"
    kinds = FORM_KINDS.get(mentee.preferred_form)
    if kinds is not None:
        if (mentor.kind, mentee.kind) != kinds:
            return "форма наставничества не подходит"
    elif mentee.kind == STAFF and mentor.kind == STUDENT:
        return "обучающийся не может быть наставником педагога"
    return None


def _choice_points(rank: int) -> float:
    return max(CHOICE_FIRST - CHOICE_STEP * (rank - 1), CHOICE_MIN)


def cell_score(
    mentor: MentorData, mentee: MenteeData, preferences: Mapping[tuple[int, int], int]
) -> tuple[float, bool]:
    """The score of an allowed cell and whether the choice is mutual (no reasons: that is the fast path)."""
    score = SHARED_COMPETENCY * len(mentor.competencies & mentee.requests)
    if mentor.subjects & mentee.subjects:
        score += SAME_SUBJECT
    mentee_rank = preferences.get((mentee.id, mentor.id))
    mentor_rank = preferences.get((mentor.id, mentee.id))
    if mentee_rank:
        score += _choice_points(mentee_rank)
    if mentor_rank:
        score += _choice_points(mentor_rank)
    mutual = bool(mentee_rank and mentor_rank)
    if mutual:
        score += MUTUAL_BONUS
    score += FREE_PLACE * min(mentor.free_places, 3)
    return score, mutual


def _bitmasks(items: Sequence[frozenset], vocabulary: Mapping[object, int], words: int) -> np.ndarray:
    """Each set as a row of 64-bit words with bit i set for the element numbered i in the vocabulary."""
    masks = np.zeros((len(items), words), dtype=np.uint64)
    for row, elements in enumerate(items):
        mask = 0
        for element in elements:
            mask |= 1 << vocabulary[element]
        for word in range(words):
            masks[row, word] = (mask >> (64 * word)) & 0xFFFF_FFFF_FFFF_FFFF
    return masks


def _overlaps(left: Sequence[frozenset], right: Sequence[frozenset]) -> np.ndarray:
    """|left[i] & right[j]| for every i, j: a bitwise AND and a bit count over whole arrays."""
    vocabulary = {element: index for index, element in enumerate(set().union(*left, *right))}
    words = max(1, -(-len(vocabulary) // 64))
    left_masks, right_masks = _bitmasks(left, vocabulary, words), _bitmasks(right, vocabulary, words)
    counts = np.zeros((len(left), len(right)), dtype=np.uint8 if words < 4 else np.uint16)
    for word in range(words):
        counts += np.bitwise_count(left_masks[:, word, None] & right_masks[None, :, word])
    return counts


def score_matrix(
    mentors: Sequence[MentorData],
    mentees: Sequence[MenteeData],
    preferences: Mapping[tuple[int, int], int],
    *,
    across_organisations: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Every mentee (row) × mentor (column) cell's score, FORBIDDEN where a hard rule forbids it, and whether
    the choice is mutual: `forbidden_reason` and `cell_score` over whole arrays instead of cell by cell."""
    shape = (len(mentees), len(mentors))
    if not mentors or not mentees:
        return np.full(shape, FORBIDDEN), np.zeros(shape, dtype=bool)

    # The hard rules of forbidden_reason.
    allowed = np.array([m.id for m in mentees])[:, None] != np.array([m.id for m in mentors])[None, :]
    allowed &= np.array([m.has_consent and not m.archived for m in mentors])[None, :]
    allowed &= np.array([m.has_consent for m in mentees])[:, None]
    if not across_organisations:
        allowed &= (
            np.array([m.organisation_id for m in mentees])[:, None]
            == np.array([m.organisation_id for m in mentors])[None, :]
        )
    mentor_kinds = np.array([m.kind for m in mentors], dtype=object)
    mentee_rows: dict[tuple[str, str], list[int]] = {}
    for row, mentee in enumerate(mentees):
        mentee_rows.setdefault((mentee.preferred_form, mentee.kind), []).append(row)
    for (form, kind), rows in mentee_rows.items():
        kinds = FORM_KINDS.get(form)
        if kinds is not None:
            fits = (mentor_kinds == kinds[0]) & (kind == kinds[1])
        elif kind == STAFF:
            fits = mentor_kinds != STUDENT
        else:
            continue
        allowed[rows] &= fits[None, :]

    # The points of cell_score.
    scores = SHARED_COMPETENCY * _overlaps([m.requests for m in mentees], [m.competencies for m in mentors])
    scores += np.where(
        _overlaps([m.subjects for m in mentees], [m.subjects for m in mentors]) > 0, SAME_SUBJECT, 0.0
    )
    # The choices are few: their points are computed on the chosen cells only, then added in place.
    row_of = {mentee.id: row for row, mentee in enumerate(mentees)}
    column_of = {mentor.id: column for column, mentor in enumerate(mentors)}
    chosen_by_mentee: list[tuple[int, int, int]] = []  # (row, column, rank): the mentee ranked the mentor
    chosen_by_mentor: list[tuple[int, int, int]] = []  # the mentor ranked the mentee
    for (chooser, chosen), rank in preferences.items():
        if not rank:
            continue
        if chooser in row_of and chosen in column_of:
            chosen_by_mentee.append((row_of[chooser], column_of[chosen], rank))
        if chooser in column_of and chosen in row_of:
            chosen_by_mentor.append((row_of[chosen], column_of[chooser], rank))
    mutual = np.zeros(shape, dtype=bool)
    by_mentee = np.zeros(shape, dtype=bool)
    for choices in (chosen_by_mentee, chosen_by_mentor):
        if choices:
            rows, columns, ranks = np.array(choices, dtype=np.float64).T
            rows, columns = rows.astype(np.intp), columns.astype(np.intp)
            scores[rows, columns] += np.maximum(CHOICE_FIRST - CHOICE_STEP * (ranks - 1), CHOICE_MIN)
            if choices is chosen_by_mentee:
                by_mentee[rows, columns] = True
            else:
                mutual[rows, columns] = by_mentee[rows, columns]
    scores[mutual] += MUTUAL_BONUS
    scores += FREE_PLACE * np.minimum(np.array([m.free_places for m in mentors]), 3)[None, :]
    return np.where(allowed, scores, FORBIDDEN), mutual & allowed


def explain(
    mentor: MentorData,
    mentee: MenteeData,
    preferences: Mapping[tuple[int, int], int],
    competency_names: Mapping[int, str],
) -> tuple[str, ...]:
    """The score of a cell in words, for the curator."""
    reasons = []
    mentee_rank = preferences.get((mentee.id, mentor.id))
    mentor_rank = preferences.get((mentor.id, mentee.id))
    if mentee_rank and mentor_rank:
        reasons.append("взаимный выбор в анкете нетворкинга")
    elif mentee_rank:
        reasons.append(f"наставляемый выбрал этого наставника ({mentee_rank}-е место в анкете)")
    elif mentor_rank:
        reasons.append(f"наставник выбрал этого наставляемого ({mentor_rank}-е место в анкете)")
    shared = sorted(competency_names.get(item, str(item)) for item in mentor.competencies & mentee.requests)
    if shared:
        reasons.append("совпадают компетенции и запросы: " + ", ".join(shared))
    same = sorted(mentor.subjects & mentee.subjects)
    if same:
        reasons.append("один предмет: " + ", ".join(same))
    reasons.append(f"свободных мест у наставника: {mentor.free_places}")
    if not shared and not same and not (mentee_rank or mentor_rank):
        reasons.append("совпадений по запросам нет, подобран по свободному месту")
    return tuple(reasons)


def match(
    mentors: Iterable[MentorData],
    mentees: Iterable[MenteeData],
    preferences: Mapping[tuple[int, int], int] | None = None,
    *,
    competency_names: Mapping[int, str] | None = None,
    across_organisations: bool = False,
) -> MatchResult:
    """Assign mentees to mentors' free places so that the total score is the largest.

    `preferences` maps (chooser id, chosen id) to the rank of the choice (1 is most wanted)."""
    preferences = preferences or {}
    competency_names = competency_names or {}
    mentors = sorted((m for m in mentors if m.free_places > 0), key=lambda m: m.id)
    mentees = sorted(mentees, key=lambda m: m.id)
    slots = [(index, place) for index, mentor in enumerate(mentors) for place in range(mentor.free_places)]
    if not mentees:
        return MatchResult(groups=[], unmatched=[])

    base, mutual = score_matrix(mentors, mentees, preferences, across_organisations=across_organisations)
    why_unmatched: dict[int, str] = {}
    if not mentors:
        why_unmatched = {mentee.id: "в базе нет наставников со свободными местами" for mentee in mentees}
    else:
        for row in np.flatnonzero((base == FORBIDDEN).all(axis=1)).tolist():
            mentee = mentees[row]
            if mentee.has_consent:
                why_unmatched[mentee.id] = "нет подходящего наставника"
            else:  # every cell is forbidden: the reason given is the first mentor's, as the curator reads it
                reason = forbidden_reason(mentors[0], mentee, across_organisations=across_organisations)
                why_unmatched[mentee.id] = reason or "нет подходящего наставника"

    groups: dict[int, Group] = {}
    matched: set[int] = set()
    if slots:
        mentor_of_slot = np.array([index for index, _place in slots])
        penalty = np.array([EXTRA_SLOT_PENALTY * place for _index, place in slots])
        scores = base[:, mentor_of_slot] - penalty
        rows, columns = linear_sum_assignment(scores, maximize=True)
        for row, column in sorted(zip(rows.tolist(), columns.tolist(), strict=True)):
            mentor_index = int(mentor_of_slot[column])
            if base[row, mentor_index] <= FORBIDDEN / 2:
                continue
            mentor, mentee = mentors[mentor_index], mentees[row]
            group = groups.setdefault(mentor.id, Group(mentor_id=mentor.id))
            group.cells.append(
                Cell(
                    mentee_id=mentee.id,
                    score=round(float(base[row, mentor_index]), 1),
                    reasons=explain(mentor, mentee, preferences, competency_names),
                    mutual=bool(mutual[row, mentor_index]),
                )
            )
            matched.add(mentee.id)
    unmatched = [mentee.id for mentee in mentees if mentee.id not in matched]
    for mentee_id in unmatched:
        why_unmatched.setdefault(mentee_id, "не хватило свободных мест у подходящих наставников")
    ordered = sorted(groups.values(), key=lambda group: (-group.score, group.mentor_id))
    for group in ordered:
        group.cells.sort(key=lambda cell: (-cell.score, cell.mentee_id))
    return MatchResult(groups=ordered, unmatched=unmatched, why_unmatched=why_unmatched)
