"""Bulk history for the insights demo and benchmark: published past events, written straight to
the tables (a page-by-page `add_child` would take minutes for thousands of events).

Nothing here sends email or runs the RSVP services: it records what already happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from wagtail.models import Page

from events.models import EventIndexPage, EventPage
from portal.geo import zip_centroid


@dataclass(frozen=True)
class EventSpec:
    slug: str
    title: str
    event_type: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    postal_code: str = ""
    locality: str = ""
    region: str = ""
    venue: str = ""
    street_address: str = ""
    is_virtual: bool = False
    summary: str = ""


def bulk_events(index: EventIndexPage, specs: Sequence[EventSpec]) -> list[EventPage]:
    """Create published events under `index`; shifts are the caller's (with the returned pks)."""
    content_type = ContentType.objects.get_for_model(EventPage)
    last_path = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1).aggregate(
        last=Max("path")
    )["last"]
    position = Page._str2int(last_path[-Page.steplen :]) if last_path else 0
    pages = Page.objects.bulk_create(
        [
            Page(
                title=spec.title,
                draft_title=spec.title,
                slug=spec.slug,
                content_type=content_type,
                path=index._get_path(index.path, index.depth + 1, position + number + 1),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{spec.slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=spec.starts_at,
                last_published_at=spec.starts_at,
                locale_id=index.locale_id,
            )
            for number, spec in enumerate(specs)
        ],
        batch_size=500,
    )
    events = []
    for page, spec in zip(pages, specs, strict=True):
        centroid = None if spec.is_virtual else zip_centroid(spec.postal_code)
        event = EventPage(
            page_ptr_id=page.pk,
            summary=spec.summary,
            event_type=spec.event_type,
            timezone=spec.timezone,
            is_virtual=spec.is_virtual,
            venue=spec.venue,
            street_address=spec.street_address,
            locality=spec.locality,
            region=spec.region,
            postal_code=spec.postal_code,
            latitude=centroid[0] if centroid else None,
            longitude=centroid[1] if centroid else None,
            starts_at=spec.starts_at,
            ends_at=spec.ends_at,
            # Events made in bulk are invented history (the demo, benchmarks): nobody is thanked
            # or missed for a shift that never happened.
            send_thank_you=False,
            send_missed_you=False,
        )
        # raw=True writes only the events row: its page row already exists.
        event.save_base(raw=True)
        event.pk = page.pk
        events.append(event)
    Page.objects.filter(pk=index.pk).update(
        numchild=Page.objects.filter(path__startswith=index.path, depth=index.depth + 1).count()
    )
    return events
