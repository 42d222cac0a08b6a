"""Query counts on the RSVP paths volunteers use in a rush (issue 17).

A sign-up after a newsletter is hundreds of these at once, and every round trip inside the
shift's row lock makes everybody behind it wait. The figures pin the work; bench/rsvp_api.py
measures the time. Counts are upper bounds that hold on SQLite and PostgreSQL alike.
"""

import pytest
from django.db import connection

from events import services, tasks
from events.models import RSVP, Shift
from tests.events.helpers import api_sign_up, form_sign_up, person
from tests.factories.events import make_event

# Statements of one RSVP of a new person on either path once the rush is under way: 29 (API)
# and 39 (form) before issue 17. SQLite: the person's transaction (a look-up and two inserts,
# each insert guarded), then the places in a transaction of their own (a conditional UPDATE and
# an insert). PostgreSQL: the person in one statement and the places in another, each with its
# transaction's BEGIN and COMMIT (SAVEPOINT and RELEASE inside the test's transaction). The
# event, its shifts, questions and qualifications and the API key come from the shared cache
# (events.cached_event, portal.remembered).
RSVP_STATEMENTS = {"sqlite": 11, "postgresql": 6}


@pytest.fixture
def rush_event(events_index):
    return make_event(events_index, title="Rush canvass", capacity=1)


@pytest.fixture(autouse=True)
def remembered_site(settings):
    # As in production: each process remembers its site (portal/sites.py); tests switch it off.
    from portal.sites import forget_sites

    settings.PORTAL_SITE_CACHE_SECONDS = 30
    forget_sites()
    yield
    forget_sites()


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


def _statements_taking_places(event, shift, who):
    plan = services.rsvp_prepare(event=event, shift_ids=[shift.pk], person=who, source="WEB")
    recorder = StatementsInTransaction()
    with connection.execute_wrapper(recorder):
        (created,) = services.rsvp_take(plan)
    return created, recorder


def test_the_places_are_taken_in_one_statement_outside_any_transaction_on_postgresql(
    transactional_db, rush_event, monkeypatch
):
    """Every RSVP behind this one waits while it holds the shift's lock. On PostgreSQL the lock,
    the count, the insert and the commit are one statement, so no round trip to Python (which
    under load waits for a core) happens inside the lock; SQLite, which has no row locks, runs
    the same steps as a short transaction of its own."""
    shift = rush_event.shifts.get()
    who = person("ana@example.org")
    # Outside any transaction, as the API and the form call it (no test transaction either).
    assert not connection.in_atomic_block
    sent = []
    monkeypatch.setattr(tasks.send_rsvp_confirmation, "delay", lambda *args: sent.append(args))
    created, recorder = _statements_taking_places(rush_event, shift, who)
    # One broker message for the confirmation, at once: the statement has committed.
    assert sent == [([created.pk],)]
    if connection.vendor == "postgresql":
        ((statement, inside),) = recorder.statements
        assert "FOR UPDATE" in statement and "INSERT INTO" in statement and not inside
    else:
        # The counter's conditional UPDATE (it takes SQLite's write lock) and the insert.
        assert len(recorder.in_transaction) == 2, recorder.in_transaction
    assert created.status == RSVP.Status.REGISTERED
    assert Shift.objects.get(pk=shift.pk).attendee_count == 1


def test_places_taken_when_full_waitlist_without_touching_the_counter(rush_event):
    shift = rush_event.shifts.get()
    _warm(rush_event, shift)
    created, recorder = _statements_taking_places(rush_event, shift, person("b@example.org"))
    assert created.status == RSVP.Status.WAITLISTED
    assert len(recorder.in_transaction) <= 2, recorder.in_transaction
    assert Shift.objects.get(pk=shift.pk).attendee_count == 1


def test_api_rsvp_for_a_new_person_runs_a_fixed_number_of_queries(
    client, rush_event, api_key, django_assert_max_num_queries
):
    shift = rush_event.shifts.get()

    def post(number):
        return api_sign_up(client, rush_event, api_key, f"ana{number}@example.org", shift)

    # The first request of a site also makes its settings row (which forgets the kept event).
    assert post(0).status_code == 201
    assert post(-1).status_code == 201
    # 29 before the second rush work (issue 17); what went: a savepoint pair and Wagtail's
    # reference index for the new person, the site lookup (portal.sites), reading the shifts
    # and the answers back, the page's locale, and round trips of the locked section. SQLite
    # takes places in 2 statements and a transaction (4 here), PostgreSQL in 1.
    with django_assert_max_num_queries(RSVP_STATEMENTS[connection.vendor]):
        response = post(1)
    assert response.status_code == 201
    assert response.json()["data"][0]["status"] == "WAITLISTED"


def test_form_rsvp_for_a_new_person_runs_a_fixed_number_of_queries(
    client, rush_event, django_assert_max_num_queries
):
    shift = rush_event.shifts.get()

    def post(number):
        return form_sign_up(client, rush_event, f"ana{number}@example.org", shift)

    assert post(0).status_code == 302
    assert post(-1).status_code == 302
    client.cookies.clear()  # the next volunteer is someone else, with no session yet
    # 39 before the second rush work (issue 17), posting to the page: Wagtail's routing went
    # with the form's own target (events:sign_up), the session row with a signed cookie, the
    # second reads of questions and requirements, and the same cuts as the API's.
    with django_assert_max_num_queries(RSVP_STATEMENTS[connection.vendor]):
        response = post(1)
    assert response.status_code == 302
    assert RSVP.objects.filter(person__email="ana1@example.org").get().status == "WAITLISTED"
