import pytest
from django.contrib.auth.models import Group

from portal.roles import INTERNS_GROUP, roles_apply
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
    roles_apply()
    return _staff("Moderators", email="organizer@example.org")


@pytest.fixture
def intern_user(db):
    roles_apply()
    return _staff(INTERNS_GROUP, email="intern@example.org")


@pytest.fixture
def organizer(client, organizer_user):
    client.force_login(organizer_user)
    return client
