from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.models import EventPage
from tests.events.helpers import person


def host_form(**overrides):
    day = (timezone.now() + timedelta(days=7)).date().isoformat()
    data = {
        "title": "Porch phone bank",
        "event_type": "PHONE_BANK",
        "summary": "Calls from my porch, snacks included.",
        "timezone": "America/Phoenix",
        "date": day,
        "start_time": "17:00",
        "end_time": "19:00",
        "capacity": "8",
        "venue": "My porch",
        "street_address": "12 Palm Ln",
        "locality": "Phoenix",
        "region": "AZ",
        "postal_code": "85009",
    }
    data.update(overrides)
    return data


def test_host_form_needs_login(client, events_index):
    response = client.get("/host-an-event/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_hosted_event_waits_for_approval_then_publishes_and_tells_the_host(
    client, events_index, django_capture_on_commit_callbacks
):
    host = person("host@example.org", first_name="Hana")
    client.force_login(host)
    assert client.get("/host-an-event/").status_code == 200
    response = client.post("/host-an-event/", host_form())
    assert response.status_code == 302
    event = EventPage.objects.get(title="Porch phone bank")
    assert not event.live
    assert event.host == host
    assert client.get("/events/").content.count(b"Porch phone bank") == 0
    state = event.current_workflow_task_state
    assert state is not None, "the proposal should be in the moderators' review queue"

    organizer = person("boss@example.org")
    organizer.is_superuser = True
    organizer.is_staff = True
    organizer.save()
    with django_capture_on_commit_callbacks(execute=True):
        state.approve(user=organizer)
    event.refresh_from_db()
    assert event.live
    shift = event.shifts.get()
    assert timezone.localtime(shift.start_at, event.zone).hour == 17
    ours = [m for m in mail.outbox if m.subject.startswith("Your event is live")]
    assert [m.to for m in ours] == [["host@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        event.get_latest_revision_as_object().save_revision().publish()
    assert len([m for m in mail.outbox if m.subject.startswith("Your event is live")]) == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"end_time": "16:00"}, "end_time"),
        ({"date": "2001-01-01"}, "date"),
        ({"postal_code": ""}, "postal_code"),
        ({"is_virtual": "on", "virtual_join_url": ""}, "virtual_join_url"),
    ],
)
def test_bad_host_form_is_400_and_saves_nothing(client, events_index, overrides, field):
    client.force_login(person("host@example.org"))
    response = client.post("/host-an-event/", host_form(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not EventPage.objects.exists()
