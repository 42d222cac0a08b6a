"""seed_demo sends nothing: not while it runs, and not when the worker's periodic tasks first run."""

import pytest
from django.core import mail
from django.core.management import call_command

from events.models import RSVP


@pytest.mark.django_db
def test_seed_demo_and_the_first_sweeps_send_no_email(django_capture_on_commit_callbacks):
    from events import tasks as event_tasks
    from portal.newsletters import tasks as newsletter_tasks
    from recruitment.mentoring import tasks as mentoring_tasks

    # Tasks run eagerly in tests: executing the on-commit callbacks is what a worker would do
    # with whatever seed_demo enqueued.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=None)

    assert RSVP.objects.filter(status=RSVP.Status.REGISTERED).exists()
    assert not RSVP.objects.filter(told_fingerprint="").exists()

    # Every periodic task the beat schedule runs, as a worker would at its first tick.
    with django_capture_on_commit_callbacks(execute=True) as queued:
        event_tasks.send_due_reminders()
        mentoring_tasks.mentoring_send_due()
        newsletter_tasks.start_due_newsletters()
        newsletter_tasks.resume_stalled_newsletters()
        newsletter_tasks.award_milestones()
        for event_id in set(RSVP.objects.values_list("shift__page_id", flat=True)):
            # A republish of any demo event without a change announces nothing.
            event_tasks.after_publish(event_id)

    sent = sorted({message.subject.split(":")[0] for message in mail.outbox})
    assert len(mail.outbox) == 0, sent
    assert queued == []
