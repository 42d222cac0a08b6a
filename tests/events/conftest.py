import pytest

from tests.factories.events import event_index, make_event


@pytest.fixture
def events_index(home_page):
    return event_index(home_page)


@pytest.fixture
def event(events_index):
    return make_event(events_index, title="Eastside canvass")
