"""Every RSVP records what its person was told when it is made, however it is made, so only a real
change of time or place is ever announced."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from events.models import RSVP, Shift
from tests.events.helpers import person, rsvp

pytestmark = pytest.mark.django_db


def _republish_unchanged(event, capture):
    with capture(execute=True):
        event.get_latest_revision_as_object().save_revision().publish()


def test_republishing_an_unchanged_event_sends_nothing_whoever_made_the_rsvps(
    event, django_capture_on_commit_callbacks
):
    shift = event.shifts.get()
    with django_capture_on_commit_callbacks(execute=True):
        rsvp(event, person("service@example.org"))
    # The admin, imports and demo seeders make rows directly, one at a time or in bulk.
    RSVP.objects.create(
        shift=shift,
        person=person("admin@example.org"),
        status=RSVP.Status.REGISTERED,
        source=RSVP.Source.WEB,
    )
    # A shift object read in another time zone is the same moment, and the same promise.
    local = Shift.objects.get(pk=shift.pk)
    local.start_at = local.start_at.astimezone(ZoneInfo("America/Denver"))
    local.end_at = local.end_at.astimezone(ZoneInfo("America/Denver"))
    RSVP.objects.bulk_create(
        [
            RSVP(
                shift=local,
                person=person(f"bulk{n}@example.org"),
                status=RSVP.Status.REGISTERED,
                source=RSVP.Source.WEB,
            )
            for n in range(3)
        ]
    )
    mail.outbox.clear()

    _republish_unchanged(event, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert not RSVP.objects.filter(told_fingerprint="").exists()


def test_a_real_change_is_still_announced_to_rsvps_made_in_bulk(
    event, django_capture_on_commit_callbacks
):
    shift = event.shifts.get()
    RSVP.objects.bulk_create(
        [
            RSVP(
                shift=shift,
                person=person("bulk@example.org"),
                status=RSVP.Status.REGISTERED,
                source=RSVP.Source.WEB,
            )
        ]
    )
    draft = event.get_latest_revision_as_object()
    shifts = list(draft.shifts.all())
    shifts[0].start_at += timedelta(hours=1)
    shifts[0].end_at += timedelta(hours=1)
    draft.shifts = shifts
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()

    assert [message.to for message in mail.outbox] == [["bulk@example.org"]]
    _republish_unchanged(event, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_an_rsvp_that_never_recorded_what_it_was_told_is_not_announced_a_change(
    event, django_capture_on_commit_callbacks
):
    """Rows written before every path recorded it: nothing is known to have changed for them."""
    made = RSVP.objects.create(
        shift=event.shifts.get(),
        person=person("old@example.org"),
        status=RSVP.Status.REGISTERED,
        source=RSVP.Source.WEB,
    )
    RSVP.objects.filter(pk=made.pk).update(told_fingerprint="")

    _republish_unchanged(event, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    made.refresh_from_db()
    assert made.told_fingerprint != ""
