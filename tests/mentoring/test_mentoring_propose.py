"""`matching.propose`, what a matching run uses: the same answers as `solve`, `greedy` and
`unmatched_reason` called one by one, with every pair scored once."""

import random

import pytest

from recruitment.mentoring import matching
from tests.mentoring.test_matching import mentor, newcomer, random_instance

DETROIT = (42.3427, -83.0573)
PHOENIX = (33.4486, -112.1439)


@pytest.mark.parametrize("seed", range(40))
def test_propose_agrees_with_solve_greedy_and_unmatched_reason(seed):
    rng = random.Random(seed)
    newcomers, mentors = random_instance(rng, rng.randint(0, 9), rng.randint(0, 5))
    proposal = matching.propose(newcomers, mentors)
    best = matching.solve(newcomers, mentors)
    assert proposal.best.pairs == best.pairs
    assert proposal.best.unmatched == best.unmatched
    assert proposal.baseline.pairs == matching.greedy(newcomers, mentors).pairs
    by_id = {person.id: person for person in newcomers}
    assert proposal.unmatched_reasons == {
        request_id: matching.unmatched_reason(by_id[request_id], mentors)
        for request_id in best.unmatched
    }
    assert list(proposal.unmatched_reasons) == sorted(proposal.unmatched_reasons)


def test_propose_says_why_each_newcomer_was_left_out():
    mentors = [mentor(1, languages=("en",), location=DETROIT)]
    newcomers = [
        newcomer(1, location=DETROIT),  # gets the only place
        newcomer(2, location=DETROIT),  # fits, but the place went to a better pair
        newcomer(3, languages=("vi",), location=DETROIT),
        newcomer(4, location=PHOENIX),
        newcomer(5, same_area=True),
    ]
    proposal = matching.propose(newcomers, mentors)
    assert [(pair.newcomer, pair.mentor) for pair in proposal.best.pairs] == [(1, 1)]
    assert proposal.unmatched_reasons == {
        2: ["capacity", None],
        3: ["language", ["vi"]],
        4: ["distance", matching.MAX_DISTANCE_MILES],
        5: ["same_area", matching.SAME_AREA_MILES],
    }


def test_propose_with_nobody_to_match():
    proposal = matching.propose([], [mentor(1)])
    assert proposal.best.pairs == [] and proposal.unmatched_reasons == {}
    proposal = matching.propose([newcomer(1)], [])
    assert proposal.unmatched_reasons == {1: ["no_mentors", None]}
