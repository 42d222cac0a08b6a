"""Celery finds every app's tasks by autodiscovery, as a worker started with `-A portal` does,
and the task names stored in beat's schedule still name registered tasks."""

import json
import os
import subprocess
import sys
from pathlib import Path

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
