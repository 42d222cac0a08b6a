from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from events import services
from events.models import RSVP, Notice, Shift
from tests.events.helpers import person, rsvp
from tests.factories.events import make_event


@pytest.fixture
def small_event(events_index):
    return make_event(events_index, title="Phone bank", capacity=2)


def test_rsvp_takes_a_place_and_counts_it(small_event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (created,) = rsvp(small_event, person("a@example.org"))
    shift = Shift.objects.get(page=small_event)
    assert created.status == RSVP.Status.REGISTERED
    assert shift.attendee_count == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "You're signed up" in message.subject
    assert "Bring water" in message.body
    assert "calendar.google.com" in message.body
    assert "/rsvp/" in message.body
    assert message.attachments[0][0] == "event.ics"


def test_full_shift_puts_next_rsvp_on_waitlist(small_event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rsvp(small_event, person("a@example.org"))
        rsvp(small_event, person("b@example.org"))
        (third,) = rsvp(small_event, person("c@example.org"))
    assert third.status == RSVP.Status.WAITLISTED
    assert Shift.objects.get(page=small_event).attendee_count == 2
    waitlisted_mail = mail.outbox[-1]
    assert "waitlist" in waitlisted_mail.subject
    assert "Bring water" not in waitlisted_mail.body
    assert not waitlisted_mail.attachments


def test_cancel_promotes_the_first_waitlisted_person_in_order(
    small_event, django_capture_on_commit_callbacks
):
    (first,) = rsvp(small_event, person("a@example.org"))
    rsvp(small_event, person("b@example.org"))
    (early,) = rsvp(small_event, person("early@example.org"))
    (late,) = rsvp(small_event, person("late@example.org"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_cancel(rsvp=first)
    early.refresh_from_db()
    late.refresh_from_db()
    first.refresh_from_db()
    assert first.status == RSVP.Status.CANCELLED
    assert early.status == RSVP.Status.REGISTERED
    assert late.status == RSVP.Status.WAITLISTED
    assert Shift.objects.get(page=small_event).attendee_count == 2
    assert [m.to for m in mail.outbox] == [["early@example.org"]]
    assert "A place opened up" in mail.outbox[0].subject


def test_cancelling_twice_changes_nothing(small_event):
    (first,) = rsvp(small_event, person("a@example.org"))
    services.rsvp_cancel(rsvp=first)
    services.rsvp_cancel(rsvp=first)
    assert Shift.objects.get(page=small_event).attendee_count == 0


def test_cancelling_a_waitlisted_rsvp_frees_no_place(small_event):
    rsvp(small_event, person("a@example.org"))
    rsvp(small_event, person("b@example.org"))
    (waiting,) = rsvp(small_event, person("c@example.org"))
    services.rsvp_cancel(rsvp=waiting)
    assert Shift.objects.get(page=small_event).attendee_count == 2


def test_same_person_cannot_take_two_places_in_one_shift(small_event):
    ana = person("a@example.org")
    rsvp(small_event, ana)
    with pytest.raises(services.RsvpError) as problem:
        rsvp(small_event, ana)
    assert "timeslots" in problem.value.errors
    assert RSVP.objects.count() == 1


def test_database_refuses_a_second_active_rsvp(small_event):
    ana = person("a@example.org")
    (first,) = rsvp(small_event, ana)
    with pytest.raises(IntegrityError), transaction.atomic():
        RSVP.objects.create(shift=first.shift, person=ana, status=RSVP.Status.WAITLISTED)


def test_database_refuses_a_count_over_capacity(small_event):
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.filter(page=small_event).update(attendee_count=3)


def test_person_may_sign_up_again_after_cancelling(small_event):
    ana = person("a@example.org")
    (first,) = rsvp(small_event, ana)
    services.rsvp_cancel(rsvp=first)
    (again,) = rsvp(small_event, ana)
    assert again.status == RSVP.Status.REGISTERED


def test_several_shifts_in_one_rsvp(events_index, django_capture_on_commit_callbacks):
    from django.utils import timezone

    start = timezone.now() + timedelta(days=2)
    event = make_event(
        events_index,
        shifts=[
            {"start_at": start, "end_at": start + timedelta(hours=2), "capacity": 1},
            {
                "start_at": start + timedelta(hours=3),
                "end_at": start + timedelta(hours=5),
                "capacity": None,
            },
        ],
    )
    rsvp(event, person("x@example.org"), shifts=[event.shifts.first()])
    with django_capture_on_commit_callbacks(execute=True):
        created = rsvp(event, person("y@example.org"))
    assert [r.status for r in created] == [RSVP.Status.WAITLISTED, RSVP.Status.REGISTERED]
    assert len(mail.outbox) == 1
    assert Notice.objects.filter(kind=Notice.Kind.CONFIRMATION).count() == 2


def test_confirmation_is_sent_once_even_if_the_task_runs_twice(small_event):
    (created,) = rsvp(small_event, person("a@example.org"))
    assert services.rsvp_send_confirmation(rsvp_ids=[created.pk]) is True
    assert services.rsvp_send_confirmation(rsvp_ids=[created.pk]) is False
    assert len(mail.outbox) == 1


def test_unknown_or_foreign_shift_is_refused(small_event, events_index):
    other = make_event(events_index, title="Other")
    with pytest.raises(services.RsvpError):
        services.rsvp_create(
            event=small_event,
            shift_ids=[other.shifts.first().pk],
            person=person("a@example.org"),
            source=RSVP.Source.WEB,
        )
    assert not RSVP.objects.exists()


def test_past_or_cancelled_events_take_no_rsvps(events_index):
    past = make_event(events_index, title="Past", starts_in=timedelta(days=-2))
    with pytest.raises(services.RsvpError):
        rsvp(past, person("a@example.org"))
    cancelled = make_event(events_index, title="Cancelled", is_cancelled=True)
    with pytest.raises(services.RsvpError):
        rsvp(cancelled, person("b@example.org"))


def test_publishing_an_old_revision_keeps_the_live_count(small_event):
    revision = small_event.get_latest_revision()
    rsvp(small_event, person("a@example.org"))
    revision.publish()
    assert Shift.objects.get(page=small_event).attendee_count == 1


def test_raising_capacity_promotes_the_waitlist_on_publish(
    small_event, django_capture_on_commit_callbacks
):
    rsvp(small_event, person("a@example.org"))
    rsvp(small_event, person("b@example.org"))
    (waiting,) = rsvp(small_event, person("c@example.org"))
    draft = small_event.get_latest_revision_as_object()
    shifts = list(draft.shifts.all())
    shifts[0].capacity = 3
    draft.shifts = shifts
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    waiting.refresh_from_db()
    assert waiting.status == RSVP.Status.REGISTERED


def test_copying_an_event_starts_its_shifts_empty(small_event):
    rsvp(small_event, person("a@example.org"))
    copy = small_event.copy(update_attrs={"slug": "copied", "title": "Copied"})
    assert Shift.objects.get(page=copy).attendee_count == 0
    assert Shift.objects.get(page=small_event).attendee_count == 1


def test_deleting_an_account_frees_its_places_for_the_waitlist(small_event):
    leaving = person("leaving@example.org")
    rsvp(small_event, leaving)
    rsvp(small_event, person("b@example.org"))
    (waiting,) = rsvp(small_event, person("c@example.org"))
    leaving.delete()
    waiting.refresh_from_db()
    assert waiting.status == RSVP.Status.REGISTERED
    shift = Shift.objects.get(page=small_event)
    assert shift.attendee_count == 2 == shift.rsvps.filter(status=RSVP.Status.REGISTERED).count()


def test_confirmation_html_declares_the_attendees_language(
    small_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_create(
            event=small_event,
            shift_ids=[shift.pk for shift in small_event.shifts.all()],
            person=person("lucia@example.org"),
            source=RSVP.Source.WEB,
            language="es",
        )
    (message,) = mail.outbox
    assert '<html lang="es"' in message.alternatives[0][0]
