"""Guests: "I'm bringing N guests" takes N more places under the same lock as the person's own."""

import pytest

from events import services
from events.models import RSVP, Shift
from tests.events.helpers import person
from tests.factories.events import make_event


@pytest.fixture
def party_event(events_index):
    return make_event(events_index, title="Park cleanup", capacity=4, max_guests=3)


def _sign_up(event, who, guests=0, names=""):
    shift = event.shifts.first()
    return services.rsvp_create(
        event=event,
        shift_ids=[shift.pk],
        person=who,
        source=RSVP.Source.WEB,
        guests=guests,
        guest_names=names,
    )


def test_guests_take_places_with_their_host(party_event):
    (created,) = _sign_up(party_event, person("host@example.org"), guests=2, names="Leo, Mia")
    assert created.status == RSVP.Status.REGISTERED
    assert created.guests == 2
    assert created.guest_names == "Leo, Mia"
    assert Shift.objects.get(page=party_event).attendee_count == 3


def test_a_party_that_does_not_fit_waits_whole(party_event):
    _sign_up(party_event, person("first@example.org"), guests=2)
    (second,) = _sign_up(party_event, person("second@example.org"), guests=1)
    assert second.status == RSVP.Status.WAITLISTED
    assert Shift.objects.get(page=party_event).attendee_count == 3


def test_cancelling_frees_the_guests_places_and_promotes_in_order(party_event):
    (first,) = _sign_up(party_event, person("first@example.org"), guests=3)
    (big,) = _sign_up(party_event, person("big@example.org"), guests=3)
    (single,) = _sign_up(party_event, person("single@example.org"))
    assert Shift.objects.get(page=party_event).attendee_count == 4
    services.rsvp_cancel(rsvp=first)
    big.refresh_from_db()
    single.refresh_from_db()
    assert big.status == RSVP.Status.REGISTERED
    # The next in line does not fit any more: nobody jumps the queue.
    assert single.status == RSVP.Status.WAITLISTED
    assert Shift.objects.get(page=party_event).attendee_count == 4


@pytest.mark.parametrize("guests", [-1, 4, 10_000, True, "2"])
def test_negative_or_excessive_guests_are_refused(party_event, guests):
    with pytest.raises(services.RsvpError) as refused:
        _sign_up(party_event, person("x@example.org"), guests=guests)
    assert "guests" in refused.value.errors
    assert not RSVP.objects.exists()
    assert Shift.objects.get(page=party_event).attendee_count == 0


def test_an_event_without_guests_refuses_one(events_index):
    event = make_event(events_index, capacity=4)
    with pytest.raises(services.RsvpError) as refused:
        _sign_up(event, person("x@example.org"), guests=1)
    assert refused.value.errors["guests"] == ["This event does not take guests."]
