"""Waitlist position and late promotions that must be confirmed in time."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import services, waitlist
from events.models import RSVP, Notice
from events.tokens import manage_token
from tests.events.helpers import person, rsvp
from tests.factories.events import make_event
from tests.factories.recruitment import VolunteerFactory


@pytest.fixture
def full_shift(events_index):
    return make_event(events_index, title="Tiny shift", capacity=1, starts_in=timedelta(hours=5))


def test_position_counts_the_people_ahead_in_line(full_shift):
    (holder,) = rsvp(full_shift, person("a@example.org"))
    (first,) = rsvp(full_shift, person("b@example.org"))
    (second,) = rsvp(full_shift, person("c@example.org"))
    assert waitlist.waitlist_position(rsvp=holder) is None
    assert waitlist.waitlist_position(rsvp=first) == 1
    assert waitlist.waitlist_position(rsvp=second) == 2
    services.rsvp_cancel(rsvp=first)
    second.refresh_from_db()
    assert waitlist.waitlist_position(rsvp=second) == 1


def test_position_is_shown_on_the_event_page_me_and_the_manage_page(client, full_shift):
    rsvp(full_shift, person("a@example.org"))
    rsvp(full_shift, person("b@example.org"))
    cy = person("c@example.org")
    VolunteerFactory(user=cy)
    rsvp(full_shift, cy)
    client.force_login(cy)
    assert "number 2 in line" in client.get(full_shift.url).content.decode()
    assert "number 2 in line" in client.get("/me/").content.decode()
    token = manage_token(person_id=cy.pk, event_id=full_shift.pk)
    assert "number 2 in line" in client.get(f"/rsvp/{token}/").content.decode()


def _late_event(events_index, starts_in=timedelta(hours=5)):
    return make_event(
        events_index,
        title="Late promotions",
        capacity=1,
        starts_in=starts_in,
        promotion_confirm_within_hours=24,
        promotion_confirm_minutes=60,
    )


def test_late_promotion_asks_for_confirmation(events_index, django_capture_on_commit_callbacks):
    event = _late_event(events_index)
    (holder,) = rsvp(event, person("a@example.org"))
    (waiting,) = rsvp(event, person("b@example.org"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_cancel(rsvp=holder)
    waiting.refresh_from_db()
    assert waiting.status == RSVP.Status.REGISTERED
    assert waiting.promotion_expires_at is not None
    assert "Please confirm you are coming by" in mail.outbox[0].body
    services.rsvp_confirm_attendance(rsvp=waiting)
    waiting.refresh_from_db()
    assert waiting.promotion_expires_at is None and waiting.confirmed_at
    # Confirmed: the sweep leaves it alone.
    assert waitlist.promotions_expire(now=timezone.now() + timedelta(hours=2)) == 0


def test_far_promotion_needs_no_confirmation(events_index):
    event = _late_event(events_index, starts_in=timedelta(days=5))
    (holder,) = rsvp(event, person("a@example.org"))
    (waiting,) = rsvp(event, person("b@example.org"))
    services.rsvp_cancel(rsvp=holder)
    waiting.refresh_from_db()
    assert waiting.status == RSVP.Status.REGISTERED
    assert waiting.promotion_expires_at is None


def test_unconfirmed_promotion_passes_to_the_next_once(
    events_index, django_capture_on_commit_callbacks
):
    event = _late_event(events_index)
    (holder,) = rsvp(event, person("a@example.org"))
    (first,) = rsvp(event, person("b@example.org"))
    (second,) = rsvp(event, person("c@example.org"))
    services.rsvp_cancel(rsvp=holder)
    later = timezone.now() + timedelta(minutes=61)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert waitlist.promotions_expire(now=later) == 1
    # Run twice (a retried task, a late confirmation racing the sweep): nothing more happens.
    assert waitlist.promotion_expire(rsvp=first, now=later) is False
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.promotion_expires_at > timezone.now()
    shift = event.shifts.get()
    assert first.status == RSVP.Status.CANCELLED
    assert second.status == RSVP.Status.REGISTERED
    assert shift.attendee_count == 1
    assert Notice.objects.filter(rsvp=first, kind=Notice.Kind.PROMOTION_EXPIRED).exists()
    assert {m.to[0] for m in mail.outbox} == {"b@example.org", "c@example.org"}


def test_confirming_too_late_passes_the_place_on(events_index):
    event = _late_event(events_index)
    (holder,) = rsvp(event, person("a@example.org"))
    (first,) = rsvp(event, person("b@example.org"))
    (second,) = rsvp(event, person("c@example.org"))
    services.rsvp_cancel(rsvp=holder)
    RSVP.objects.filter(pk=first.pk).update(
        promotion_expires_at=timezone.now() - timedelta(minutes=1)
    )
    first.refresh_from_db()
    services.rsvp_confirm_attendance(rsvp=first)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RSVP.Status.CANCELLED and first.confirmed_at is None
    assert second.status == RSVP.Status.REGISTERED
    assert event.shifts.get().attendee_count == 1


def test_a_stale_copy_cannot_confirm_an_expired_promotion(events_index):
    event = _late_event(events_index)
    (holder,) = rsvp(event, person("a@example.org"))
    (first,) = rsvp(event, person("b@example.org"))
    services.rsvp_cancel(rsvp=holder)
    first.refresh_from_db()
    stale = RSVP.objects.get(pk=first.pk)
    assert waitlist.promotions_expire(now=timezone.now() + timedelta(hours=2)) == 1
    services.rsvp_confirm_attendance(rsvp=stale)
    first.refresh_from_db()
    assert first.status == RSVP.Status.CANCELLED and first.confirmed_at is None


def test_a_late_promotion_text_asks_to_confirm(events_index, django_capture_on_commit_callbacks):
    from portal.sms.models import TextMessage

    event = _late_event(events_index)
    (holder,) = rsvp(event, person("a@example.org"))
    bea = person("b@example.org")
    services.rsvp_create(
        event=event,
        shift_ids=[event.shifts.get().pk],
        person=bea,
        source=RSVP.Source.WEB,
        phone="+13135550123",
        sms_opt_in=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_cancel(rsvp=holder)
    text = TextMessage.objects.get(user=bea)
    assert "Confirm by" in text.body
