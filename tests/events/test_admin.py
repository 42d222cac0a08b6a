from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from events.models import ApiKey, EventPage, Shift, hash_api_key
from tests.events.helpers import person, rsvp


@pytest.fixture
def organizer(db, django_user_model):
    return django_user_model.objects.create_superuser(
        email="boss@example.org", password="pw-12345!"
    )


def page_form(title, day, *, start="10:00", end="13:00", capacity="20", tz="America/Phoenix"):
    return nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "summary": "Doors in Maryvale.",
            "description": rich_text("<p>Bring water.</p>"),
            "event_type": "CANVASS",
            "timezone": tz,
            "shifts": inline_formset(
                [
                    {
                        "start_at": f"{day} {start}",
                        "end_at": f"{day} {end}",
                        "capacity": capacity,
                        "instructions": "",
                    }
                ]
            ),
            "is_virtual": "",
            "virtual_join_url": "",
            "venue": "Westside Office",
            "street_address": "3320 W McDowell Rd",
            "locality": "Phoenix",
            "region": "AZ",
            "postal_code": "85009",
            "accessibility_status": "ACCESSIBLE",
            "accessibility_notes": "",
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
            "private_instructions": "",
            "visibility": "PUBLIC",
            # As the form shows them: follow-up emails on, late promotions not confirmed.
            "send_thank_you": "on",
            "send_missed_you": "on",
            "promotion_confirm_within_hours": "",
            "promotion_confirm_minutes": "120",
            # Guests and questions at sign-up (issue 19): none unless a test adds them.
            "max_guests": "0",
            "questions": inline_formset([]),
            "action-publish": "publish",
        }
    )


def test_organizer_creates_an_event_with_times_in_its_own_zone(client, organizer, events_index):
    client.force_login(organizer)
    day = (timezone.now() + timedelta(days=10)).date().isoformat()
    response = client.post(
        f"/admin/pages/add/events/eventpage/{events_index.pk}/", page_form("Maryvale canvass", day)
    )
    assert response.status_code == 302, response.content[:2000]
    event = EventPage.objects.get(title="Maryvale canvass")
    shift = event.shifts.get()
    local = timezone.localtime(shift.start_at, event.zone)
    assert (local.hour, local.minute) == (10, 0)
    assert event.latitude is not None and event.live
    edit = client.get(f"/admin/pages/{event.pk}/edit/")
    assert f"{day} 10:00".encode() in edit.content


def test_capacity_cannot_drop_below_places_taken(client, organizer, events_index):
    client.force_login(organizer)
    day = (timezone.now() + timedelta(days=10)).date().isoformat()
    client.post(
        f"/admin/pages/add/events/eventpage/{events_index.pk}/", page_form("Small one", day)
    )
    event = EventPage.objects.get(title="Small one")
    shift = event.shifts.get()
    for n in range(3):
        rsvp(event, person(f"p{n}@example.org"))
    data = page_form("Small one", day, capacity="2")
    data["shifts-0-id"] = str(shift.pk)
    data["shifts-INITIAL_FORMS"] = "1"
    response = client.post(f"/admin/pages/{event.pk}/edit/", data)
    assert response.status_code == 200
    assert b"people already hold a place" in response.content
    assert Shift.objects.get(pk=shift.pk).capacity == 20


def test_api_key_is_shown_once_and_stored_hashed(client, organizer):
    client.force_login(organizer)
    response = client.post(
        "/admin/event_api_keys/new/", {"name": "CRM sync", "is_active": "on"}, follow=True
    )
    assert response.status_code == 200
    key = ApiKey.objects.get(name="CRM sync")
    shown = [str(m) for m in response.context["messages"]]
    raw = next(m for m in shown if "evk_" in m).split(": ")[-1].split()[0]
    assert hash_api_key(raw) == key.key_hash
    assert raw not in client.get("/admin/event_api_keys/").content.decode()
    assert key.is_active and not key.can_read_insights and key.owner is None
    # Made by the service, logged as Wagtail logs its own creations.
    assert ModelLogEntry.objects.filter(
        object_id=str(key.pk), action="wagtail.create", user=organizer
    ).exists()


def test_an_admin_key_for_insights_is_issued_to_its_owner(client, organizer):
    client.force_login(organizer)
    data = {"name": "Board report", "is_active": "on", "owner": organizer.pk}
    data["can_read_insights"] = "on"
    client.post("/admin/event_api_keys/new/", data)
    key = ApiKey.objects.get(name="Board report")
    assert key.owner == organizer and key.can_read_insights and key.key_hash


def test_check_in_desk_and_api_keys_in_the_admin_menu(client, organizer):
    client.force_login(organizer)
    content = client.get("/admin/").content.decode()
    assert "/admin/checkin/" in content


def test_a_shift_with_people_cannot_be_deleted_in_the_editor(client, organizer, events_index):
    client.force_login(organizer)
    day = (timezone.now() + timedelta(days=10)).date().isoformat()
    client.post(f"/admin/pages/add/events/eventpage/{events_index.pk}/", page_form("Keep me", day))
    event = EventPage.objects.get(title="Keep me")
    shift = event.shifts.get()
    rsvp(event, person("p@example.org"))
    data = page_form("Keep me", day)
    data.update({"shifts-0-id": str(shift.pk), "shifts-INITIAL_FORMS": "1", "shifts-0-DELETE": "1"})
    response = client.post(f"/admin/pages/{event.pk}/edit/", data)
    assert response.status_code == 200
    assert b"People have signed up for this shift" in response.content
    assert Shift.objects.filter(pk=shift.pk).exists()
