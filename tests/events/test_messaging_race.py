"""Real threads: the same message sent at once from several clicks is recorded once."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import close_old_connections, connection

from events import messaging
from events.models import RSVP, EventMessage, EventMessageDelivery
from portal.roles import roles_apply
from tests.events.helpers import person, rsvp
from tests.factories.events import make_event, standalone_index


@pytest.fixture
def db_for_threads(transactional_db):
    from celery._state import _set_task_join_will_block, task_join_will_block

    before = task_join_will_block()
    yield transactional_db
    _set_task_join_will_block(before)


def test_concurrent_sends_of_one_message_record_it_once(db_for_threads):
    event = make_event(standalone_index())
    for n in range(3):
        rsvp(event, person(f"p{n}@example.org"))
    organizer = person("olu@example.org")
    organizer.is_staff = True
    organizer.save()
    roles_apply()
    organizer.groups.add(Group.objects.get(name="Moderators"))
    barrier = threading.Barrier(6)
    outcomes: list[str] = []

    def send():
        try:
            barrier.wait(timeout=10)
            messaging.event_message_send(
                event=event,
                shift=None,
                audience="active",
                subject="Doors open late",
                body="We start at 10:30.",
                by=organizer,
            )
            outcomes.append("sent")
        except messaging.MessageError:
            outcomes.append("refused")
        except BaseException as problem:
            outcomes.append(repr(problem))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    close_old_connections()
    assert sorted(outcomes) == ["refused"] * 5 + ["sent"]
    assert EventMessage.objects.count() == 1
    assert EventMessageDelivery.objects.count() == RSVP.objects.count() == 3
