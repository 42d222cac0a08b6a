from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from events import services
from events.models import RSVP, Notice
from portal.notices import MAX_RETRIES
from tests.events.helpers import person, rsvp
from tests.factories.events import make_event

# Daylight saving time ends in the US on Sunday 1 November 2026 at 2:00.
DST_SHIFT_START = datetime(2026, 11, 1, 15, 0, tzinfo=UTC)  # 10:00 EST


@pytest.fixture
def dst_event(events_index):
    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 10, 20, tzinfo=UTC)):
        event = make_event(
            events_index,
            timezone="America/New_York",
            shifts=[
                {
                    "start_at": DST_SHIFT_START,
                    "end_at": DST_SHIFT_START + timedelta(hours=3),
                    "capacity": 10,
                }
            ],
        )
        rsvp(event, person("a@example.org"))
    return event


def _send_at(moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return services.reminders_send_due(now=moment)


def test_day_before_reminder_uses_the_events_clock_across_dst(dst_event):
    # 10:00 local on the day before is 14:00 UTC (still EDT): 25 hours before, not 24.
    assert services.reminder_due_at(shift=dst_event.shifts.first(), kind="day_before") == datetime(
        2026, 10, 31, 14, 0, tzinfo=UTC
    )
    assert _send_at(datetime(2026, 10, 31, 13, 59, tzinfo=UTC)) == 0
    assert _send_at(datetime(2026, 10, 31, 14, 0, tzinfo=UTC)) == 1
    (message,) = mail.outbox
    assert message.subject.startswith("Tomorrow")
    assert "10:00 AM – 1:00 PM EST" in message.body
    assert "&amp;" not in message.body
    assert "action=confirm" in message.body and "action=cancel" in message.body


def test_each_reminder_is_sent_once(dst_event):
    moment = datetime(2026, 10, 31, 14, 5, tzinfo=UTC)
    assert _send_at(moment) == 1
    assert _send_at(moment + timedelta(minutes=5)) == 0
    rsvp_id = RSVP.objects.get().pk
    assert (
        services.notice_send(rsvp_id=rsvp_id, kind="day_before", key=DST_SHIFT_START.isoformat())
        is False
    )
    assert len(mail.outbox) == 1


def test_two_hour_reminder_follows_the_day_before_one(dst_event):
    _send_at(datetime(2026, 10, 31, 14, 0, tzinfo=UTC))
    assert _send_at(datetime(2026, 11, 1, 12, 59, tzinfo=UTC)) == 0
    assert _send_at(datetime(2026, 11, 1, 13, 0, tzinfo=UTC)) == 1
    assert mail.outbox[-1].subject.startswith("Starting soon")
    assert Notice.objects.filter(kind=Notice.Kind.TWO_HOURS).count() == 1


def test_cancelled_or_waitlisted_people_get_no_reminders(dst_event):
    services.rsvp_cancel(rsvp=RSVP.objects.get())
    assert _send_at(datetime(2026, 10, 31, 14, 0, tzinfo=UTC)) == 0


def test_reminder_beat_task_is_registered(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="events.send_due_reminders")
    assert task.enabled and task.interval.every == 5


def test_changed_time_notifies_attendees_once(events_index, django_capture_on_commit_callbacks):
    event = make_event(events_index)
    rsvp(event, person("a@example.org"))
    draft = event.get_latest_revision_as_object()
    shifts = list(draft.shifts.all())
    shifts[0].start_at += timedelta(hours=1)
    shifts[0].end_at += timedelta(hours=1)
    draft.shifts = shifts
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert [m.subject for m in mail.outbox] == ["Updated time or place: Saturday canvass"]
    with django_capture_on_commit_callbacks(execute=True):
        event.get_latest_revision_as_object().save_revision().publish()
    assert len(mail.outbox) == 1


def test_cancelled_event_notifies_and_closes_rsvps(
    events_index, django_capture_on_commit_callbacks
):
    event = make_event(events_index, capacity=1)
    rsvp(event, person("a@example.org"))
    rsvp(event, person("b@example.org"))
    draft = event.get_latest_revision_as_object()
    draft.is_cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert set(RSVP.objects.values_list("status", flat=True)) == {RSVP.Status.CANCELLED}
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all(m.subject.startswith("Cancelled") for m in mail.outbox)
    assert event.shifts.first().__class__.objects.get(page=event).attendee_count == 0


def test_reminder_skips_people_who_signed_up_after_it_was_due(events_index):
    start = timezone.now() + timedelta(hours=5)
    event = make_event(
        events_index, shifts=[{"start_at": start, "end_at": start + timedelta(hours=1)}]
    )
    rsvp(event, person("late@example.org"))
    assert services.reminders_send_due() == 0


def test_a_reminder_lost_with_its_worker_is_sent_again_once(dst_event):
    rsvp_id = RSVP.objects.get().pk
    claimed_at = datetime(2026, 10, 31, 14, 0, tzinfo=UTC)
    # The worker recorded the reminder, then died before sending it.
    services.notice_claim(rsvp_id=rsvp_id, kind="day_before", key="k")
    Notice.objects.update(created_at=claimed_at)
    assert services.notices_resend_lost(now=claimed_at + timedelta(minutes=5)) == 0

    later = claimed_at + timedelta(minutes=11)
    assert services.notices_resend_lost(now=later) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Tomorrow")
    assert Notice.objects.get().sent_at is not None
    assert services.notices_resend_lost(now=later + timedelta(minutes=30)) == 0
    assert len(mail.outbox) == 1


def test_a_refused_reminder_is_retried_a_few_times_then_left(dst_event):
    rsvp_id = RSVP.objects.get().pk
    moment = datetime(2026, 10, 31, 14, 0, tzinfo=UTC)
    services.notice_claim(rsvp_id=rsvp_id, kind="day_before", key="k")
    Notice.objects.update(created_at=moment)
    with mock.patch("events.emails.send_rsvp_notice", side_effect=ConnectionRefusedError):
        for attempt in range(1, 6):
            moment += timedelta(minutes=11)
            assert services.notices_resend_lost(now=moment) == 0
            assert Notice.objects.get().retries == min(attempt, MAX_RETRIES)
    assert Notice.objects.get().sent_at is None


def test_lost_reminders_are_not_sent_once_the_shift_has_started(dst_event):
    rsvp_id = RSVP.objects.get().pk
    services.notice_claim(rsvp_id=rsvp_id, kind="day_before", key="k")
    assert services.notices_resend_lost(now=DST_SHIFT_START + timedelta(minutes=1)) == 0
    assert mail.outbox == []
