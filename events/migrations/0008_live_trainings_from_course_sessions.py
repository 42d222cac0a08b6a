"""Copy every training.CourseSession (course → event) into EventPage.course (event → course).

An event linked from several courses keeps the one in its own language (the Spanish copy of a
course shares the English course's events), else the first in the course's order. The latest
and live revisions get the link too, so the next edit of an event does not publish it away.
"""

from django.db import migrations


def _set_in_revisions(event, course_id, Revision) -> None:
    revision_ids = {event.latest_revision_id, event.live_revision_id} - {None}
    for revision in Revision.objects.filter(pk__in=revision_ids):
        revision.content["course"] = course_id
        revision.save(update_fields=["content"])


def copy_sessions_to_events(apps, schema_editor):
    CourseSession = apps.get_model("training", "CourseSession")
    EventPage = apps.get_model("events", "EventPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    chosen: dict[int, tuple[int, int]] = {}
    rows = CourseSession.objects.order_by("course_id", "sort_order", "pk").values_list(
        "event_id", "course_id", "course__locale_id", "event__locale_id"
    )
    for event_id, course_id, course_locale_id, event_locale_id in rows:
        current = chosen.get(event_id)
        same_language = course_locale_id == event_locale_id
        if current is None or (same_language and current[1] != event_locale_id):
            chosen[event_id] = (course_id, course_locale_id)
    for event in EventPage.objects.filter(pk__in=chosen):
        course_id = chosen[event.pk][0]
        event.course_id = course_id
        event.save(update_fields=["course"])
        _set_in_revisions(event, course_id, Revision)


def copy_events_to_sessions(apps, schema_editor):
    CourseSession = apps.get_model("training", "CourseSession")
    EventPage = apps.get_model("events", "EventPage")
    linked = EventPage.objects.exclude(course=None).order_by("starts_at", "pk")
    for number, (event_id, course_id) in enumerate(linked.values_list("pk", "course_id")):
        if not CourseSession.objects.filter(course_id=course_id, event_id=event_id).exists():
            CourseSession.objects.create(course_id=course_id, event_id=event_id, sort_order=number)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_eventpage_course"),
        ("training", "0002_organizer_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(copy_sessions_to_events, copy_events_to_sessions)]
