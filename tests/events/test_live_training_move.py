"""The live-training link moved from training.CourseSession (course → event) to
events.EventPage.course (event → course) without losing a row."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import EventPage
from portal.activities import EventType
from tests.factories.events import event_index, make_event
from tests.factories.training import make_course, training_index

BEFORE_THE_MOVE = [
    ("events", "0006_apikey_owner_and_insights"),
    ("training", "0002_organizer_permissions"),
]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_course_sessions_become_the_events_course_when_migrating_forward(home_page):
    course = make_course(training_index(home_page), title="Canvassing 101")
    other_course = make_course(training_index(home_page), title="Phone banking basics")
    index = event_index(home_page)
    training = make_event(index, title="Live canvass training", event_type=EventType.TRAINING)
    second = make_event(
        index,
        title="Phone bank training",
        event_type=EventType.TRAINING,
        starts_in=timedelta(days=5),
    )
    unlinked = make_event(index, title="Saturday canvass")

    executor = _migrate(BEFORE_THE_MOVE)
    old_apps = executor.loader.project_state(BEFORE_THE_MOVE).apps
    CourseSession = old_apps.get_model("training", "CourseSession")
    CourseSession.objects.create(course_id=course.pk, event_id=training.pk, sort_order=0)
    CourseSession.objects.create(course_id=other_course.pk, event_id=second.pk, sort_order=0)

    executor = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert EventPage.objects.get(pk=training.pk).course_id == course.pk
    assert EventPage.objects.get(pk=second.pk).course_id == other_course.pk
    assert EventPage.objects.get(pk=unlinked.pk).course_id is None
    # The draft an editor opens next carries the link too, so publishing it keeps it.
    draft = EventPage.objects.get(pk=training.pk).get_latest_revision_as_object()
    assert draft.course_id == course.pk
    assert list(course.live_trainings.all()) == [EventPage.objects.get(pk=training.pk)]
