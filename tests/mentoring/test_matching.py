"""The pure matching module: scores, hard rules, optimality against brute force, determinism."""

import math
import random
from functools import cache

import pytest

from recruitment.mentoring import matching
from recruitment.mentoring.matching import Mentor, Newcomer

DETROIT = (42.3427, -83.0573)  # 48207
DETROIT_NEAR = (42.3551, -83.0697)  # 48201, about a mile away
ANN_ARBOR = (42.2771, -83.7409)  # about 35 miles from Detroit
PHOENIX = (33.4486, -112.1439)  # 85009

LANGS = ["en", "es", "vi"]
INTERESTS = ["canvassing", "phone_banking", "text_banking", "events"]
TIMES = ["weekday_evenings", "weekend_mornings", "weekend_afternoons"]
PLACES = [DETROIT, DETROIT_NEAR, ANN_ARBOR, PHOENIX, None]
SET_FIELDS = {"interests", "availability", "shifts", "excluded_mentors"}


def mentor(id, *, person=None, capacity=1, languages=("en",), **kwargs):
    kwargs = {k: frozenset(v) if k in SET_FIELDS else v for k, v in kwargs.items()}
    return Mentor(
        id=id,
        person=person if person is not None else 1000 + id,
        capacity=capacity,
        languages=frozenset(languages),
        **kwargs,
    )


def newcomer(id, *, person=None, languages=("en",), **kwargs):
    kwargs = {k: frozenset(v) if k in SET_FIELDS else v for k, v in kwargs.items()}
    return Newcomer(
        id=id,
        person=person if person is not None else 2000 + id,
        languages=frozenset(languages),
        **kwargs,
    )


def random_instance(rng: random.Random, n_newcomers: int, n_mentors: int):
    def pick(values, low=0):
        return frozenset(rng.sample(values, rng.randint(low, len(values))))

    mentors = [
        Mentor(
            id=10 + j,
            person=100 + j,
            capacity=rng.randint(1, 3),
            languages=pick(LANGS, 1),
            interests=pick(INTERESTS),
            availability=pick(TIMES),
            location=rng.choice(PLACES),
            shifts=pick([1, 2, 3]),
        )
        for j in range(n_mentors)
    ]
    newcomers = []
    for i in range(n_newcomers):
        languages = pick(LANGS, 1)
        newcomers.append(
            Newcomer(
                id=50 + i,
                # Now and then a mentor is also asking for a mentor: never paired with themselves.
                person=100 + i if rng.random() < 0.15 else 500 + i,
                languages=languages,
                language=rng.choice(sorted(languages)),
                language_required=rng.random() < 0.4,
                same_area=rng.random() < 0.2,
                interests=pick(INTERESTS),
                availability=pick(TIMES),
                location=rng.choice(PLACES),
                shifts=pick([1, 2, 3]),
                requested_mentor=rng.choice([None, None, None, 10]),
                excluded_mentors=frozenset([11]) if rng.random() < 0.1 else frozenset(),
            )
        )
    return newcomers, mentors


def brute_force_best(newcomers, mentors) -> float:
    """The best total over every assignment that respects places, by exhaustive search."""
    weights = [
        [(score[0] if (score := matching.pair_score(n, m)) else None) for m in mentors]
        for n in newcomers
    ]

    @cache
    def best(i: int, places: tuple[int, ...]) -> float:
        if i == len(newcomers):
            return 0.0
        options = [best(i + 1, places)]  # this newcomer stays unmatched
        for j, weight in enumerate(weights[i]):
            if weight is not None and places[j] > 0:
                left = (*places[:j], places[j] - 1, *places[j + 1 :])
                options.append(weight + best(i + 1, left))
        return max(options)

    return best(0, tuple(m.capacity for m in mentors))


def assert_valid(result, newcomers, mentors):
    by_id = {m.id: m for m in mentors}
    people = {n.id: n for n in newcomers}
    seen = set()
    load: dict[int, int] = {}
    for pair in result.pairs:
        assert pair.newcomer not in seen, "a newcomer was paired twice"
        seen.add(pair.newcomer)
        load[pair.mentor] = load.get(pair.mentor, 0) + 1
        scored = matching.pair_score(people[pair.newcomer], by_id[pair.mentor])
        assert scored is not None, "an infeasible pair was proposed"
        assert math.isclose(scored[0], pair.score)
    for mentor_id, count in load.items():
        assert count <= by_id[mentor_id].capacity
    assert sorted(seen | set(result.unmatched)) == sorted(people)


