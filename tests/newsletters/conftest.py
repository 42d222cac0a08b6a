import pytest

from tests.factories.users import UserFactory


@pytest.fixture
def organizer(db):
    return UserFactory(email="organizer@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run a service the way production does: its after-commit work (tasks, eager) runs too."""

    def _run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return _run


def pytest_sessionfinish(session, exitstatus):
    """Django removes the SQLite test database file (see portal/settings/test.py) but not the
    WAL and shared-memory files beside it; remove this run's leftovers."""
    from pathlib import Path

    from django.conf import settings

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if not name or not str(name).endswith(".sqlite3") or Path(name).exists():
        return
    for suffix in ("-wal", "-shm"):
        Path(f"{name}{suffix}").unlink(missing_ok=True)
