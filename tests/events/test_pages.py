from datetime import timedelta

from django.core import mail
from django.utils import timezone

from events.models import RSVP, Shift
from portal.activities import EventType
from tests.events.helpers import person, rsvp
from tests.factories.events import make_event


def test_listing_shows_upcoming_public_events_only(client, events_index):
    make_event(events_index, title="Coming canvass")
    make_event(events_index, title="Old canvass", starts_in=timedelta(days=-3))
    make_event(events_index, title="Secret meeting", visibility="PRIVATE")
    make_event(events_index, title="Draft rally", publish=False)
    response = client.get("/events/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Coming canvass" in content
    for hidden in ("Old canvass", "Secret meeting", "Draft rally"):
        assert hidden not in content


def test_listing_filters_by_zip_radius_sorted_by_distance(client, events_index):
    make_event(
        events_index, title="Phoenix canvass", postal_code="85009", timezone="America/Phoenix"
    )
    make_event(events_index, title="Detroit far east", postal_code="48230")
    make_event(events_index, title="Detroit downtown", postal_code="48207")
    response = client.get("/events/", {"zip": "48201", "radius": "25"})
    content = response.content.decode()
    assert "Phoenix canvass" not in content
    assert content.index("Detroit downtown") < content.index("Detroit far east")
    assert "miles away" in content


def test_listing_filters_by_type_virtual_dates_and_hide_full(client, events_index):
    make_event(events_index, title="Phone bank night", event_type=EventType.PHONE_BANK)
    make_event(
        events_index, title="Online training", event_type=EventType.TRAINING, is_virtual=True
    )
    full = make_event(events_index, title="Packed canvass", capacity=1)
    make_event(events_index, title="Far future rally", starts_in=timedelta(days=40))
    rsvp(full, person("a@example.org"))

    def titles(params):
        content = client.get("/events/", params).content.decode()
        names = ("Phone bank night", "Online training", "Packed canvass", "Far future rally")
        return {name for name in names if name in content}

    assert titles({"type": "PHONE_BANK"}) == {"Phone bank night"}
    assert titles({"virtual": "1"}) == {"Online training"}
    assert "Online training" not in titles({"virtual": "0"})
    assert titles({"hide_full": "on"}) == {
        "Phone bank night",
        "Online training",
        "Far future rally",
    }
    soon = (timezone.now() + timedelta(days=10)).date().isoformat()
    assert "Far future rally" not in titles({"date_to": soon})
    assert titles({"date_from": soon}) == {"Far future rally"}


def test_bad_filters_get_a_clear_message_and_400(client, events_index):
    response = client.get("/events/", {"zip": "nope", "date_from": "2026-13-45"})
    assert response.status_code == 400
    assert b"Enter a 5-digit ZIP code" in response.content


def test_listing_is_paginated(client, events_index):
    for number in range(14):
        make_event(
            events_index, title=f"Canvass {number:02d}", starts_in=timedelta(days=1 + number)
        )
    first = client.get("/events/").content.decode()
    second = client.get("/events/", {"page": "2"}).content.decode()
    assert "Canvass 00" in first and "Canvass 13" not in first
    assert "Canvass 13" in second
    assert client.get("/events/", {"page": "9"}).status_code == 404


def _queries(client, url, params=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_listing_runs_the_same_queries_for_10_and_100_events(
    client, events_index, django_assert_max_num_queries
):
    for number in range(10):
        make_event(events_index, title=f"Canvass {number}", capacity=None)
    client.get("/events/")  # warm per-process caches (site root paths)
    near = {"zip": "48201", "radius": "50"}
    small = (_queries(client, "/events/"), _queries(client, "/events/", near))
    for number in range(10, 100):
        make_event(events_index, title=f"Canvass {number}", capacity=None)
    with django_assert_max_num_queries(2 * 20):
        large = (_queries(client, "/events/"), _queries(client, "/events/", near))
    assert small == large


def test_event_page_shows_times_in_the_event_zone_with_its_name(client, events_index):
    from datetime import UTC, datetime

    start = datetime(2030, 7, 4, 17, 0, tzinfo=UTC)
    event = make_event(
        events_index,
        timezone="America/Phoenix",
        shifts=[{"start_at": start, "end_at": start + timedelta(hours=2), "capacity": 5}],
    )
    content = client.get(event.url).content.decode()
    assert "10:00 a.m." in content or "10:00 AM" in content
    assert "MST" in content
    assert "Arizona Time" in content


def test_rsvp_form_signs_up_confirms_on_screen_and_by_email(
    client, event, django_capture_on_commit_callbacks
):
    shift = event.shifts.first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            event.url + "?utm_source=flyer",
            {
                "shifts": [shift.pk],
                "first_name": "Ana",
                "last_name": "Pérez",
                "email": "ana@example.org",
                "phone": "",
                "postal_code": "48201",
            },
            HTTP_REFERER="https://friends.example.net/post",
        )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "You're signed up!" in page.content.decode()
    created = RSVP.objects.get()
    assert created.person.email == "ana@example.org"
    assert created.utm_source == "flyer"
    assert created.referrer_url == "https://friends.example.net/post"
    assert created.person.volunteer is not None
    assert mail.outbox[0].to == ["ana@example.org"]


def test_rsvp_form_errors_are_shown_with_400_and_nothing_saved(client, event):
    response = client.post(event.url, {"first_name": "", "email": "nope", "postal_code": ""})
    assert response.status_code == 400
    assert b"Please check the form" in response.content
    assert not RSVP.objects.exists()


def test_rsvp_for_another_events_shift_is_refused(client, event, events_index):
    other = make_event(events_index, title="Other")
    response = client.post(
        event.url,
        {
            "shifts": [other.shifts.first().pk],
            "first_name": "Ana",
            "email": "ana@example.org",
            "postal_code": "48201",
        },
    )
    assert response.status_code == 400
    assert not RSVP.objects.exists()


def test_rsvp_is_prefilled_for_a_logged_in_volunteer(client, event):
    user = person("logged@example.org", first_name="Lee")
    client.force_login(user)
    content = client.get(event.url).content.decode()
    assert 'value="logged@example.org"' in content
    assert 'value="Lee"' in content


def test_join_link_is_revealed_only_to_registered_attendees(client, events_index):
    event = make_event(
        events_index,
        title="Zoom phone bank",
        is_virtual=True,
        virtual_join_url="https://meet.example.org/secret-room",
    )
    assert b"secret-room" not in client.get(event.url).content
    user = person("in@example.org")
    rsvp(event, user)
    client.force_login(user)
    assert b"secret-room" in client.get(event.url).content


def test_rsvp_is_rate_limited(client, event):
    data = {"first_name": "", "email": "bad", "postal_code": ""}
    statuses = {client.post(event.url, data).status_code for _ in range(31)}
    assert 429 in statuses


def test_manage_link_cancels_and_promotes(client, events_index, django_capture_on_commit_callbacks):
    from events.tokens import manage_token

    event = make_event(events_index, capacity=1)
    ana = person("ana@example.org")
    (mine,) = rsvp(event, ana)
    (waiting,) = rsvp(event, person("ben@example.org"))
    url = f"/rsvp/{manage_token(person_id=ana.pk, event_id=event.pk)}/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"rsvp": mine.pk, "action": "cancel"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RSVP.Status.REGISTERED
    assert Shift.objects.get(page=event).attendee_count == 1


def test_forged_or_foreign_manage_links_do_nothing(client, event):
    ana = person("ana@example.org")
    (mine,) = rsvp(event, ana)
    assert client.get("/rsvp/not-a-token/").status_code == 400
    from events.tokens import manage_token

    other = person("eve@example.org")
    url = f"/rsvp/{manage_token(person_id=other.pk, event_id=event.pk)}/"
    client.post(url, {"rsvp": mine.pk, "action": "cancel"})
    mine.refresh_from_db()
    assert mine.status == RSVP.Status.REGISTERED


def test_home_page_features_upcoming_events(client, event):
    assert b"Eastside canvass" in client.get("/").content
