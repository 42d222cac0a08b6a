import os
import subprocess
import sys
from pathlib import Path

from tests.ci_guard import ci_backends_problem

ROOT = Path(__file__).resolve().parents[2]


def test_ci_run_on_sqlite_is_refused():
    problem = ci_backends_problem(
        {"CI": "true"},
        database_engine="django.db.backends.sqlite3",
        broker_url="sqla+sqlite:///var/broker.sqlite",
    )
    assert "not PostgreSQL" in problem
    assert "not Redis" in problem


def test_ci_run_on_postgresql_and_redis_passes():
    problem = ci_backends_problem(
        {"CI": "true"},
        database_engine="django.db.backends.postgresql",
        broker_url="redis://127.0.0.1:6379/0",
    )
    assert problem == ""


def test_outside_ci_any_backend_will_do():
    assert (
        ci_backends_problem({}, database_engine="django.db.backends.sqlite3", broker_url="") == ""
    )


def test_pytest_stops_a_ci_run_without_database_url():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "REDIS_URL"}
    }
    env.update(CI="true", DJANGO_SETTINGS_MODULE="portal.settings.test")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "tests/portal/test_ci_guard.py::test_outside_ci_any_backend_will_do",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 3, run.stdout + run.stderr
    assert "not PostgreSQL" in run.stdout + run.stderr
