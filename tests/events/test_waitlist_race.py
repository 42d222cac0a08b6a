"""Real threads: late confirmations and expiry sweeps racing over one late promotion."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services, waitlist
from events.models import RSVP, Notice, Shift
from tests.events.helpers import all_at_once, person
from tests.factories.events import make_event, standalone_index

THREADS = 8


@pytest.fixture
def db_for_threads(transactional_db):
    # As in test_concurrency: eager tasks in threads can leave Celery's process-wide flag set.
    from celery._state import _set_task_join_will_block, task_join_will_block

    before = task_join_will_block()
    yield transactional_db
    _set_task_join_will_block(before)


def _race(jobs):
    errors = all_at_once(jobs, timeout=90)
    assert not errors, errors


def test_an_expired_promotion_passes_on_exactly_once(db_for_threads):
    event = make_event(
        standalone_index(),
        capacity=1,
        starts_in=timedelta(hours=5),
        promotion_confirm_within_hours=24,
        promotion_confirm_minutes=30,
    )
    shift = event.shifts.get()
    ids = [shift.pk]
    holder, first, second = (person(f"p{n}@example.org") for n in range(3))
    for who in (holder, first, second):
        services.rsvp_create(event=event, shift_ids=ids, person=who, source=RSVP.Source.WEB)
    services.rsvp_cancel(rsvp=RSVP.objects.get(person=holder))
    promoted = RSVP.objects.get(person=first)
    assert waitlist.promotion_is_pending(promoted)
    # Its time ran out a minute ago; the sweep and the person's late "yes" arrive together.
    RSVP.objects.filter(pk=promoted.pk).update(
        promotion_expires_at=timezone.now() - timedelta(minutes=1)
    )
    late = RSVP.objects.get(pk=promoted.pk)

    def sweep():
        waitlist.promotions_expire()

    def confirm():
        services.rsvp_confirm_attendance(rsvp=RSVP.objects.get(pk=late.pk))

    _race([sweep, confirm] * (THREADS // 2))
    late.refresh_from_db()
    assert late.status == RSVP.Status.CANCELLED and late.confirmed_at is None
    assert Notice.objects.filter(rsvp=late, kind=Notice.Kind.PROMOTION_EXPIRED).count() == 1
    assert RSVP.objects.get(person=second).status == RSVP.Status.REGISTERED
    registered = RSVP.objects.filter(shift=shift, status=RSVP.Status.REGISTERED).count()
    assert registered == Shift.objects.get(pk=shift.pk).attendee_count == 1