@pytest.mark.parametrize("seed", range(60))
def test_solver_equals_brute_force_optimum_on_small_random_instances(seed):
    rng = random.Random(seed)
    newcomers, mentors = random_instance(rng, rng.randint(1, 8), rng.randint(1, 8))
    result = matching.solve(newcomers, mentors)
    assert_valid(result, newcomers, mentors)
    assert math.isclose(result.total, brute_force_best(newcomers, mentors), abs_tol=1e-9)
    # The sparse solver (used for big components) reaches the same optimum.
    sparse = matching.solve(newcomers, mentors, dense_limit=0)
    assert_valid(sparse, newcomers, mentors)
    assert math.isclose(sparse.total, result.total, abs_tol=1e-9)


def test_greedy_can_be_worse_and_never_beats_the_optimum():
    # Greedy gives the one mentor to the best-scoring newcomer; the optimum sees that the
    # runner-up has nobody else, and pairs both.
    mentors = [
        mentor(1, languages=["en", "es"], interests=["canvassing", "events"]),
        mentor(2, languages=["en"]),
    ]
    newcomers = [
        newcomer(1, languages=["es"], language="es", interests=["canvassing"]),
        newcomer(2, languages=["en", "es"], language="es", interests=["canvassing", "events"]),
    ]
    best, baseline = matching.solve(newcomers, mentors), matching.greedy(newcomers, mentors)
    assert len(best.pairs) == 2 and len(baseline.pairs) == 1
    assert best.total > baseline.total
    rng = random.Random(7)
    for _ in range(30):
        people, offers = random_instance(rng, 8, 6)
        assert matching.greedy(people, offers).total <= matching.solve(people, offers).total + 1e-9


def test_vectorized_scores_agree_with_the_reference_definition():
    rng = random.Random(11)
    newcomers, mentors = random_instance(rng, 40, 30)
    rows, cols, scores = matching.candidate_edges(newcomers, mentors)
    vectorized = {(int(r), int(c)): float(s) for r, c, s in zip(rows, cols, scores, strict=True)}
    for i, n in enumerate(newcomers):
        for j, m in enumerate(mentors):
            reference = matching.pair_score(n, m)
            if reference is None:
                assert (i, j) not in vectorized
            else:
                assert math.isclose(vectorized[(i, j)], reference[0], abs_tol=1e-9)


def test_same_people_in_any_order_give_the_same_pairs():
    rng = random.Random(3)
    newcomers, mentors = random_instance(rng, 30, 12)
    first = matching.solve(newcomers, mentors)
    for shuffle_seed in range(5):
        shuffled_n, shuffled_m = newcomers[:], mentors[:]
        random.Random(shuffle_seed).shuffle(shuffled_n)
        random.Random(shuffle_seed + 100).shuffle(shuffled_m)
        again = matching.solve(shuffled_n, shuffled_m)
        assert again.pairs == first.pairs and again.unmatched == first.unmatched


def test_ties_are_broken_the_same_way_every_time():
    mentors = [mentor(1), mentor(2)]
    newcomers = [newcomer(1), newcomer(2), newcomer(3)]
    runs = {tuple(matching.solve(newcomers, mentors).pairs) for _ in range(5)}
    assert len(runs) == 1


def test_required_language_is_a_must_and_preferred_language_a_bonus():
    spanish = mentor(1, languages=["en", "es"])
    english = mentor(2, languages=["en"])
    must = newcomer(1, languages=["en", "es"], language="es", language_required=True)
    wish = newcomer(2, languages=["en", "es"], language="es")
    assert matching.pair_score(must, english) is None
    assert matching.pair_score(wish, english)[0] == matching.BASE_POINTS
    score, reasons = matching.pair_score(wish, spanish)
    assert score == matching.BASE_POINTS + matching.LANGUAGE_POINTS
    assert ["language", "es"] in reasons
    # No language in common at all: they could not talk.
    assert matching.pair_score(newcomer(3, languages=["vi"]), english) is None


