"""Real threads racing for the last places of a series' occurrences: standing sign-ups (with
their beat task running at the same time), one-off RSVPs and guests. The shift lock must keep
every occurrence within capacity and its counter equal to the places held, on every database we
run on (SQLite locally, PostgreSQL in CI, where the row locks really run in parallel)."""

from datetime import time, timedelta

from django.utils import timezone

from events import series as series_services
from events import services
from events.models import RSVP, Series, Shift
from events.series import SeriesRule
from tests.events.helpers import all_at_once, person
from tests.events.test_concurrency import db_for_threads  # noqa: F401 (a fixture)
from tests.factories.events import make_event, standalone_index

CAPACITY = 5


def test_standing_one_off_and_guests_never_overbook_an_occurrence(db_for_threads):  # noqa: F811
    event = make_event(standalone_index(), capacity=CAPACITY, max_guests=2)
    first = timezone.localdate() + timedelta(days=2)
    made = series_services.series_create(
        event=event,
        rule=SeriesRule(
            frequency=Series.Frequency.WEEKLY,
            starts_on=first,
            start_time=time(18, 0),
            end_time=time(20, 0),
            count=2,
            capacity=CAPACITY,
        ),
        by=None,
    )
    occurrences = list(Shift.objects.filter(series=made).order_by("start_at"))
    standing_people = [person(f"standing{n}@example.org") for n in range(4)]
    one_off_people = [person(f"oneoff{n}@example.org") for n in range(6)]
    jobs = []
    for n, who in enumerate(standing_people):
        jobs.append(
            lambda who=who, guests=n % 3: series_services.standing_rsvp_create(
                series=made, person=who, source=RSVP.Source.WEB, guests=guests
            )
        )
    for n, who in enumerate(one_off_people):
        jobs.append(
            lambda who=who, guests=n % 3: services.rsvp_create(
                event=event,
                shift_ids=[shift.pk for shift in occurrences],
                person=who,
                source=RSVP.Source.API,
                guests=guests,
            )
        )
    # The beat task filling standing sign-ups while they are being made.
    jobs += [series_services.standing_rsvps_fill_due] * 2
    errors = all_at_once(jobs, timeout=120)
    assert not errors, errors
    for shift in occurrences:
        shift.refresh_from_db()
        rsvps = list(RSVP.objects.filter(shift=shift))
        held = sum(r.places for r in rsvps if r.status == RSVP.Status.REGISTERED)
        assert shift.attendee_count == held <= CAPACITY
        # Everyone got an answer for every occurrence: a place or a place in line.
        assert len(rsvps) == len(standing_people) + len(one_off_people)
        assert len({r.person_id for r in rsvps}) == len(rsvps)
        waiting = [r for r in rsvps if r.status == RSVP.Status.WAITLISTED]
        # Nobody waits while their whole party would still fit.
        assert all(r.places > CAPACITY - held for r in waiting)
