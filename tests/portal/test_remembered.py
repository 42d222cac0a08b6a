"""Values shared through the cache until their rows change (portal/remembered.py)."""

import pytest
from django.core.cache import cache
from django.db import transaction

from portal.remembered import move_on, remembered

GENERATION = "tests:remembered:generation"


class Builder:
    def __init__(self, *values):
        self.values = list(values)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.values[min(self.calls, len(self.values)) - 1]


def test_a_value_is_built_once_and_shared_until_the_generation_moves_on():
    build = Builder("first", "second")
    assert remembered("tests:key", generation=GENERATION, build=build) == "first"
    assert remembered("tests:key", generation=GENERATION, build=build) == "first"
    assert build.calls == 1
    move_on(GENERATION)
    assert remembered("tests:key", generation=GENERATION, build=build) == "second"
    assert build.calls == 2


def test_none_is_remembered_too():
    # "No such event" is asked as often as any event in a rush of bad links.
    build = Builder(None)
    for _ in range(3):
        assert remembered("tests:none", generation=GENERATION, build=build) is None
    assert build.calls == 1


def test_a_value_written_late_under_an_old_generation_is_never_used():
    """A request reads the rows, the rows change (the generation moves on), then the request
    writes what it read: the next reader must not take it."""
    remembered("tests:late", generation=GENERATION, build=lambda: "warm")
    old = cache.get(GENERATION)
    move_on(GENERATION)
    cache.set("tests:late", (old, "stale"))
    assert remembered("tests:late", generation=GENERATION, build=lambda: "fresh") == "fresh"


def test_a_lost_generation_starts_again_at_a_number_no_value_carries():
    remembered("tests:lost", generation=GENERATION, build=lambda: "before")
    cache.delete(GENERATION)  # evicted, or the cache was flushed
    assert remembered("tests:lost", generation=GENERATION, build=lambda: "after") == "after"


@pytest.mark.django_db(transaction=True)
def test_a_change_inside_a_transaction_is_forgotten_again_when_it_commits():
    """Between the change and its commit another request still reads the old rows and may
    remember them under the new generation; the commit moves it on once more."""
    build = Builder("old", "old read before the commit", "new")
    remembered("tests:tx", generation=GENERATION, build=build)
    with transaction.atomic():
        move_on(GENERATION)
        assert remembered("tests:tx", generation=GENERATION, build=build) == (
            "old read before the commit"
        )
    assert remembered("tests:tx", generation=GENERATION, build=build) == "new"


def test_switched_off_it_always_builds(settings):
    settings.PORTAL_REMEMBER_SECONDS = 0
    build = Builder("a", "b")
    assert remembered("tests:off", generation=GENERATION, build=build) == "a"
    assert remembered("tests:off", generation=GENERATION, build=build) == "b"


def test_a_value_is_kept_no_longer_than_asked():
    # The bound for changes made behind the models' backs (a bulk UPDATE of API keys).
    import time

    build = Builder("a", "b")
    assert remembered("tests:short", generation=GENERATION, build=build, seconds=1) == "a"
    time.sleep(1.1)
    assert remembered("tests:short", generation=GENERATION, build=build, seconds=1) == "b"
