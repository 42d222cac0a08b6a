import pytest
from django.contrib.auth.models import Group

from tests.events.helpers import person
from tests.factories.events import event_index, make_event


@pytest.fixture
def events_index(home_page):
    return event_index(home_page)


@pytest.fixture
def event(events_index):
    return make_event(events_index, title="Eastside canvass")


# Staff of the two roles, as the desk and message screens see them (a test may assign events).
@pytest.fixture
def intern(db):
    user = person("intern@example.org", first_name="Ida", last_name="Intern")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Interns"))
    return user


@pytest.fixture
def organizer(db):
    user = person("organizer@example.org", first_name="Olu", last_name="Organizer")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Moderators"))
    return user
