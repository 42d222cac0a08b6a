"""seed_demo sends nothing: not while it runs, and not when the worker's periodic tasks first run."""

import pytest
from django.core import mail
from django.core.management import call_command

from events.models import RSVP


@pytest.mark.django_db
def test_seed_demo_and_the_first_sweeps_send_no_email(django_capture_on_commit_callbacks):
    from events import tasks as event_tasks

    # Tasks run eagerly in tests: executing the on-commit callbacks is what a worker would do
    # with whatever seed_demo enqueued.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=None)

    assert RSVP.objects.filter(status=RSVP.Status.REGISTERED).exists()
    assert not RSVP.objects.filter(told_fingerprint="").exists()

    # Every periodic task the beat schedule runs, as a worker would at its first tick (read from
    # the schedule itself, so a task added later is swept too).
    from django.conf import settings

    from portal.celery import app

    app.loader.import_default_modules()
    # The on-commit callbacks run too (execute=True): whatever they would send is in the outbox.
    with django_capture_on_commit_callbacks(execute=True):
        for entry in settings.CELERY_BEAT_SCHEDULE.values():
            app.tasks[entry["task"]].apply(
                args=entry.get("args", ()), kwargs=entry.get("kwargs", {}), throw=True
            )
        for event_id in set(RSVP.objects.values_list("shift__page_id", flat=True)):
            # A republish of any demo event without a change announces nothing.
            event_tasks.after_publish(event_id)

    sent = sorted({message.subject.split(":")[0] for message in mail.outbox})
    assert len(mail.outbox) == 0, sent
