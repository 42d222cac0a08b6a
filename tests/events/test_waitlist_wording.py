"""Each state is worded for what it is: a waitlisted person is told so, without a calendar
promise, and a full shift's button says "Join the waitlist" (issue 13, item 7)."""

from django.utils import translation

from tests.events.helpers import person, rsvp
from tests.factories.events import make_event


def _full_event(events_index):
    event = make_event(events_index, capacity=1)
    rsvp(event, person("first@example.org"))
    return event


def _sign_up(client, event, email="late@example.org", prefix=""):
    shift = event.shifts.first()
    response = client.post(
        prefix + event.url,
        {
            "shifts": [shift.pk],
            "first_name": "Lee",
            "last_name": "Late",
            "email": email,
            "phone": "",
            "postal_code": "48201",
        },
    )
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_waitlisted_person_is_told_they_are_on_the_waitlist(client, events_index):
    event = _full_event(events_index)
    page = _sign_up(client, event)
    assert f"You’re on the waitlist for {event.title}" in page or (
        f"You're on the waitlist for {event.title}" in page
    )
    assert "You're signed up!" not in page
    assert "calendar file" not in page


def test_registered_person_still_gets_the_calendar_promise(client, event):
    page = _sign_up(client, event)
    assert "signed up" in page
    assert "calendar file" in page
    assert "waitlist for" not in page


def test_full_shift_button_says_join_the_waitlist(client, events_index, event):
    full = _full_event(events_index)
    assert "Join the waitlist" in client.get(full.url).content.decode()
    open_page = client.get(event.url).content.decode()
    assert "Sign me up" in open_page
    assert "Join the waitlist" not in open_page


def test_waitlist_wording_in_spanish(client, events_index, spanish):
    event = _full_event(events_index)
    with translation.override("es"):
        assert translation.gettext("Join the waitlist") != "Join the waitlist"
        assert translation.gettext("You're on the waitlist for %(title)s") != (
            "You're on the waitlist for %(title)s"
        )
    assert "Join the waitlist" in client.get(event.url).content.decode()
