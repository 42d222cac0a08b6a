from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from tests.events.helpers import person, rsvp
from tests.factories.events import make_event


def test_event_calendar_file_parses_with_its_time_zone(client, events_index):
    start = datetime(2030, 3, 9, 15, 0, tzinfo=UTC)
    event = make_event(
        events_index,
        timezone="America/Phoenix",
        shifts=[
            {"start_at": start, "end_at": start + timedelta(hours=2), "capacity": 5},
            {"start_at": start + timedelta(days=1), "end_at": start + timedelta(days=1, hours=2)},
        ],
    )
    response = client.get(event.url + "calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    zones = [tz["TZID"] for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["America/Phoenix"]
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == 2
    assert vevents[0]["DTSTART"].params["TZID"] == "America/Phoenix"
    assert vevents[0].decoded("DTSTART") == start
    assert vevents[0].decoded("DTSTART").hour == 8
    assert "2100 Gratiot Ave" in str(vevents[0]["LOCATION"])


def test_public_calendar_never_carries_the_join_link(client, events_index):
    event = make_event(events_index, is_virtual=True, virtual_join_url="https://meet.example.org/s")
    assert b"meet.example.org" not in client.get(event.url + "calendar.ics").content


def test_feed_lists_upcoming_public_events_in_their_zones(client, events_index):
    make_event(events_index, title="Detroit", timezone="America/Detroit")
    make_event(events_index, title="Phoenix", timezone="America/Phoenix")
    make_event(events_index, title="Hidden", visibility="PRIVATE")
    response = client.get("/events/feed.ics")
    calendar = Calendar.from_ical(response.content)
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == ["Detroit", "Phoenix"]
    assert sorted(tz["TZID"] for tz in calendar.walk("VTIMEZONE")) == [
        "America/Detroit",
        "America/Phoenix",
    ]


def test_confirmation_attachment_has_join_link_and_instructions(
    events_index, django_capture_on_commit_callbacks, mailoutbox
):
    event = make_event(events_index, is_virtual=True, virtual_join_url="https://meet.example.org/s")
    with django_capture_on_commit_callbacks(execute=True):
        rsvp(event, person("a@example.org"))
    _name, body, mimetype = mailoutbox[0].attachments[0]
    calendar = Calendar.from_ical(body)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["LOCATION"]) == "https://meet.example.org/s"
    assert "Bring water" in str(vevent["DESCRIPTION"])
    assert mimetype == "text/calendar"
