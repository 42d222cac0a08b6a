"""Taking places in shifts: the one step of an RSVP that a rush must queue for.

Everything an RSVP checks (the event, the shifts, the answers, the person's qualifications and
existing places) is settled before this; here the shifts are locked, the places counted and the
rows written. Each RSVP behind this one in a rush waits until it commits, so the time between
taking the lock and committing is what limits a rush (bench/rsvp_api.py measures it).

On PostgreSQL all of it is one statement: lock the shifts, add the places to the counters that
have room, insert the RSVPs (registered where the counter moved, waitlisted elsewhere) and their
answers. Called outside a transaction, as the API and the event page's form do, the statement
commits on its own, so the lock is held only while PostgreSQL runs it: no round trip back to
Python, which under load waits for a core, sits inside the lock. Inside a caller's transaction
it stays correct; the lock is then held until that transaction commits.

SQLite has no row locks (a writer locks the whole database), so there the same steps run as
separate ORM statements in one transaction.
"""

from __future__ import annotations

import copy
import time
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction

from events.models import RSVP, Answer, Shift, told_fingerprint
from portal.db import row_placeholders, row_values, stored_as

# A shift has room for `places` more people: no capacity, or the count stays within it.
# The check constraint on the counter (shift_attendees_within_capacity) backs the rule up.
ROOM = "({table}.capacity IS NULL OR {table}.attendee_count + %s <= {table}.capacity)"


@dataclass(frozen=True)
class Taken:
    """The RSVPs written, and how long the step waited for the shifts' locks and then held
    them, in seconds (for the benchmark's lock figures, bench/rsvp_api.py)."""

    rsvps: list[RSVP]
    waited: float
    held: float


class AlreadyHeld(Exception):
    """The person already holds a place in one of the shifts (another request of theirs
    committed first); `rsvps` are those places."""

    def __init__(self, rsvps: list[RSVP]):
        super().__init__(rsvps)
        self.rsvps = rsvps


def take_places(*, shifts: list[Shift], template: RSVP, answers: list[Answer]) -> Taken:
    """Insert one RSVP per shift (copied from `template`, each shift with its stored page in
    `shift.page`), registered where the shift has room for the person and their guests and
    waitlisted elsewhere, with a copy of `answers` each. Raises AlreadyHeld when the person's
    own earlier request holds one of the shifts already."""
    shifts = sorted(shifts, key=lambda shift: shift.pk)  # Lock order: never a deadlock.
    rsvps = []
    for shift in shifts:
        rsvp = copy.copy(template)
        rsvp.shift = shift
        rsvp.told_fingerprint = told_fingerprint(shift=shift, event=shift.page)
        rsvps.append(rsvp)
    try:
        if connection.vendor == "postgresql":
            return _in_one_statement(rsvps=rsvps, answers=answers)
        return _step_by_step(rsvps=rsvps, answers=answers)
    except IntegrityError as problem:
        held = list(
            RSVP.objects.filter(
                shift__in=shifts, person=template.person, status__in=RSVP.ACTIVE
            ).select_related("shift")
        )
        if not held:
            raise
        raise AlreadyHeld(held) from problem


def _step_by_step(*, rsvps: list[RSVP], answers: list[Answer]) -> Taken:
    places = rsvps[0].places
    table = connection.ops.quote_name(Shift._meta.db_table)
    marks = ", ".join(["%s"] * len(rsvps))
    asked = time.perf_counter()
    with transaction.atomic():
        # The UPDATE takes SQLite's database write lock, so the rule is read and applied in one
        # step; retry_when_sqlite_is_locked (around the service) retries a writer that lost.
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET attendee_count = attendee_count + %s"
                f" WHERE id IN ({marks}) AND {ROOM.format(table=table)}"
                " RETURNING id, attendee_count, capacity",
                [places, *[rsvp.shift_id for rsvp in rsvps], places],
            )
            counted = {pk: (count - places, capacity) for pk, count, capacity in cursor}
        granted = time.perf_counter()
        for rsvp in rsvps:
            took = rsvp.shift_id in counted
            rsvp.status = RSVP.Status.REGISTERED if took else RSVP.Status.WAITLISTED
            if took:
                rsvp.shift.attendee_count, rsvp.shift.capacity = counted[rsvp.shift_id]
        RSVP.objects.bulk_create(rsvps)
        Answer.objects.bulk_create(_answer_copies(rsvps, answers))
    _count_into_shifts(rsvps)
    return Taken(rsvps, waited=granted - asked, held=time.perf_counter() - granted)


