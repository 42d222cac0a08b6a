"""Real threads racing for the last places: the lock and the constraint must hold on every
database we run on (SQLite locally, PostgreSQL in CI)."""

import threading

import pytest
from django.db import close_old_connections, connection

from events import services
from events.models import RSVP, Shift
from tests.events.helpers import person
from tests.factories.events import make_event, standalone_index

THREADS = 12


@pytest.fixture
def db_for_threads(transactional_db):
    # Eager Celery tasks run in these threads, and Celery keeps "inside a task" in a process-wide
    # flag that racing threads can leave set; later tests that wait on a result would then fail.
    from celery._state import _set_task_join_will_block, task_join_will_block

    before = task_join_will_block()
    yield transactional_db
    _set_task_join_will_block(before)


CAPACITY = 5


def test_concurrent_rsvps_never_overbook(db_for_threads):
    event = make_event(standalone_index(), capacity=CAPACITY)
    shift = event.shifts.first()
    people = [person(f"racer{n}@example.org") for n in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def take_place(who):
        try:
            barrier.wait(timeout=10)
            services.rsvp_create(
                event=event, shift_ids=[shift.pk], person=who, source=RSVP.Source.API
            )
        except BaseException as problem:
            errors.append(problem)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_place, args=(who,)) for who in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    assert not errors, errors
    statuses = list(RSVP.objects.filter(shift=shift).values_list("status", flat=True))
    assert statuses.count(RSVP.Status.REGISTERED) == CAPACITY
    assert statuses.count(RSVP.Status.WAITLISTED) == THREADS - CAPACITY
    assert Shift.objects.get(pk=shift.pk).attendee_count == CAPACITY


def test_concurrent_duplicate_rsvps_leave_one(db_for_threads):
    event = make_event(standalone_index(), capacity=CAPACITY)
    shift = event.shifts.first()
    who = person("twice@example.org")
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def take_place():
        try:
            barrier.wait(timeout=10)
            services.rsvp_create(
                event=event, shift_ids=[shift.pk], person=who, source=RSVP.Source.API
            )
            outcomes.append("ok")
        except services.RsvpError:
            outcomes.append("refused")
        except Exception as problem:
            outcomes.append(type(problem).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_place) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    assert outcomes.count("ok") == 1
    assert RSVP.objects.filter(shift=shift, person=who).count() == 1
    assert Shift.objects.get(pk=shift.pk).attendee_count == 1
