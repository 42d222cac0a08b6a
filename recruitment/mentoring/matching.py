"""Mentor matching on plain data: pair scores, explanations, the optimal assignment, and a greedy
baseline to compare it with.

Nothing here touches the database, so the rules can be tested exhaustively and benchmarked at scale.
The service layer turns people into `Mentor` and `Newcomer` records and proposals back into rows.

The optimum is a maximum-weight b-matching (each mentor takes up to their places left, each
newcomer at most one mentor). Every mentor is expanded into one column per place, the feasible
pairs are split into connected components (people who could never be paired with each other do
not share a problem), and each component is solved exactly: a dense `linear_sum_assignment` when
it is small enough, otherwise scipy's sparse `min_weight_full_bipartite_matching` with one
"stay unmatched" column per newcomer. Every feasible pair scores more than zero, so leaving a
newcomer unmatched is never better than a pair that fits.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, min_weight_full_bipartite_matching

# Points for each thing a pair has in common. A pair that can work together at all starts from
# BASE_POINTS, so any fitting pair is worth more than leaving someone without a mentor.
BASE_POINTS = 10.0
LANGUAGE_POINTS = 25.0  # the mentor speaks the language the newcomer asked for
DISTANCE_POINTS = 20.0  # at the same ZIP centroid, falling to 0 at DISTANCE_SCALE_MILES
DISTANCE_SCALE_MILES = 40.0
INTEREST_POINTS = 8.0  # per shared interest, up to MAX_COUNTED
AVAILABILITY_POINTS = 5.0  # per shared free time slot, up to MAX_COUNTED
MAX_COUNTED = 3
BUDDY_POINTS = 15.0  # both signed up for the same upcoming shift
REQUESTED_POINTS = 40.0  # the newcomer asked for this mentor by name
# Mentoring is local (coffee, a first shift together): pairs farther apart are never proposed.
MAX_DISTANCE_MILES = 60.0
# What "someone in my area" means when a newcomer asks for it.
SAME_AREA_MILES = 15.0
EARTH_RADIUS_MILES = 3958.8

# Components whose place-expanded matrix has more cells than this use the sparse solver.
DENSE_LIMIT = 4_000_000
# Newcomers scored at once; bounds the memory the vectorized scoring needs.
CHUNK_ROWS = 512


@dataclass(frozen=True)
class Mentor:
    id: int
    person: int  # the volunteer, so nobody is ever paired with themselves
    capacity: int  # places left
    languages: frozenset[str]
    interests: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    location: tuple[float, float] | None = None
    shifts: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Newcomer:
    id: int
    person: int
    languages: frozenset[str]  # every language they speak
    language: str = ""  # the one they would like to be mentored in
    language_required: bool = False
    same_area: bool = False
    interests: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    location: tuple[float, float] | None = None
    shifts: frozenset[int] = frozenset()
    requested_mentor: int | None = None
    excluded_mentors: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Match:
    newcomer: int
    mentor: int
    score: float


@dataclass
class Result:
    pairs: list[Match] = field(default_factory=list)
    unmatched: list[int] = field(default_factory=list)  # newcomer ids, in id order

    @property
    def total(self) -> float:
        return float(sum(pair.score for pair in self.pairs))


# Reasons are JSON-friendly [kind, detail] lists; the service renders them in people's language.
Reason = list
# Every feasible pair as (newcomer index, mentor index, score) arrays: see `candidate_edges`.
Edges = tuple[np.ndarray, np.ndarray, np.ndarray]


def distance_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def _within(newcomer: Newcomer, mentor: Mentor) -> tuple[bool, float | None]:
    """Whether the two are close enough, and their distance when both ZIPs are known."""
    if newcomer.location is None or mentor.location is None:
        # Unknown distance is allowed, except for someone who asked for their own area.
        return not newcomer.same_area, None
    miles = distance_miles(newcomer.location, mentor.location)
    limit = SAME_AREA_MILES if newcomer.same_area else MAX_DISTANCE_MILES
    return miles <= limit, miles


def _speaks(newcomer: Newcomer, mentor: Mentor) -> bool:
    if not newcomer.languages & mentor.languages:
        return False
    return not newcomer.language_required or newcomer.language in mentor.languages


def pair_score(newcomer: Newcomer, mentor: Mentor) -> tuple[float, list[Reason]] | None:
    """The score of one pair and why, or None when they cannot be paired.

    The reference definition: the vectorized scoring the solver uses must agree with it.
    """
    if newcomer.person == mentor.person or mentor.capacity < 1:
        return None
    if mentor.id in newcomer.excluded_mentors or not _speaks(newcomer, mentor):
        return None
    near, miles = _within(newcomer, mentor)
    if not near:
        return None
    score = BASE_POINTS
    reasons: list[Reason] = []
    if newcomer.requested_mentor == mentor.id:
        score += REQUESTED_POINTS
        reasons.append(["requested", None])
    if newcomer.language and newcomer.language in mentor.languages:
        score += LANGUAGE_POINTS
        reasons.append(["language", newcomer.language])
    else:
        reasons.append(["language", min(newcomer.languages & mentor.languages)])
    if miles is not None:
        score += DISTANCE_POINTS * max(0.0, 1.0 - miles / DISTANCE_SCALE_MILES)
        reasons.append(["distance", round(miles, 1)])
    interests = sorted(newcomer.interests & mentor.interests)
    if interests:
        score += INTEREST_POINTS * min(len(interests), MAX_COUNTED)
        reasons.append(["interests", interests])
    times = sorted(newcomer.availability & mentor.availability)
    if times:
        score += AVAILABILITY_POINTS * min(len(times), MAX_COUNTED)
        reasons.append(["availability", times])
    shifts = sorted(newcomer.shifts & mentor.shifts)
    if shifts:
        score += BUDDY_POINTS
        reasons.append(["buddy", shifts])
    return score, reasons


# --- Vectorized scoring -------------------------------------------------------------------


def _bits(values: Iterable[frozenset[str]]) -> dict[str, int]:
    """One bit per distinct value, so that a set of values fits in one int64 mask."""
    vocabulary = sorted(set().union(*values))
    if len(vocabulary) > 62:
        raise ValueError("Too many distinct values to encode as bits")
    return {value: 1 << index for index, value in enumerate(vocabulary)}


def _mask(sets: Sequence[frozenset[str]], codes: dict[str, int]) -> np.ndarray:
    return np.array([sum(codes[value] for value in s) for s in sets], dtype=np.int64)


def _coordinates(points: Sequence[tuple[float, float] | None]) -> tuple[np.ndarray, np.ndarray]:
    lat = np.array([p[0] if p else np.nan for p in points], dtype=np.float64)
    lng = np.array([p[1] if p else np.nan for p in points], dtype=np.float64)
    return np.radians(lat), np.radians(lng)


def _shift_matrix(groups: Sequence[frozenset[int]], index: dict[int, int]) -> csr_matrix:
    rows = [row for row, shifts in enumerate(groups) for shift in shifts if shift in index]
    cols = [index[shift] for shifts in groups for shift in shifts if shift in index]
    data = np.ones(len(rows), dtype=np.int32)
    return coo_matrix((data, (rows, cols)), shape=(len(groups), max(len(index), 1))).tocsr()


def candidate_edges(newcomers: Sequence[Newcomer], mentors: Sequence[Mentor]) -> Edges:
    """(newcomer index, mentor index, score) for every pair that can work together.

    Scores a block of newcomers against every mentor at once with numpy, matching `pair_score`.
    """
    n, m = len(newcomers), len(mentors)
    if not n or not m:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    language_codes = _bits([*(x.languages for x in newcomers), *(x.languages for x in mentors)])
    for newcomer in newcomers:
        if newcomer.language and newcomer.language not in language_codes:
            language_codes[newcomer.language] = 0  # nobody speaks it: no bit can match
    interest_codes = _bits([*(x.interests for x in newcomers), *(x.interests for x in mentors)])
    time_codes = _bits([*(x.availability for x in newcomers), *(x.availability for x in mentors)])

    m_lang = _mask([x.languages for x in mentors], language_codes)[None, :]
    m_interest = _mask([x.interests for x in mentors], interest_codes)[None, :]
    m_time = _mask([x.availability for x in mentors], time_codes)[None, :]
    m_person = np.array([x.person for x in mentors], dtype=np.int64)[None, :]
    m_id = np.array([x.id for x in mentors], dtype=np.int64)[None, :]
    m_open = np.array([x.capacity > 0 for x in mentors])[None, :]
    m_lat, m_lng = _coordinates([x.location for x in mentors])
    m_lat, m_lng = m_lat[None, :], m_lng[None, :]
    m_cos = np.cos(m_lat)
    mentor_index = {mentor.id: j for j, mentor in enumerate(mentors)}

    shift_index = {s: k for k, s in enumerate(sorted(set().union(*(x.shifts for x in mentors))))}
    mentor_shifts = _shift_matrix([x.shifts for x in mentors], shift_index)
    newcomer_shifts = _shift_matrix([x.shifts for x in newcomers], shift_index)
    shared_shifts = (newcomer_shifts @ mentor_shifts.T).tocsr()

    n_lang = _mask([x.languages for x in newcomers], language_codes)
    n_pref = np.array([language_codes.get(x.language, 0) for x in newcomers], dtype=np.int64)
    n_required = np.array([x.language_required for x in newcomers])
    n_same_area = np.array([x.same_area for x in newcomers])
    n_interest = _mask([x.interests for x in newcomers], interest_codes)
    n_time = _mask([x.availability for x in newcomers], time_codes)
    n_person = np.array([x.person for x in newcomers], dtype=np.int64)
    n_requested = np.array(
        [x.requested_mentor if x.requested_mentor is not None else -1 for x in newcomers],
        dtype=np.int64,
    )
    n_lat, n_lng = _coordinates([x.location for x in newcomers])

    all_rows, all_cols, all_scores = [], [], []
    for start in range(0, n, CHUNK_ROWS):
        rows = slice(start, min(start + CHUNK_ROWS, n))
        lang = n_lang[rows, None]
        pref = n_pref[rows, None]
        speaks_pref = (pref & m_lang) != 0
        feasible = ((lang & m_lang) != 0) & (speaks_pref | ~n_required[rows, None])
        feasible &= m_open & (n_person[rows, None] != m_person)

        lat, lng = n_lat[rows, None], n_lng[rows, None]
        h = np.sin((m_lat - lat) / 2) ** 2 + np.cos(lat) * m_cos * np.sin((m_lng - lng) / 2) ** 2
        miles = 2 * EARTH_RADIUS_MILES * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        known = ~np.isnan(miles)
        same_area = n_same_area[rows, None]
        limit = np.where(same_area, SAME_AREA_MILES, MAX_DISTANCE_MILES)
        with np.errstate(invalid="ignore"):
            feasible &= np.where(known, miles <= limit, ~same_area)
            distance_points = np.where(
                known, DISTANCE_POINTS * np.clip(1.0 - miles / DISTANCE_SCALE_MILES, 0.0, None), 0.0
            )

        for offset, newcomer in enumerate(newcomers[rows]):
            for mentor_id in newcomer.excluded_mentors:
                if mentor_id in mentor_index:
                    feasible[offset, mentor_index[mentor_id]] = False

        r, c = np.nonzero(feasible)
        if not len(r):
            continue
        shared_interests = np.minimum(
            np.bitwise_count(n_interest[rows][r] & m_interest[0, c]), MAX_COUNTED
        )
        shared_times = np.minimum(np.bitwise_count(n_time[rows][r] & m_time[0, c]), MAX_COUNTED)
        buddy = np.asarray(shared_shifts[rows][r, c]).ravel() > 0
        score = (
            BASE_POINTS
            + LANGUAGE_POINTS * speaks_pref[r, c]
            + distance_points[r, c]
            + INTEREST_POINTS * shared_interests
            + AVAILABILITY_POINTS * shared_times
            + BUDDY_POINTS * buddy
            + REQUESTED_POINTS * (n_requested[rows][r] == m_id[0, c])
        )
        all_rows.append(r + start)
        all_cols.append(c)
        all_scores.append(score.astype(np.float64))
    if not all_rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return np.concatenate(all_rows), np.concatenate(all_cols), np.concatenate(all_scores)


# --- Solvers ------------------------------------------------------------------------------


def _solve_component(
    rows: np.ndarray, cols: np.ndarray, scores: np.ndarray, capacity: np.ndarray, dense_limit: int
) -> list[tuple[int, int, float]]:
    """Best b-matching of one connected component, as (row, col, score) in global indexes."""
    local_rows, row_at = np.unique(rows, return_inverse=True)
    local_cols, col_at = np.unique(cols, return_inverse=True)
    # A mentor never needs more places than there are newcomers who could take them.
    places = np.minimum(capacity[local_cols], len(local_rows))
    slot_owner = np.repeat(np.arange(len(local_cols)), places)
    n_rows, n_slots = len(local_rows), len(slot_owner)
    chosen: list[tuple[int, int]] = []
    if n_rows * n_slots <= dense_limit:
        weights = np.zeros((n_rows, len(local_cols)))
        weights[row_at, col_at] = scores
        expanded = weights[:, slot_owner]
        assigned_rows, assigned_slots = linear_sum_assignment(expanded, maximize=True)
        for r, s in zip(assigned_rows, assigned_slots, strict=True):
            if expanded[r, s] > 0:
                chosen.append((r, slot_owner[s]))
    else:
        # Rows: newcomers. Columns: every mentor place, then one "unmatched" column per newcomer.
        # Cost = ceiling - score, so the cheapest full matching is the highest-scoring one.
        ceiling = float(scores.max()) + 1.0
        first_slot = np.concatenate(([0], np.cumsum(places)[:-1]))
        edge_places = places[col_at]
        edge_rows = np.repeat(row_at, edge_places)
        # Each edge to a mentor becomes one edge to each of that mentor's places.
        group_start = np.repeat(np.cumsum(edge_places) - edge_places, edge_places)
        edge_slots = np.repeat(first_slot[col_at], edge_places) + (
            np.arange(edge_places.sum()) - group_start
        )
        edge_costs = np.repeat(ceiling - scores, edge_places)
        all_rows = np.concatenate((edge_rows, np.arange(n_rows)))
        all_cols = np.concatenate((edge_slots, n_slots + np.arange(n_rows)))
        all_costs = np.concatenate((edge_costs, np.full(n_rows, ceiling)))
        graph = csr_matrix((all_costs, (all_rows, all_cols)), shape=(n_rows, n_slots + n_rows))
        assigned_rows, assigned_cols = min_weight_full_bipartite_matching(graph)
        for r, s in zip(assigned_rows, assigned_cols, strict=True):
            if s < n_slots:
                chosen.append((r, slot_owner[s]))
    lookup = {(int(r), int(c)): float(s) for r, c, s in zip(row_at, col_at, scores, strict=True)}
    return [(int(local_rows[r]), int(local_cols[c]), lookup[(int(r), int(c))]) for r, c in chosen]


def _sorted(newcomers: Iterable[Newcomer], mentors: Iterable[Mentor]):
    # Solving always sees people in id order, so the same people give the same answer.
    return sorted(newcomers, key=lambda x: x.id), sorted(mentors, key=lambda x: x.id)


def solve(
    newcomers: Iterable[Newcomer], mentors: Iterable[Mentor], *, dense_limit: int = DENSE_LIMIT
) -> Result:
    """The assignment with the highest total score. Deterministic for the same people."""
    newcomers, mentors = _sorted(newcomers, mentors)
    return _solve(newcomers, mentors, candidate_edges(newcomers, mentors), dense_limit)


def _solve(
    newcomers: list[Newcomer], mentors: list[Mentor], edges: Edges, dense_limit: int
) -> Result:
    rows, cols, scores = edges
    result = Result()
    matched: set[int] = set()
    if len(rows):
        n = len(newcomers)
        graph = coo_matrix((np.ones(len(rows)), (rows, cols + n)), shape=(n + len(mentors),) * 2)
        _count, labels = connected_components(graph, directed=False)
        component = labels[rows]
        order = np.lexsort((cols, rows, component))
        rows, cols, scores, component = rows[order], cols[order], scores[order], component[order]
        bounds = np.flatnonzero(np.diff(component)) + 1
        capacity = np.array([mentor.capacity for mentor in mentors], dtype=np.int64)
        found: list[tuple[int, int, float]] = []
        for part in np.split(np.arange(len(rows)), bounds):
            found.extend(
                _solve_component(rows[part], cols[part], scores[part], capacity, dense_limit)
            )
        for r, c, score in sorted(found):
            result.pairs.append(Match(newcomers[r].id, mentors[c].id, score))
            matched.add(newcomers[r].id)
    result.unmatched = [x.id for x in newcomers if x.id not in matched]
    return result


def greedy(newcomers: Iterable[Newcomer], mentors: Iterable[Mentor]) -> Result:
    """The baseline: take the best remaining pair while places last. Not optimal."""
    newcomers, mentors = _sorted(newcomers, mentors)
    return _greedy(newcomers, mentors, candidate_edges(newcomers, mentors))


def _greedy(newcomers: list[Newcomer], mentors: list[Mentor], edges: Edges) -> Result:
    rows, cols, scores = edges
    order = np.lexsort((cols, rows, -scores))
    places = [mentor.capacity for mentor in mentors]
    taken = [False] * len(newcomers)
    result = Result()
    for edge in order:
        r, c = int(rows[edge]), int(cols[edge])
        if taken[r] or places[c] < 1:
            continue
        taken[r] = True
        places[c] -= 1
        result.pairs.append(Match(newcomers[r].id, mentors[c].id, float(scores[edge])))
    result.pairs.sort(key=lambda pair: (pair.newcomer, pair.mentor))
    result.unmatched = [x.id for r, x in enumerate(newcomers) if not taken[r]]
    return result


# --- Why someone was left out -------------------------------------------------------------


def unmatched_reason(newcomer: Newcomer, mentors: Iterable[Mentor]) -> Reason:
    """The first thing that kept a newcomer without a mentor, as [kind, detail].

    Kinds: "no_mentors" (nobody has a place), "language" (nobody with a place speaks what they
    need), "same_area" / "distance" (nobody who speaks it is near enough), "capacity" (people who
    fit exist but their places went to pairs that fit better).
    """
    open_mentors = [
        mentor
        for mentor in mentors
        if mentor.capacity > 0
        and mentor.person != newcomer.person
        and mentor.id not in newcomer.excluded_mentors
    ]
    if not open_mentors:
        return ["no_mentors", None]
    speakers = [mentor for mentor in open_mentors if _speaks(newcomer, mentor)]
    if not speakers:
        wanted = newcomer.language if newcomer.language_required else ""
        return ["language", wanted or sorted(newcomer.languages)]
    if not any(_within(newcomer, mentor)[0] for mentor in speakers):
        if newcomer.same_area:
            return ["same_area", SAME_AREA_MILES]
        return ["distance", MAX_DISTANCE_MILES]
    return ["capacity", None]


# --- A matching run ------------------------------------------------------------------------


@dataclass
class Proposal:
    best: Result
    baseline: Result  # the greedy one, to show organizers what the optimum gains
    unmatched_reasons: dict[int, Reason]  # newcomer id → why best left them out, in id order


def propose(newcomers: Iterable[Newcomer], mentors: Iterable[Mentor]) -> Proposal:
    """What a matching run needs: `solve`, `greedy` and `unmatched_reason` for everyone `solve`
    leaves out, scoring every pair once.

    A newcomer with any feasible pair was left out for "capacity" (that is what the reason's
    checks come to), so only those with none are looked at one by one.
    """
    newcomers, mentors = _sorted(newcomers, mentors)
    edges = candidate_edges(newcomers, mentors)
    best = _solve(newcomers, mentors, edges, DENSE_LIMIT)
    baseline = _greedy(newcomers, mentors, edges)
    fits = set(edges[0].tolist())
    left_out = set(best.unmatched)
    reasons = {
        newcomer.id: ["capacity", None] if row in fits else unmatched_reason(newcomer, mentors)
        for row, newcomer in enumerate(newcomers)
        if newcomer.id in left_out
    }
    return Proposal(best=best, baseline=baseline, unmatched_reasons=reasons)
