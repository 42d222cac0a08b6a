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
