"""The event as the sign-up paths read it, shared by every process until the event changes.

Both ways in (the API's attendances and the event page's form) read the same event for every
sign-up: the page with its image and locale, its shifts, tags, questions and series, what each
shift's qualifications are, the page's view restrictions; the API also serializes it. In a rush
that is the same few hundred milliseconds of query compiling per second for an answer that
changes only when an organizer edits the event. Here it is read once and kept in the shared cache
(portal.remembered) until any of those rows changes: a page, shift, question, series, tag,
qualification, view restriction, image, site or site setting saved or deleted anywhere moves
the generation on once the change commits.

What a rush itself changes, the shifts' counters, is not part of it: places are taken by one
statement against the live counters (events.places), and the counters a kept event carries are
only shown (as in a page loaded a moment ago). A shift's counter saved on its own
(`update_fields=["attendee_count"]`) therefore keeps what is remembered.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished

from events import selectors
from events.models import EventPage, EventTag, Question, Series, Shift
from home.models import SiteSettings
from portal.remembered import move_on, remembered
from training.models import Qualification

GENERATION = "events:cached-event:generation"

# Whatever an event kept here is made of: saving or deleting any of these moves on.
MADE_OF = (
    Page,
    Shift,
    Question,
    Series,
    EventTag,
    Qualification,
    PageViewRestriction,
    Site,
    SiteSettings,
    Locale,
    get_image_model(),
)
COUNTER_ONLY = frozenset({"attendee_count"})


def event_for_sign_up(*, event_id: int) -> EventPage | None:
    """The live event `event_id` (in any language, cancelled ones included) with everything a
    sign-up reads already loaded; None when there is no such live event."""
    return remembered(
        f"events:cached-event:{event_id}",
        generation=GENERATION,
        build=lambda: selectors.event_for_sign_up(event_id=event_id),
    )


def serialized_event(*, event: EventPage, request, serialize) -> dict:
    """`serialize(event, request)` (the API's event object), kept per host and language: its
    links are absolute and its texts translated."""
    language = translation.get_language() or ""
    key = f"events:cached-api-event:{event.pk}:{request.scheme}:{request.get_host()}:{language}"
    return remembered(key, generation=GENERATION, build=lambda: serialize(event, request))


def _changed(sender, instance=None, update_fields=None, **kwargs):
    if not isinstance(instance, MADE_OF):
        return
    if isinstance(instance, Shift) and update_fields and set(update_fields) <= COUNTER_ONLY:
        return
    move_on(GENERATION)


def _page_changed(sender, **kwargs):
    move_on(GENERATION)


def _tags_changed(sender, action=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        move_on(GENERATION)


post_save.connect(_changed, dispatch_uid="events.cached_event.saved")
post_delete.connect(_changed, dispatch_uid="events.cached_event.deleted")
page_published.connect(_page_changed, dispatch_uid="events.cached_event.published")
page_unpublished.connect(_page_changed, dispatch_uid="events.cached_event.unpublished")
m2m_changed.connect(
    _tags_changed, sender=EventPage.tags.through, dispatch_uid="events.cached_event.tags"
)
