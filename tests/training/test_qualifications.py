"""Who may take a gated shift: shift- and event-type requirements, expiry, hand grants."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from events import gating
from portal.activities import EventType
from tests.factories.events import event_index, make_event
from tests.factories.training import QualificationFactory
from training import selectors, services
from training.models import QualificationGrant, add_months


@pytest.fixture
def events_index(home_page):
    return event_index(home_page)


def test_event_type_requirement_applies_to_every_shift_of_that_type(
    events_index, canvass_ready, learner
):
    canvass = make_event(events_index, title="Saturday canvass", event_type=EventType.CANVASS)
    phone_bank = make_event(events_index, title="Phone bank", event_type=EventType.PHONE_BANK)
    shift = canvass.shifts.get()
    assert gating.qualification_missing(user=learner, shift=shift) == canvass_ready
    assert gating.qualification_missing(user=learner, shift=phone_bank.shifts.get()) is None
    services.qualification_grant(user=learner, qualification=canvass_ready)
    assert gating.qualification_missing(user=learner, shift=shift) is None


def test_shift_level_requirement_is_checked_first(events_index, canvass_ready, learner):
    registrar = QualificationFactory(name="Michigan voter registrar")
    event = make_event(events_index, title="Registration drive", event_type=EventType.CANVASS)
    shift = event.shifts.get()
    shift.required_qualification = registrar
    shift.save()
    assert gating.qualification_missing(user=learner, shift=shift) == registrar
    services.qualification_grant(user=learner, qualification=registrar)
    # Holding the shift's own requirement is not enough: the event type's still applies.
    assert gating.qualification_missing(user=learner, shift=shift) == canvass_ready


def test_anonymous_or_unknown_people_lack_the_requirement(events_index, canvass_ready):
    shift = make_event(events_index).shifts.get()
    assert gating.qualification_missing(user=AnonymousUser(), shift=shift) == canvass_ready
    assert gating.qualification_missing(user=None, shift=shift) == canvass_ready


def test_an_expired_qualification_no_longer_counts(events_index, canvass_ready, learner):
    shift = make_event(events_index).shifts.get()
    long_ago = timezone.now() - timedelta(days=400)
    grant = services.qualification_grant(
        user=learner, qualification=canvass_ready, granted_at=long_ago
    )
    assert grant.expires_at < timezone.now()
    assert gating.qualification_missing(user=learner, shift=shift) == canvass_ready
    # Renewing adds a row; the history stays and the new one counts.
    services.qualification_grant(user=learner, qualification=canvass_ready)
    assert QualificationGrant.objects.filter(user=learner).count() == 2
    assert gating.qualification_missing(user=learner, shift=shift) is None
    (held,) = selectors.qualifications_held_by(user=learner)
    assert held.expires_at > timezone.now()


def test_a_qualification_without_validity_never_expires(learner):
    forever = QualificationFactory(name="Phone-bank ready", validity_months=None)
    grant = services.qualification_grant(
        user=learner, qualification=forever, granted_at=timezone.now() - timedelta(days=3000)
    )
    assert grant.expires_at is None and grant.is_valid


def test_hand_grant_records_who_granted_it_and_counts_from_the_training_day(
    learner, canvass_ready, django_user_model
):
    organizer = django_user_model.objects.create_user(email="org@example.org", password="x")
    trained = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
    grant = services.qualification_grant(
        user=learner,
        qualification=canvass_ready,
        granted_by=organizer,
        granted_at=trained,
        note="Trained in person at the Eastside office",
    )
    assert grant.granted_by == organizer and grant.course is None
    assert grant.expires_at == datetime(2027, 1, 31, 12, 0, tzinfo=UTC)
    assert "By hand" in grant.source_label


def test_months_are_added_calendar_style():
    assert add_months(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2024, 2, 29, tzinfo=UTC), 12) == datetime(2025, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2026, 11, 15, tzinfo=UTC), 3) == datetime(2027, 2, 15, tzinfo=UTC)


def test_batch_check_runs_a_fixed_number_of_queries(
    events_index, canvass_ready, learner, django_assert_max_num_queries
):
    events = [make_event(events_index, title=f"Canvass {n}") for n in range(6)]
    shifts = [event.shifts.get() for event in events]
    with django_assert_max_num_queries(4):
        missing = gating.qualifications_missing_for_shifts(user=learner, shifts=shifts)
    assert set(missing) == {shift.pk for shift in shifts}


def test_desk_sees_who_lacks_the_qualification(
    events_index, canvass_ready, learner, django_user_model
):
    other = django_user_model.objects.create_user(email="sam@example.org")
    services.qualification_grant(user=other, qualification=canvass_ready)
    shift = make_event(events_index).shifts.get()
    missing = gating.people_missing_qualification(shift=shift, user_ids=[learner.pk, other.pk])
    assert missing == {learner.pk: canvass_ready}