def _in_one_statement(*, rsvps: list[RSVP], answers: list[Answer]) -> Taken:
    places = rsvps[0].places
    quote = connection.ops.quote_name
    rsvp_fields = tuple(
        field
        for field in RSVP._meta.concrete_fields
        if not field.primary_key and field.attname != "status"
    )
    rows = [row_placeholders(rsvp_fields)] * len(rsvps)
    values = [value for rsvp in rsvps for value in row_values(rsvp, rsvp_fields)]
    shift_table = quote(Shift._meta.db_table)
    columns = ", ".join(quote(field.column) for field in rsvp_fields)
    sql = f"""
        WITH locked AS (
            SELECT id, capacity, attendee_count
            FROM {shift_table} WHERE id = ANY(%s) ORDER BY id FOR UPDATE
        ), took AS (
            UPDATE {shift_table} AS s SET attendee_count = s.attendee_count + %s
            FROM locked WHERE s.id = locked.id AND {ROOM.format(table="locked")}
            RETURNING s.id
        ), made AS (
            INSERT INTO {quote(RSVP._meta.db_table)} ({columns}, status)
            SELECT {", ".join(f"v.{quote(f.column)}" for f in rsvp_fields)},
                CASE WHEN took.id IS NULL THEN %s ELSE %s END
            FROM (VALUES {", ".join(rows)}) AS v({columns})
            LEFT JOIN took ON took.id = v.shift_id
            ORDER BY v.shift_id
            RETURNING id, shift_id, status, clock_timestamp() AS inserted_at
        ){_answers_sql(answers)}
        SELECT made.id, made.shift_id, made.status, locked.attendee_count, locked.capacity,
            extract(epoch FROM made.inserted_at - statement_timestamp()),
            extract(epoch FROM clock_timestamp() - made.inserted_at)
        FROM made JOIN locked ON locked.id = made.shift_id
    """
    params = [
        [rsvp.shift_id for rsvp in rsvps],
        places,
        places,
        RSVP.Status.WAITLISTED.value,
        RSVP.Status.REGISTERED.value,
        *values,
        *_answers_params(answers),
    ]
    # Inside a caller's transaction a savepoint keeps a refused insert (AlreadyHeld) from
    # spoiling it; outside one the statement is its own transaction and needs none.
    savepoint = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with savepoint, connection.cursor() as cursor:
        cursor.execute(sql, params)
        made = {row[1]: row for row in cursor}
    for rsvp in rsvps:
        pk, _shift_id, rsvp.status, count, capacity, _waited, _held = made[rsvp.shift_id]
        stored_as(rsvp, pk)
        rsvp.shift.attendee_count, rsvp.shift.capacity = count, capacity
    _count_into_shifts(rsvps)
    # Measured by PostgreSQL: from the statement's start to its first insert (which follows
    # every lock), then to the statement's end; the commit (one WAL flush) comes after.
    first = min(made.values(), key=lambda row: row[5])
    return Taken(rsvps, waited=float(first[5]), held=float(first[6]))


ANSWER_COLUMNS = ("question_id", "question_text", "sensitive", "value")


def _answers_sql(answers: list[Answer]) -> str:
    if not answers:
        return ""
    fields = tuple(Answer._meta.get_field(name.removesuffix("_id")) for name in ANSWER_COLUMNS)
    row = row_placeholders(fields)
    table = connection.ops.quote_name(Answer._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    return f""", answered AS (
            INSERT INTO {table} (rsvp_id, {columns})
            SELECT made.id, a.* FROM made
            CROSS JOIN (VALUES {", ".join([row] * len(answers))}) AS a({columns})
        )"""


def _answers_params(answers: list[Answer]) -> list:
    return [
        value
        for answer in answers
        for value in (answer.question_id, answer.question_text, answer.sensitive, answer.value)
    ]


def _answer_copies(rsvps: list[RSVP], answers: list[Answer]) -> list[Answer]:
    return [
        Answer(
            rsvp=rsvp,
            question_id=answer.question_id,
            question_text=answer.question_text,
            sensitive=answer.sensitive,
            value=answer.value,
        )
        for rsvp in rsvps
        for answer in answers
    ]


def _count_into_shifts(rsvps: list[RSVP]) -> None:
    """Bring the caller's shift objects up to the counters just written (the count read under
    the lock plus these places)."""
    for rsvp in rsvps:
        if rsvp.status == RSVP.Status.REGISTERED:
            rsvp.shift.attendee_count += rsvp.places
