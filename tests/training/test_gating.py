"""Gated shifts: the RSVP service, the API, the event page and the check-in desk."""

import json

import pytest
from django.contrib.auth.models import Group

from events import gating
from events import services as event_services
from events.desk.services import walk_in_add, walk_in_confirm
from events.models import RSVP, ApiKey
from portal.activities import EventType
from portal.roles import INTERNS_GROUP, roles_apply
from tests.factories.events import event_index, make_event
from training import services


@pytest.fixture
def events_index(home_page):
    return event_index(home_page)


@pytest.fixture
def canvass(events_index, course):
    # `course` (Canvassing 101) grants Canvass-ready, which every canvass shift requires.
    return make_event(events_index, title="Eastside canvass", event_type=EventType.CANVASS)


def test_rsvp_service_refuses_a_person_without_the_qualification(canvass, learner, course):
    with pytest.raises(event_services.RsvpError) as problem:
        event_services.rsvp_create(
            event=canvass,
            shift_ids=[canvass.shifts.get().pk],
            person=learner,
            source=RSVP.Source.WEB,
        )
    (message,) = problem.value.errors["timeslots"]
    assert "Canvass-ready" in message and "Canvassing 101" in message
    assert "/training/canvassing-101/" in message
    assert not RSVP.objects.exists()


def test_rsvp_service_accepts_a_qualified_person(canvass, learner, canvass_ready):
    services.qualification_grant(user=learner, qualification=canvass_ready)
    (rsvp,) = event_services.rsvp_create(
        event=canvass, shift_ids=[canvass.shifts.get().pk], person=learner, source=RSVP.Source.WEB
    )
    assert rsvp.status == RSVP.Status.REGISTERED


