"""Query counts on the RSVP paths volunteers use in a rush (issue 17).

A sign-up after a newsletter is hundreds of these at once, and every round trip inside the
shift's row lock makes everybody behind it wait. The figures pin the work; bench/rsvp_api.py
measures the time. Counts are upper bounds that hold on SQLite and PostgreSQL alike.
"""

import json

import pytest
from django.db import connection

from events import services
from events.models import RSVP, Shift
from tests.events.helpers import person
from tests.factories.events import make_event


@pytest.fixture
def rush_event(events_index):
    return make_event(events_index, title="Rush canvass", capacity=1)


@pytest.fixture
def api_key(db):
    _key, raw = services.api_key_create(name="Rush CRM")
    return raw


class StatementsInTransaction:
    """Records every statement with whether it ran inside a transaction the code under test
    opened (the test's own wrapping transaction, if any, does not count)."""

    def __init__(self):
        self.outer_depth = len(connection.atomic_blocks)
        self.statements: list[tuple[str, bool]] = []

    def __call__(self, execute, sql, params, many, context):
        # SAVEPOINT and RELEASE stand for BEGIN and COMMIT when a test wraps the code.
        inside = len(connection.atomic_blocks) > self.outer_depth and "SAVEPOINT" not in sql
        self.statements.append((sql, inside))
        return execute(sql, params, many, context)

    @property
    def in_transaction(self) -> list[str]:
        return [sql for sql, inside in self.statements if inside]


def _warm(event, shift):
    # Caches every request shares (site, settings, locale, content types) are filled by the
    # first request of a process; the pins are about each RSVP after that.
    services.rsvp_create(
        event=event, shift_ids=[shift.pk], person=person("warm@example.org"), source="WEB"
    )


def test_locked_section_runs_only_the_lock_the_check_the_counter_and_the_insert(
    rush_event, django_capture_on_commit_callbacks
):
    shift = rush_event.shifts.get()
    who = person("ana@example.org")
    recorder = StatementsInTransaction()
    with django_capture_on_commit_callbacks() as callbacks, connection.execute_wrapper(recorder):
        (created,) = services.rsvp_create(
            event=rush_event, shift_ids=[shift.pk], person=who, source=RSVP.Source.WEB
        )
    # Lock the shift, then look for the person's active RSVP (a statement of its own: a subquery
    # of the locking statement would read a snapshot older than the wait on PostgreSQL), count
    # the place, insert. Validation, qualification checks and the page's own work come before.
    assert len(recorder.in_transaction) <= 4, recorder.in_transaction
    assert created.status == RSVP.Status.REGISTERED
    assert Shift.objects.get(pk=shift.pk).attendee_count == 1
    # One broker message for the confirmation, sent after commit.
    assert len(callbacks) == 1


def test_locked_section_waitlists_without_touching_the_counter(rush_event):
    shift = rush_event.shifts.get()
    _warm(rush_event, shift)
    who = person("b@example.org")
    recorder = StatementsInTransaction()
    with connection.execute_wrapper(recorder):
        (created,) = services.rsvp_create(
            event=rush_event, shift_ids=[shift.pk], person=who, source="WEB"
        )
    assert created.status == RSVP.Status.WAITLISTED
    assert len(recorder.in_transaction) <= 3, recorder.in_transaction
    assert Shift.objects.get(pk=shift.pk).attendee_count == 1


def test_api_rsvp_for_a_new_person_runs_a_fixed_number_of_queries(
    client, rush_event, api_key, django_assert_max_num_queries
):
    shift = rush_event.shifts.get()

    def post(number):
        payload = {
            "person": {
                "given_name": "Ana",
                "family_name": "Pérez",
                "email_address": f"ana{number}@example.org",
                "postal_code": "48201",
            },
            "timeslots": [{"timeslot_id": shift.pk}],
        }
        return client.post(
            f"/api/v1/events/{rush_event.pk}/attendances",
            data=json.dumps(payload),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {api_key}",
        )

    assert post(0).status_code == 201
    # 25 after the rush work; +4 since: the person's check after the lock, the page's locale (one set of shifts per event), the
    # event's questions and the answers returned with the attendance.
    with django_assert_max_num_queries(29):
        response = post(1)
    assert response.status_code == 201
    assert response.json()["data"][0]["status"] == "WAITLISTED"


def test_form_rsvp_for_a_new_person_runs_a_fixed_number_of_queries(
    client, rush_event, django_assert_max_num_queries
):
    shift = rush_event.shifts.get()

    def post(number):
        return client.post(
            rush_event.url,
            {
                "shifts": [shift.pk],
                "first_name": "Ana",
                "last_name": "Pérez",
                "email": f"ana{number}@example.org",
                "postal_code": "48201",
            },
        )

    assert post(0).status_code == 302
    client.cookies.clear()  # the next volunteer is someone else, with no session yet
    # 34 after the rush work; +5 since: the person's check after the lock, the page's locale, the event's questions (form and
    # service) and its open series ("every week").
    with django_assert_max_num_queries(39):
        response = post(1)
    assert response.status_code == 302
    assert RSVP.objects.filter(person__email="ana1@example.org").get().status == "WAITLISTED"
