"""Database helpers shared by every app's services."""

import functools
import random
import time

from django.db import OperationalError, connection

# How often a whole write transaction is tried again when SQLite says "locked". The pause grows
# every 10 attempts (5–20 ms, then 10–40 ms…), so 200 attempts wait up to about 25 s in all: enough
# for a burst of concurrent RSVPs on one shift or sign-ups from one form (tests/events/
# test_concurrency.py runs such bursts) to get through one at a time, where 50 attempts gave up
# after about 3 s and answered a 500. PostgreSQL never gets here: its writers wait on the lock.
SQLITE_LOCK_ATTEMPTS = 200


def retry_when_sqlite_is_locked(write):
    """Run `write` (a whole transaction) again when SQLite reports lock contention.

    PostgreSQL makes concurrent writers wait on the row lock; SQLite (the embedded setup, and the
    databases tests use) can answer "database table is locked" at once instead. Nothing was
    committed when that happens, so the whole transaction can simply run again. Inside an outer
    transaction there is nothing safe to repeat, so the write runs once.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return write()
    for attempt in range(SQLITE_LOCK_ATTEMPTS):
        try:
            return write()
        except OperationalError as problem:
            if "locked" not in str(problem) or attempt == SQLITE_LOCK_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.005, 0.02) * (1 + attempt // 10))
    raise AssertionError("unreachable")


def row_values(instance, fields) -> list:
    """`instance`'s values for `fields` in a hand-written INSERT (with row_placeholders): what
    Django's own insert would write, defaults and `auto_now_add` applied."""
    return [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]


def stored_as(instance, pk) -> None:
    """Mark `instance` as the row a hand-written INSERT just stored with `pk`."""
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = connection.alias


@functools.cache
def row_placeholders(fields: tuple) -> str:
    """`(%s::type, …)` for one row of `fields` in a hand-written PostgreSQL INSERT."""
    # The same few rows are written hundreds of times a second in a rush, and a column's type
    # does not change while the process runs.
    return "(" + ", ".join(f"%s::{field.db_type(connection)}" for field in fields) + ")"
