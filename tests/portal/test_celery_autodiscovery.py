"""Celery finds every app's tasks by autodiscovery, as a worker started with `-A portal` does,
and the task names stored in beat's schedule still name registered tasks."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: the test process has imported every tasks module long ago.
PROBE = """
import json, sys
import django
django.setup()
loaded_with_models = "portal.newsletters.tasks" in sys.modules
from django.conf import settings
from portal.celery import app
app.loader.import_default_modules()
print(json.dumps({
    "loaded_with_models": loaded_with_models,
    "tasks": sorted(app.tasks),
    "scheduled": sorted(entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()),
}))
"""


def _probe() -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_newsletter_tasks_are_found_by_autodiscovery_not_by_loading_models():
    found = _probe()

    assert found["loaded_with_models"] is False
    assert {"newsletters.start", "newsletters.deliver", "newsletters.notify_milestone"} <= set(
        found["tasks"]
    )
    assert set(found["scheduled"]) <= set(found["tasks"])


# The rows the data migrations created before the schedule moved to settings (their names are
# the settings entries' names, so beat updates those rows instead of adding new ones).
MIGRATION_ROWS = {
    "Event reminders": ("events.send_due_reminders", 5, "minutes"),
    "Mentoring check-ins and feedback": ("recruitment.mentoring_send_due", 1, "hours"),
}


def test_every_periodic_task_is_declared_in_settings_and_registered():
    found = _probe()

    scheduled = {name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items()}
    assert {name: task for name, (task, _every, _period) in MIGRATION_ROWS.items()}.items() <= (
        scheduled.items()
    )
    assert set(scheduled.values()) <= set(found["tasks"])
    assert settings.CELERY_BEAT_SCHEDULE["Event reminders"]["schedule"] == timedelta(minutes=5)
    assert settings.CELERY_BEAT_SCHEDULE["Mentoring check-ins and feedback"][
        "schedule"
    ] == timedelta(hours=1)


# Transactional: beat closes stale connections as it reads the schedule, which a test wrapped in
# one transaction cannot survive.
@pytest.mark.django_db(transaction=True)
def test_beat_updates_the_rows_the_migrations_created_instead_of_adding_duplicates():
    for name, (task, every, period) in MIGRATION_ROWS.items():
        interval, _ = IntervalSchedule.objects.get_or_create(every=every, period=period)
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "interval": interval, "enabled": True}
        )

    DatabaseScheduler(app=celery_app, lazy=True).setup_schedule()

    assert set(MIGRATION_ROWS) <= set(settings.CELERY_BEAT_SCHEDULE)

    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert PeriodicTask.objects.filter(name=name).count() == 1, name
        assert PeriodicTask.objects.filter(task=entry["task"]).count() == 1, entry["task"]
    reminders = PeriodicTask.objects.get(name="Event reminders")
    assert reminders.enabled
    assert reminders.schedule.run_every == timedelta(minutes=5)
