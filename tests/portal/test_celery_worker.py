"""A real Celery worker process, talking to the configured broker (Redis in CI, SQLite locally)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from portal.celery import app as celery_app
from portal.tasks import ping

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker_queue():
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.worker
def test_a_real_worker_runs_a_task_sent_through_the_broker(worker_queue, monkeypatch):
    # The test settings run tasks in-process; this test wants them to cross the broker.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    payload = uuid.uuid4().hex
    result = ping.apply_async(args=[payload], queue=worker_queue)
    # Eager tasks run in other tests' threads can leave Celery's process-wide "no blocking joins"
    # flag on; this test is not inside a task, so it may wait.
    assert result.get(timeout=60, disable_sync_subtasks=False) == payload
    assert result.successful()
