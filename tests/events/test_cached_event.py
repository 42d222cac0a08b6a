"""The event a sign-up reads is kept for a rush, and every change to it counts at once
(events/cached_event.py, issue 17).

Both ways in read the event once and keep it in the shared cache; any save or delete of the rows
it is made of forgets it. These tests change each kind of row after a first sign-up and expect
the very next sign-up to see the change.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from events import services
from events.models import RSVP, EventPage, Question, Shift
from home.models import SiteSettings
from tests.events.helpers import api_sign_up, form_sign_up
from tests.factories.events import make_event
from training.models import Qualification


@pytest.fixture
def api_key(db):
    _key, raw = services.api_key_create(name="Rush CRM")
    return raw


@pytest.fixture
def rush_event(events_index):
    return make_event(events_index, title="Rush canvass", capacity=5)


def _api(client, event, key, number, shift=None):
    return api_sign_up(client, event, key, f"ana{number}@example.org", shift)


def _form(client, event, number):
    return form_sign_up(client, event, f"form{number}@example.org")


def _tables_read(queries) -> set[str]:
    read = set()
    for query in queries:
        sql = query["sql"]
        if sql.lstrip().upper().startswith("SELECT"):
            for table in ("wagtailcore_page", "events_question", "events_series", "events_apikey"):
                if f'FROM "{table}"' in sql:
                    read.add(table)
    return read


def test_a_rush_reads_the_event_and_the_key_once(client, rush_event, api_key):
    # The first request of a site also makes its settings row, which forgets the kept event.
    assert _api(client, rush_event, api_key, 0).status_code == 201
    assert _api(client, rush_event, api_key, 1).status_code == 201
    with CaptureQueriesContext(connection) as captured:
        assert _api(client, rush_event, api_key, 2).status_code == 201
        assert _form(client, rush_event, 3).status_code == 302
    assert _tables_read(captured.captured_queries) == set()


def test_a_counter_saved_on_its_own_keeps_the_event(client, rush_event, api_key):
    assert _api(client, rush_event, api_key, 0).status_code == 201
    assert _api(client, rush_event, api_key, 1).status_code == 201
    shift = rush_event.shifts.get()
    shift.attendee_count = 1
    shift.save(update_fields=["attendee_count"])  # as a cancellation or the desk do
    with CaptureQueriesContext(connection) as captured:
        assert _api(client, rush_event, api_key, 2).status_code == 201
    assert "wagtailcore_page" not in _tables_read(captured.captured_queries)


def test_cancelling_the_event_refuses_the_next_sign_up_at_once(client, rush_event, api_key):
    assert _api(client, rush_event, api_key, 1).status_code == 201
    assert _form(client, rush_event, 1).status_code == 302
    rush_event.is_cancelled = True
    rush_event.save_revision().publish()
    response = _api(client, rush_event, api_key, 2)
    assert response.status_code == 400
    assert "no longer taking sign-ups" in response.content.decode()
    assert _form(client, rush_event, 2).status_code != 302
    assert not RSVP.objects.filter(person__email__in=["ana2@example.org", "form2@example.org"])


def test_unpublishing_makes_the_event_404_at_once(client, rush_event, api_key):
    assert _api(client, rush_event, api_key, 1).status_code == 201
    assert _form(client, rush_event, 1).status_code == 302
    EventPage.objects.get(pk=rush_event.pk).unpublish()
    assert _api(client, rush_event, api_key, 2).status_code == 404
    assert _form(client, rush_event, 2).status_code == 404


def test_a_shift_added_can_be_taken_at_once(client, rush_event, api_key):
    assert _api(client, rush_event, api_key, 1).status_code == 201
    first = rush_event.shifts.get()
    added = Shift.objects.create(
        page=rush_event,
        start_at=first.start_at + timedelta(days=1),
        end_at=first.end_at + timedelta(days=1),
        capacity=3,
    )
    response = _api(client, rush_event, api_key, 2, shift=added)
    assert response.status_code == 201, response.content
    assert response.json()["data"][0]["timeslot"]["id"] == added.pk


def test_a_required_question_added_is_asked_at_once(client, rush_event, api_key):
    assert _api(client, rush_event, api_key, 1).status_code == 201
    Question.objects.create(
        page=rush_event, kind=Question.Kind.SHORT_TEXT, text="Your T-shirt size?", required=True
    )
    assert _api(client, rush_event, api_key, 2).status_code == 400
    assert _form(client, rush_event, 2).status_code == 400
    assert not RSVP.objects.filter(person__email="ana2@example.org").exists()


def test_a_qualification_required_of_the_event_type_counts_at_once(client, rush_event, api_key):
    assert _api(client, rush_event, api_key, 1).status_code == 201
    Qualification.objects.create(
        name="Canvass safety", required_for_event_types=[rush_event.event_type]
    )
    response = _api(client, rush_event, api_key, 2)
    assert response.status_code == 400
    assert "Canvass safety" in response.content.decode()


def test_a_password_added_keeps_the_form_closed_at_once(client, rush_event):
    assert _form(client, rush_event, 1).status_code == 302
    PageViewRestriction.objects.create(
        page=rush_event, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    response = _form(client, rush_event, 2)
    assert response.status_code == 302 and "#signed-up" not in response["Location"]
    assert not RSVP.objects.filter(person__email="form2@example.org").exists()


def test_the_answer_shows_the_event_as_edited_and_the_places_as_taken(
    client, rush_event, api_key, home_page
):
    assert _api(client, rush_event, api_key, 1).status_code == 201
    rush_event.title = "Rush canvass, new meeting point"
    rush_event.save_revision().publish()
    settings = SiteSettings.for_site(home_page.get_site())
    settings.organization_name = "Eastside Neighbors"
    settings.save()
    data = _api(client, rush_event, api_key, 2).json()["data"][0]
    assert data["event"]["title"] == "Rush canvass, new meeting point"
    assert data["sponsor"]["name"] == "Eastside Neighbors"
    (slot,) = data["event"]["timeslots"]
    assert slot["attendee_count"] == data["timeslot"]["attendee_count"] == 2
