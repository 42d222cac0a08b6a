"""Labels written in code (event types, badges) are gettext strings: a Spanish reader gets
them in Spanish, with no content translation needed."""

import pytest
from django.utils import translation

from portal.activities import EventType


def test_every_event_type_reads_in_spanish():
    with translation.override("es"):
        spanish = {value: str(label) for value, label in EventType.choices}
    with translation.override("en"):
        english = {value: str(label) for value, label in EventType.choices}
    untranslated = [value for value in english if spanish[value] == english[value]]
    assert untranslated == []


@pytest.mark.django_db
def test_badges_read_in_spanish():
    from portal.newsletters.models import Milestone
    from portal.newsletters.selectors import badges_for
    from tests.factories.recruitment import VolunteerFactory

    user = VolunteerFactory().user
    for kind in Milestone.Kind.values:
        Milestone.objects.create(user=user, kind=kind)
    with translation.override("es"):
        spanish = badges_for(user)
    with translation.override("en"):
        english = badges_for(user)
    same = [
        badge.kind
        for badge, english_badge in zip(spanish, english, strict=True)
        if badge.label == english_badge.label or badge.description == english_badge.description
    ]
    assert same == []
