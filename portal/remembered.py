"""Values every process shares through the cache until what they were made from changes.

A rush of sign-ups reads the same event, the same API key and the same serialized event
hundreds of times a second, each time compiling the same big queries. `remembered` keeps such a
value in the shared cache (Redis in production, the database's cache table on `make run`) under
a *generation*: a counter that any change to the rows behind the value moves on (`move_on`),
at once and again when the change commits. A value made under an older generation is never used again,
even one written late by a request that read the rows just before the change: it carries the
generation it was read under, and the reader compares. The check and the value come back in one
round trip to the cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

T = TypeVar("T")

# A value no generation can have: "nothing was remembered" and "the value is None" differ.
_NOTHING = object()


def remembered(
    key: str, *, generation: str, build: Callable[[], T], seconds: int | None = None
) -> T:
    """The value `build()` made under the current `generation`, made now when there is none.

    It is kept at most `seconds`, and never longer than `PORTAL_REMEMBER_SECONDS` (0: always
    build): the bound for a change made behind the models' backs (a bulk UPDATE, SQL)."""
    limit = getattr(settings, "PORTAL_REMEMBER_SECONDS", 300)
    seconds = min(seconds, limit) if seconds is not None else limit
    if not seconds:
        return build()
    found = cache.get_many([generation, key])
    current = found.get(generation)
    if current is None:
        current = _start(generation)
    entry = found.get(key, _NOTHING)
    if entry is not _NOTHING and isinstance(entry, tuple) and entry[0] == current:
        return entry[1]
    value = build()
    cache.set(key, (current, value), seconds)
    return value


def move_on(generation: str) -> None:
    """Forget every value remembered under `generation`: at once, and again when the current
    transaction (if any) commits, since a reader in between still reads the old rows and would
    remember them under the new generation."""
    _advance(generation)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _advance(generation), robust=True)


def _advance(generation: str) -> None:
    try:
        cache.incr(generation)
    except ValueError:
        # Never started, or evicted: a fresh start can match no value made before.
        _start(generation)


def _start(generation: str) -> int:
    # Nanoseconds: a counter lost (evicted, flushed) and started again never comes back to a
    # number a remembered value still carries.
    cache.add(generation, time.time_ns(), None)
    return cache.get(generation) or 0
