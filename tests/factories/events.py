"""Events for tests: an index under the home page and events with shifts, published."""

from datetime import timedelta

from django.utils import timezone

from events.models import EventIndexPage, EventPage, Shift
from portal.activities import EventType


def event_index(home_page) -> EventIndexPage:
    existing = EventIndexPage.objects.child_of(home_page).first()
    if existing is not None:
        return existing
    index = EventIndexPage(title="Events", slug="events", introduction="Find your next shift.")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_event(
    index: EventIndexPage,
    *,
    title: str = "Saturday canvass",
    slug: str | None = None,
    shifts: list[dict] | None = None,
    starts_in: timedelta = timedelta(days=3),
    capacity: int | None = 10,
    publish: bool = True,
    **fields,
) -> EventPage:
    start = timezone.now().replace(microsecond=0) + starts_in
    if shifts is None:
        shifts = [{"start_at": start, "end_at": start + timedelta(hours=3), "capacity": capacity}]
    defaults = {
        "summary": "Knock doors with neighbors.",
        "event_type": EventType.CANVASS,
        "timezone": "America/Detroit",
        "venue": "Eastside Office",
        "street_address": "2100 Gratiot Ave",
        "locality": "Detroit",
        "region": "MI",
        "postal_code": "48207",
        "contact_email": "organizer@example.org",
        "private_instructions": "Bring water and comfortable shoes.",
    }
    defaults.update(fields)
    event = EventPage(title=title, slug=slug or _slug(index), live=publish, **defaults)
    for data in shifts:
        event.shifts.add(Shift(**data))
    index.add_child(instance=event)
    if publish:
        event.save_revision().publish()
    event.refresh_from_db()
    return event


_counter = {"n": 0}


def _slug(index) -> str:
    _counter["n"] += 1
    return f"event-{_counter['n']}-{index.pk}"


def standalone_index() -> EventIndexPage:
    """An events index for transactional tests, where the migrations' root page and site may
    have been flushed away by an earlier test."""
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage

    locale, _created = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="Home", slug="home-standalone", hero_heading="Hi", locale=locale)
        root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return event_index(home)
