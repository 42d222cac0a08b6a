"""Transactional mail has a queue of its own, so it never waits behind a newsletter (issue 17)."""

import pytest
from django.conf import settings

from portal.celery import app
from portal.settings.base import celery_queues


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


@pytest.mark.parametrize(
    "task_name",
    [
        "events.send_rsvp_confirmation",
        "events.send_notice",
        "recruitment.send_signup_confirmation",
        "training.send_course_congratulation",
    ],
)
def test_mail_a_person_waits_for_goes_to_the_transactional_queue(task_name):
    assert queue_of(task_name) == settings.PORTAL_CELERY_QUEUES["transactional"]


@pytest.mark.parametrize("task_name", ["newsletters.start", "newsletters.deliver"])
def test_newsletters_go_to_the_bulk_queue(task_name):
    assert queue_of(task_name) == settings.PORTAL_CELERY_QUEUES["bulk"]


def test_other_tasks_stay_on_the_default_queue():
    assert queue_of("events.send_due_reminders") == settings.CELERY_TASK_DEFAULT_QUEUE


def test_every_routed_task_exists():
    # A renamed task would silently fall back to the default queue.
    app.loader.import_default_modules()
    assert set(settings.CELERY_TASK_ROUTES) <= set(app.tasks)


def test_an_isolated_default_queue_gets_a_set_of_its_own():
    assert celery_queues("celery") == {
        "default": "celery",
        "transactional": "transactional",
        "bulk": "bulk",
    }
    assert celery_queues("test-1") == {
        "default": "test-1",
        "transactional": "test-1.transactional",
        "bulk": "test-1.bulk",
    }
