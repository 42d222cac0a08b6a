"""Benchmark: mentor matching for 5,000 newcomers and 1,000 mentors (places 1–5).

Pure computation, no database: people are generated with a seeded RNG around twelve real metro
areas (real ZIP centroids from the offline `zipcodes` data), with realistic languages (many
bilingual Spanish speakers, a few people who speak only Spanish, Vietnamese, Chinese…),
interests, free times, a few upcoming shifts they signed up for, and 2 % with a postal code
abroad (unknown distance). Reports the optimal matching's time and total score, the greedy
baseline's in the same run and their ratio, and peak memory.

    .venv/bin/python bench/mentoring_matching.py           # BENCH_NEWCOMERS / BENCH_MENTORS
"""

import math
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recruitment.mentoring import matching

NEWCOMERS = int(os.environ.get("BENCH_NEWCOMERS", "5000"))
MENTORS = int(os.environ.get("BENCH_MENTORS", "1000"))
SEED = int(os.environ.get("BENCH_SEED", "2026"))
TARGET_SECONDS = 5.0

# (centre ZIP, share of people): the six demo offices and six more metros.
METROS = [
    ("48207", 0.10),  # Detroit
    ("19130", 0.10),  # Philadelphia
    ("85009", 0.12),  # Phoenix
    ("30303", 0.09),  # Atlanta
    ("53212", 0.07),  # Milwaukee
    ("89104", 0.08),  # Las Vegas
    ("78702", 0.09),  # Austin
    ("33125", 0.08),  # Miami
    ("90011", 0.08),  # Los Angeles
    ("60623", 0.07),  # Chicago
    ("27601", 0.06),  # Raleigh
    ("97203", 0.06),  # Portland
]
METRO_RADIUS_MILES = 30
LANGUAGES = [  # (languages spoken, preferred, weight) for newcomers
    (("en",), "en", 0.58),
    (("en", "es"), "es", 0.22),
    (("es",), "es", 0.08),
    (("en", "vi"), "vi", 0.03),
    (("vi",), "vi", 0.01),
    (("en", "zh"), "zh", 0.03),
    (("en", "ar"), "ar", 0.02),
    (("en", "fr", "ht"), "ht", 0.01),
    (("en", "ko"), "ko", 0.01),
    (("en", "ase"), "ase", 0.01),
]
MENTOR_LANGUAGES = [
    (("en",), 0.62),
    (("en", "es"), 0.27),
    (("es",), 0.02),
    (("en", "vi"), 0.03),
    (("en", "zh"), 0.02),
    (("en", "ar"), 0.02),
    (("en", "fr", "ht"), 0.01),
    (("en", "ko"), 0.005),
    (("en", "ase"), 0.005),
]
INTERESTS = [
    "canvassing",
    "phone_banking",
    "text_banking",
    "voter_registration",
    "events",
    "data_entry",
    "social_media",
    "fundraising",
    "hosting",
    "office_help",
]
TIMES = [
    "weekday_mornings",
    "weekday_afternoons",
    "weekday_evenings",
    "weekend_mornings",
    "weekend_afternoons",
    "weekend_evenings",
]
SHIFTS_PER_METRO = 40


def metro_zip_points(rng):
    import zipcodes

    every = [z for z in zipcodes.list_all() if z["zip_code_type"] == "STANDARD"]
    points = {}
    for centre, _share in METROS:
        match = zipcodes.matching(centre)[0]
        origin = (float(match["lat"]), float(match["long"]))
        nearby = [
            (float(z["lat"]), float(z["long"]))
            for z in every
            if abs(float(z["lat"]) - origin[0]) < 1
            and matching.distance_miles(origin, (float(z["lat"]), float(z["long"])))
            <= METRO_RADIUS_MILES
        ]
        points[centre] = nearby or [origin]
    return points


def weighted(rng, options):
    return rng.choices([option[:-1] for option in options], [option[-1] for option in options])[0]


def sample(rng, values, low, high):
    return frozenset(rng.sample(values, rng.randint(low, high)))