def test_api_answers_400_naming_the_qualification_and_course(client, canvass, course):
    key = ApiKey(name="Campaign CRM")
    raw = ApiKey.generate()
    key.set_key(raw)
    key.save()
    body = {
        "person": {"given_name": "Lee", "email_address": "lee@example.org"},
        "timeslots": [{"timeslot_id": canvass.shifts.get().pk}],
    }
    response = client.post(
        f"/api/v1/events/{canvass.pk}/attendances",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 400
    (message,) = response.json()["error"]["timeslots"]
    assert "Canvass-ready" in message and "Canvassing 101" in message
    assert not RSVP.objects.exists()


def test_event_page_explains_the_gate_instead_of_the_rsvp_button(client, canvass, course):
    html = client.get(canvass.url).content.decode()
    assert "Training needed before you sign up" in html
    assert 'href="/training/canvassing-101/"' in html
    assert "Needs a qualification" in html
    assert "Sign me up" not in html
    assert "Log in to sign up" in html


def test_event_page_offers_the_form_to_a_qualified_volunteer(
    client, canvass, learner, canvass_ready
):
    services.qualification_grant(user=learner, qualification=canvass_ready)
    client.force_login(learner)
    html = client.get(canvass.url).content.decode()
    assert "Sign me up" in html
    assert "Training needed" not in html


def test_posting_a_gated_shift_anyway_changes_nothing(client, canvass, learner):
    client.force_login(learner)
    response = client.post(
        canvass.url,
        {
            "shifts": [canvass.shifts.get().pk],
            "first_name": "Rosa",
            "email": "rosa@example.org",
            "postal_code": "48207",
        },
    )
    assert response.status_code == 400
    assert not RSVP.objects.exists()


def test_mixed_event_offers_only_the_shifts_a_person_may_take(
    client, events_index, learner, canvass_ready
):
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now().replace(microsecond=0) + timedelta(days=4)
    event = make_event(
        events_index,
        title="Phone bank and canvass",
        event_type=EventType.PHONE_BANK,
        shifts=[
            {"start_at": start, "end_at": start + timedelta(hours=2), "capacity": 5},
            {
                "start_at": start + timedelta(hours=3),
                "end_at": start + timedelta(hours=5),
                "capacity": 5,
            },
        ],
    )
    open_shift, gated_shift = event.shifts.order_by("start_at")
    gated_shift.required_qualification = canvass_ready
    gated_shift.save()
    client.force_login(learner)
    html = client.get(event.url).content.decode()
    assert f'value="{open_shift.pk}"' in html
    assert f'value="{gated_shift.pk}"' not in html
    assert "Some shifts need training first" in html


def _intern(django_user_model, event):
    intern = django_user_model.objects.create_user(
        email="ida@example.org", password="pw", is_staff=True
    )
    roles_apply()
    intern.groups.add(Group.objects.get(name=INTERNS_GROUP))
    event.interns.add(intern)
    event.save()
    return intern


def test_desk_refuses_an_unqualified_walk_in_unless_the_intern_confirms(
    client, canvass, django_user_model
):
    intern = _intern(django_user_model, canvass)
    client.force_login(intern)
    shift = canvass.shifts.get()
    url = f"/admin/checkin/{canvass.pk}/shift/{shift.pk}/walk-in/"
    data = {f"walkin-{shift.pk}-first_name": "Walk", f"walkin-{shift.pk}-email": "walk@example.org"}
    response = client.post(url, data, follow=True)
    assert "The walk-in was not added" in response.content.decode()
    assert "Canvass-ready" in response.content.decode()
    assert not RSVP.objects.exists()

    data[f"walkin-{shift.pk}-override_qualification"] = "on"
    response = client.post(url, data, follow=True)
    assert "Walk is added and checked in." in response.content.decode()
    # The desk cannot see a walk-in's qualifications (it never looks the address up), so the
    # card says the desk vouched for them.
    assert "Qualification checked at the desk" in response.content.decode()


def _shifts(count: int, *, capacity: int = 5) -> list[dict]:
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now().replace(microsecond=0) + timedelta(days=4)
    return [
        {
            "start_at": start + timedelta(hours=3 * n),
            "end_at": start + timedelta(hours=3 * n + 2),
            "capacity": capacity,
        }
        for n in range(count)
    ]


def test_several_shifts_gated_by_one_qualification_give_one_message(events_index, learner, course):
    event = make_event(events_index, title="Long canvass", shifts=_shifts(3))
    with pytest.raises(event_services.RsvpError) as problem:
        event_services.rsvp_create(
            event=event,
            shift_ids=list(event.shifts.values_list("pk", flat=True)),
            person=learner,
            source=RSVP.Source.WEB,
        )
    (message,) = problem.value.errors["timeslots"]
    assert "Canvass-ready" in message and "Canvassing 101" in message


def test_a_shift_requiring_its_event_types_qualification_lists_it_once(canvass, canvass_ready):
    shift = canvass.shifts.get()
    shift.required_qualification = canvass_ready
    shift.save()
    assert gating.shift_requirements(shift=shift) == [canvass_ready]


def test_event_page_looks_up_the_course_once_per_qualification(client, events_index, course):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(event):
        with CaptureQueriesContext(connection) as context:
            assert client.get(event.url).status_code == 200
        return len(context.captured_queries)

    one = make_event(events_index, title="Short canvass", shifts=_shifts(1))
    many = make_event(events_index, title="Long canvass", shifts=_shifts(6))
    queries_for(one)  # Warm the site and locale caches.
    html = client.get(many.url).content.decode()
    assert html.count('class="shift__needs"') == 6
    assert html.count("Take the course “Canvassing 101”") == 1
    assert queries_for(many) == queries_for(one)


def test_desk_loads_requirements_once_for_all_shifts(
    client, events_index, canvass_ready, learner, django_user_model
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(event):
        with CaptureQueriesContext(connection) as context:
            response = client.get(f"/admin/checkin/{event.pk}/")
        assert response.status_code == 200
        return len(context.captured_queries), response.content.decode()

    one = make_event(events_index, title="Short canvass", shifts=_shifts(1))
    many = make_event(events_index, title="Long canvass", shifts=_shifts(4))
    intern = _intern(django_user_model, one)
    many.interns.add(intern)
    many.save()
    for event in (one, many):
        for shift in event.shifts.all():
            walk_in = walk_in_add(
                shift=shift, email=learner.email, first_name="Rosa", override_qualification=True
            )
            walk_in_confirm(walk_in=walk_in)
    client.force_login(intern)
    queries_for(one)  # Warm the admin's caches.
    one_count, _html = queries_for(one)
    many_count, html = queries_for(many)
    # The desk shows one shift at a time, whatever the number of shifts: the same queries.
    assert "Qualification checked at the desk" in html
    assert many_count - one_count <= 2
