"""Benchmark (b): /events/ and /api/v1/events?zipcode=…&max_dist=25 with 10,000 upcoming events.

Fills a throwaway PostgreSQL database on 127.0.0.1 with 10,000 published events spread over the
six demo ZIP codes, then serves each URL repeatedly in-process (no network), reporting the SQL
query count of every request (it must not vary) and the median server time.

    .venv/bin/python bench/listing_scale.py       # bounded: gives up after 10 minutes
"""

import os
import signal
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    measure_url,
    report_url,
    setup_django,
    site_with_index,
    throwaway_database,
)

EVENTS = int(os.environ.get("BENCH_EVENTS", "10000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "30"))
MAX_QUERIES = 25
TIME_LIMIT = 600
ZIPS = [
    ("48207", "Detroit", "MI", "America/Detroit"),
    ("19130", "Philadelphia", "PA", "America/New_York"),
    ("85009", "Phoenix", "AZ", "America/Phoenix"),
    ("30303", "Atlanta", "GA", "America/New_York"),
    ("53212", "Milwaukee", "WI", "America/Chicago"),
    ("89104", "Las Vegas", "NV", "America/Los_Angeles"),
]


def fill(index, count):
    """Insert `count` published events with one shift each, quickly.

    Pages are created in bulk (tree paths computed here), then each event row is inserted on its
    own page row; a page-by-page add_child would take far longer for 10,000 events.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from events.models import EventPage, Shift
    from portal.activities import EventType
    from portal.geo import zip_centroid

    content_type = ContentType.objects.get_for_model(EventPage)
    now = timezone.now().replace(microsecond=0)
    types = list(EventType.values)
    with transaction.atomic():
        pages = Page.objects.bulk_create(
            [
                Page(
                    title=f"Bench event {n}",
                    slug=f"bench-event-{n}",
                    content_type=content_type,
                    path=index._get_path(index.path, index.depth + 1, n + 1),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}bench-event-{n}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=index.locale_id,
                    draft_title=f"Bench event {n}",
                )
                for n in range(count)
            ],
            batch_size=1000,
        )
        shifts = []
        for n, page in enumerate(pages):
            postal_code, city, region, zone = ZIPS[n % len(ZIPS)]
            lat, lng = zip_centroid(postal_code)
            start = now + timedelta(hours=2 + n % (30 * 24))
            event = EventPage(
                page_ptr_id=page.pk,
                summary="A benchmark event.",
                event_type=types[n % len(types)],
                timezone=zone,
                street_address="1 Main St",
                locality=city,
                region=region,
                postal_code=postal_code,
                latitude=lat,
                longitude=lng,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
            )
            # raw=True writes only the events row: its page row already exists.
            event.save_base(raw=True)
            shifts.append(
                Shift(
                    page_id=page.pk,
                    start_at=start,
                    end_at=start + timedelta(hours=2),
                    capacity=None if n % 3 else 20,
                    attendee_count=n % 21 if n % 3 == 0 else 0,
                )
            )
        Shift.objects.bulk_create(shifts, batch_size=1000)
        Page.objects.filter(pk=index.pk).update(numchild=count)


def main():
    signal.alarm(TIME_LIMIT)
    with throwaway_database("portal_bench_listing") as url:
        setup_django(url)
        from django.db import connections
        from django.test import Client

        from events.models import EventPage

        index = site_with_index()
        started = time.perf_counter()
        fill(index, EVENTS)
        print(f"created {EventPage.objects.count()} events in {time.perf_counter() - started:.1f}s")
        client = Client(HTTP_HOST="127.0.0.1")
        ok = True
        for target in (
            "/events/",
            "/events/?zip=48201&radius=25",
            "/api/v1/events",
            "/api/v1/events?zipcode=48201&max_dist=25",
            "/api/v1/events?zipcode=48201&max_dist=25&per_page=100",
        ):
            median, queries = measure_url(client, target, repeats=REPEATS)
            ok &= report_url(target, median, queries, max_queries=MAX_QUERIES, width=58)
        connections.close_all()
    print("RESULT:", "OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
