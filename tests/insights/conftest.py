import pytest
from django.contrib.auth.models import Group

from portal.insights.access import ensure_organizer_access
from tests.factories import insights
from tests.factories.users import UserFactory


@pytest.fixture
def scenario(home_page):
    return insights.build(home_page)


def _staff(*groups: str, **fields):
    user = UserFactory(is_staff=True, **fields)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture
def organizer_user(db):
    from events.roles import ensure_roles

    ensure_roles()
    ensure_organizer_access()
    return _staff("Moderators", email="organizer@example.org")


@pytest.fixture
def intern_user(db):
    from events.roles import ensure_roles

    interns = ensure_roles()
    return _staff(interns.name, email="intern@example.org")


@pytest.fixture
def organizer(client, organizer_user):
    client.force_login(organizer_user)
    return client