def test_hard_rules_self_capacity_distance_same_area_and_exclusions():
    assert matching.pair_score(newcomer(1, person=5), mentor(1, person=5)) is None
    assert matching.pair_score(newcomer(1), mentor(1, capacity=0)) is None
    far = newcomer(1, location=DETROIT)
    assert matching.pair_score(far, mentor(1, location=PHOENIX)) is None
    assert matching.pair_score(far, mentor(1, location=ANN_ARBOR)) is not None
    local = newcomer(2, location=DETROIT, same_area=True)
    assert matching.pair_score(local, mentor(1, location=ANN_ARBOR)) is None
    assert matching.pair_score(local, mentor(1, location=DETROIT_NEAR)) is not None
    # Asking for one's own area needs a known ZIP on both sides.
    assert matching.pair_score(local, mentor(1, location=None)) is None
    assert matching.pair_score(newcomer(3, excluded_mentors=[1]), mentor(1)) is None


def test_score_adds_distance_interests_availability_buddy_and_requested_mentor():
    n = newcomer(
        1,
        languages=["en"],
        location=DETROIT,
        interests=["canvassing", "phone_banking", "events", "text_banking"],
        availability=["weekday_evenings"],
        shifts=[7, 8],
        requested_mentor=1,
    )
    m = mentor(
        1,
        location=DETROIT,
        interests=["canvassing", "phone_banking", "events", "text_banking"],
        availability=["weekday_evenings", "weekend_mornings"],
        shifts=[8],
    )
    score, reasons = matching.pair_score(n, m)
    expected = (
        matching.BASE_POINTS
        + matching.REQUESTED_POINTS
        + matching.DISTANCE_POINTS
        + matching.INTEREST_POINTS * matching.MAX_COUNTED
        + matching.AVAILABILITY_POINTS
        + matching.BUDDY_POINTS
    )
    assert math.isclose(score, expected)
    kinds = dict((kind, detail) for kind, detail in reasons)
    assert kinds["distance"] == 0.0
    assert kinds["buddy"] == [8]
    assert kinds["availability"] == ["weekday_evenings"]
    assert "requested" in kinds
    closer = matching.pair_score(n, mentor(2, location=DETROIT_NEAR))[0]
    farther = matching.pair_score(n, mentor(3, location=ANN_ARBOR))[0]
    assert closer > farther


def test_capacity_is_respected_and_everyone_fits_when_places_allow():
    mentors = [mentor(1, capacity=2), mentor(2, capacity=1)]
    newcomers = [newcomer(i) for i in range(1, 6)]
    result = matching.solve(newcomers, mentors)
    assert len(result.pairs) == 3 and len(result.unmatched) == 2
    assert_valid(result, newcomers, mentors)


def test_unmatched_reasons_say_what_kept_each_newcomer_out():
    english = mentor(1, languages=["en"], location=DETROIT)
    assert matching.unmatched_reason(newcomer(1), []) == ["no_mentors", None]
    assert matching.unmatched_reason(newcomer(1), [mentor(1, capacity=0)]) == ["no_mentors", None]
    vi = newcomer(2, languages=["en", "vi"], language="vi", language_required=True)
    assert matching.unmatched_reason(vi, [english]) == ["language", "vi"]
    assert matching.unmatched_reason(newcomer(3, languages=["ko"]), [english]) == [
        "language",
        ["ko"],
    ]
    assert matching.unmatched_reason(newcomer(4, location=PHOENIX), [english]) == [
        "distance",
        matching.MAX_DISTANCE_MILES,
    ]
    nearby = newcomer(5, location=ANN_ARBOR, same_area=True)
    assert matching.unmatched_reason(nearby, [english]) == ["same_area", matching.SAME_AREA_MILES]
    assert matching.unmatched_reason(newcomer(6), [english]) == ["capacity", None]


def test_components_far_apart_are_solved_separately_and_together_optimally():
    mentors = [mentor(1, location=DETROIT, capacity=2), mentor(2, location=PHOENIX, capacity=1)]
    newcomers = [
        newcomer(1, location=DETROIT),
        newcomer(2, location=DETROIT_NEAR),
        newcomer(3, location=PHOENIX),
        newcomer(4, location=PHOENIX),
    ]
    result = matching.solve(newcomers, mentors)
    assert {(p.newcomer, p.mentor) for p in result.pairs} >= {(1, 1), (2, 1)}
    assert len([p for p in result.pairs if p.mentor == 2]) == 1
    assert math.isclose(result.total, brute_force_best(newcomers, mentors))


def test_nobody_to_match_is_not_an_error():
    assert matching.solve([], []).pairs == []
    assert matching.solve([newcomer(1)], []).unmatched == [1]
    assert matching.greedy([], [mentor(1)]).pairs == []
