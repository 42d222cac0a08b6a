"""Issue 18: the volunteer's path on a phone, from an event page to a confirmed RSVP."""

import re
from datetime import timedelta

from django.utils import timezone

from tests.events.helpers import person, rsvp
from tests.factories.events import make_event


def _form_data(shift, email="lee@example.org"):
    return {"shifts": [shift.pk], "first_name": "Lee", "email": email, "postal_code": "48201"}


def test_one_shift_event_comes_with_its_shift_ticked(client, event):
    content = client.get(event.url).content.decode()
    shift = event.shifts.get()
    box = re.search(r'<input[^>]*name="shifts"[^>]*>', content).group(0)
    assert f'value="{shift.pk}"' in box
    assert "checked" in box


def test_event_with_two_shifts_leaves_the_choice_to_the_person(client, events_index):
    start = timezone.now() + timedelta(days=2)
    event = make_event(
        events_index,
        shifts=[
            {"start_at": start, "end_at": start + timedelta(hours=2), "capacity": 5},
            {"start_at": start + timedelta(hours=3), "end_at": start + timedelta(hours=5)},
        ],
    )
    content = client.get(event.url).content.decode()
    boxes = re.findall(r'<input[^>]*name="shifts"[^>]*>', content)
    assert len(boxes) == 2
    assert not any("checked" in box for box in boxes)


def test_event_page_offers_sign_up_before_the_details(client, event):
    content = client.get(event.url).content.decode()
    jump = content.index('href="#rsvp"')
    assert jump < content.index('id="when-heading"')
    assert 'id="rsvp"' in content


def test_after_signing_up_the_page_confirms_without_an_empty_form(
    client, event, django_capture_on_commit_callbacks
):
    shift = event.shifts.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url, _form_data(shift))
    assert response.status_code == 302
    content = client.get(event.url).content.decode()
    assert "signed up!" in content
    assert 'name="first_name"' not in content
    assert 'href="#rsvp"' not in content
    assert "https://calendar.google.com/calendar/render?" in content
    assert "https://outlook.live.com/calendar/0/action/compose?" in content
    assert f"/events/{event.slug}/calendar.ics" in content
    # A link to pass on: the event's own address, ready to copy or send.
    assert f'value="{event.full_url}"' in content
    assert "mailto:?subject=" in content


def test_waitlisted_person_is_told_their_place_in_the_line(
    client, events_index, django_capture_on_commit_callbacks
):
    event = make_event(events_index, capacity=1)
    rsvp(event, person("first@example.org"))
    rsvp(event, person("second@example.org"))  # waitlisted, number 1
    shift = event.shifts.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.url, _form_data(shift, email="third@example.org"))
    content = client.get(event.url).content.decode()
    assert "waitlist" in content
    assert "You are number 2 on the waitlist." in content


def test_failed_submit_prefixes_the_title_with_error(client, event):
    response = client.post(event.url, {"first_name": "", "email": "nope"})
    assert response.status_code == 400
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)
    assert title.strip().startswith("Error:")
    ok_title = re.search(r"<title>(.*?)</title>", client.get(event.url).content.decode(), re.S)
    assert not ok_title.group(1).strip().startswith("Error")


def test_event_contact_phone_link_is_a_valid_tel_uri(client, events_index):
    event = make_event(events_index, contact_phone="(313) 555-0100")
    content = client.get(event.url).content.decode()
    assert 'href="tel:+13135550100"' in content
    assert 'href="tel:(313)' not in content


def test_listing_sums_up_active_filters_in_one_line(client, events_index):
    make_event(events_index)
    content = client.get("/events/", {"zip": "48201", "radius": "10", "virtual": "1"}).content
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", content.decode(), re.S).group(1)
    assert "within 10 miles of 48201" in summary
    assert "Online" in summary


def test_home_cards_show_date_time_and_place(client, events_index):
    make_event(events_index, title="Gratiot canvass", venue="Eastside Office", locality="Detroit")
    content = client.get("/").content.decode()
    card = content[content.index("Gratiot canvass") :]
    card = card[: card.index("</li>")]
    assert "event-card__when" in card
    assert "Eastside Office, Detroit, MI" in card
