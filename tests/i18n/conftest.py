import pytest
from wagtail_localize.models import TranslationSource

from tests.factories.events import event_index, make_event


def translate(page, locale, **fields):
    """Translate `page` the way an organizer does in wagtail-localize (the source's text stands
    in for strings nobody translated yet), then publish the translated words in `fields`."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    source.create_or_update_translation(
        locale, user=None, publish=True, copy_parent_pages=True, fallback=True
    )
    translation = page.get_translation(locale).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    if fields:
        translation.save_revision().publish()
        translation.refresh_from_db()
    return translation


@pytest.fixture
def events_index(home_page):
    return event_index(home_page)


@pytest.fixture
def event(events_index):
    return make_event(
        events_index,
        title="Eastside canvass",
        slug="eastside-canvass",
        summary="Knock doors with neighbors.",
        capacity=1,
    )


@pytest.fixture
def spanish_event(event, spanish):
    return translate(
        event,
        spanish,
        title="Puerta a puerta en Eastside",
        summary="Toque puertas con sus vecinos.",
    )