def generate(rng):
    zips = metro_zip_points(rng)
    metro_names = [name for name, _share in METROS]
    metro_weights = [share for _name, share in METROS]

    def place():
        metro = rng.choices(metro_names, metro_weights)[0]
        location = None if rng.random() < 0.02 else rng.choice(zips[metro])
        shift_base = metro_names.index(metro) * SHIFTS_PER_METRO
        shifts = (
            frozenset(
                rng.sample(range(shift_base, shift_base + SHIFTS_PER_METRO), rng.randint(1, 2))
            )
            if rng.random() < 0.3
            else frozenset()
        )
        return location, shifts

    mentors = []
    for j in range(MENTORS):
        location, shifts = place()
        (languages,) = weighted(rng, MENTOR_LANGUAGES)
        mentors.append(
            matching.Mentor(
                id=j + 1,
                person=j + 1,
                capacity=rng.randint(1, 5),
                languages=frozenset(languages),
                interests=sample(rng, INTERESTS, 1, 4),
                availability=sample(rng, TIMES, 1, 3),
                location=location,
                shifts=shifts,
            )
        )
    newcomers = []
    for i in range(NEWCOMERS):
        location, shifts = place()
        languages, preferred = weighted(rng, LANGUAGES)
        newcomers.append(
            matching.Newcomer(
                id=i + 1,
                person=MENTORS + i + 1,
                languages=frozenset(languages),
                language=preferred,
                language_required=preferred != "en" and rng.random() < 0.5,
                same_area=rng.random() < 0.2,
                interests=sample(rng, INTERESTS, 0, 3),
                availability=sample(rng, TIMES, 0, 3),
                location=location,
                shifts=shifts,
                requested_mentor=rng.randint(1, MENTORS) if rng.random() < 0.02 else None,
            )
        )
    return newcomers, mentors


def describe_components(newcomers, mentors) -> str:
    """How the solver will see the problem: edges, components, and the largest one's size."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    newcomers = sorted(newcomers, key=lambda x: x.id)
    mentors = sorted(mentors, key=lambda x: x.id)
    rows, cols, _scores = matching.candidate_edges(newcomers, mentors)
    n = len(newcomers)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols + n)), shape=(n + len(mentors),) * 2)
    _count, labels = connected_components(graph, directed=False)
    parts, sizes = np.unique(labels[rows], return_counts=True)
    biggest = parts[sizes.argmax()]
    in_biggest = labels[rows] == biggest
    people = len(np.unique(rows[in_biggest]))
    places = sum(min(mentors[j].capacity, people) for j in np.unique(cols[in_biggest]))
    solver = "dense" if people * places <= matching.DENSE_LIMIT else "sparse"
    return (
        f"{len(rows):,} in {len(parts)} connected component(s); the largest has "
        f"{people:,} newcomers x {places:,} places ({solver} solver)"
    )


def timed(function, *args):
    """The result and wall time of one call, then its peak traced memory in a second call
    (tracemalloc slows allocation, so time and memory are measured apart)."""
    started = time.perf_counter()
    result = function(*args)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    function(*args)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, elapsed, peak


def main() -> None:
    rng = random.Random(SEED)
    started = time.perf_counter()
    newcomers, mentors = generate(rng)
    places = sum(mentor.capacity for mentor in mentors)
    print(
        f"{len(newcomers):,} newcomers, {len(mentors):,} mentors with {places:,} places "
        f"(generated in {time.perf_counter() - started:.1f}s)"
    )
    print(f"feasible pairs: {describe_components(newcomers, mentors)}")

    best, best_time, best_peak = timed(matching.solve, newcomers, mentors)
    again = matching.solve(newcomers, mentors)
    baseline, greedy_time, greedy_peak = timed(matching.greedy, newcomers, mentors)
    ratio = baseline.total / best.total if best.total else math.nan
    max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print()
    print(f"{'figure':<44} {'target':<16} measured")
    print(f"{'optimal matching: time':<44} {'< 5 s':<16} {best_time:.2f} s")
    print(
        f"{'optimal matching: pairs / unmatched':<44} {'report':<16} "
        f"{len(best.pairs):,} / {len(best.unmatched):,}"
    )
    print(f"{'optimal matching: total score':<44} {'report':<16} {best.total:,.1f}")
    print(f"{'greedy baseline: time':<44} {'report':<16} {greedy_time:.2f} s")
    print(
        f"{'greedy baseline: pairs / total score':<44} {'report':<16} "
        f"{len(baseline.pairs):,} / {baseline.total:,.1f}"
    )
    print(f"{'greedy / optimal total score':<44} {'<= 1':<16} {ratio:.4f}")
    print(
        f"{'same result on a second run':<44} {'yes':<16} "
        f"{'yes' if again.pairs == best.pairs else 'NO'}"
    )
    print(
        f"{'peak Python memory (tracemalloc), optimal':<44} {'report':<16} "
        f"{best_peak / 2**20:.0f} MiB"
    )
    print(
        f"{'peak Python memory (tracemalloc), greedy':<44} {'report':<16} "
        f"{greedy_peak / 2**20:.0f} MiB"
    )
    print(f"{'process peak RSS (ru_maxrss)':<44} {'report':<16} {max_rss_mib:.0f} MiB")
    ok = best_time < TARGET_SECONDS and baseline.total <= best.total + 1e-6
    print("\nPASS" if ok else "\nFAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
