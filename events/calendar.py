"""Calendar files (.ics) and "add to Google Calendar" links, in the event's own time zone."""

from datetime import UTC
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event, vText

from portal.i18n import in_language
from portal.links import absolute_url

PRODID = "-//Volunteer Portal//Events//EN"
FEED_LIMIT = 500


def _event_url(event) -> str:
    return event.get_full_url() or absolute_url(event.url or "/")


def _location(event, *, for_attendee: bool) -> str:
    if event.is_virtual:
        return event.virtual_join_url if for_attendee else ""
    parts = [event.venue, event.street_address, event.locality, event.region, event.postal_code]
    return ", ".join(part for part in parts if part)


def _vevent(event, shift, *, for_attendee: bool, instructions: str = "") -> Event:
    zone = event.zone
    item = Event()
    item.add("uid", f"shift-{shift.pk}@{settings.WAGTAILADMIN_BASE_URL.split('//')[-1]}")
    item.add("summary", event.title)
    item.add("dtstart", timezone.localtime(shift.start_at, zone))
    item.add("dtend", timezone.localtime(shift.end_at, zone))
    item.add("dtstamp", timezone.now())
    url = _event_url(event)
    item.add("url", url)
    description = "\n\n".join(part for part in (event.summary, instructions, url) if part)
    item.add("description", description)
    location = _location(event, for_attendee=for_attendee)
    if location:
        item.add("location", vText(location))
    if event.is_cancelled:
        item.add("status", "CANCELLED")
    return item


def build_calendar(items, *, name: str = "") -> bytes:
    """A VCALENDAR with one VEVENT per (event, shift, for_attendee, instructions) item and a
    VTIMEZONE for every zone they use."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    for event, shift, for_attendee, instructions in items:
        calendar.add_component(
            _vevent(event, shift, for_attendee=for_attendee, instructions=instructions)
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()


def rsvp_ics(rsvps) -> bytes:
    """The calendar attached to a confirmation: attendees get the join link and instructions."""
    return build_calendar(
        [
            (
                page,
                rsvp.shift,
                True,
                "\n\n".join(
                    part for part in (page.private_instructions, rsvp.shift.instructions) if part
                ),
            )
            for rsvp in rsvps
            # In the language the person signed up in (the translation's words, same shift).
            for page in [in_language(rsvp.shift.page, rsvp.language)]
        ]
    )


def google_calendar_url(event, shift, *, for_attendee: bool = True) -> str:
    stamp = "%Y%m%dT%H%M%SZ"
    start = shift.start_at.astimezone(UTC).strftime(stamp)
    end = shift.end_at.astimezone(UTC).strftime(stamp)
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{start}/{end}",
        "ctz": event.timezone,
        "details": strip_tags(event.summary or "") + "\n" + _event_url(event),
        "location": _location(event, for_attendee=for_attendee),
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_response(request, event) -> HttpResponse:
    from events.selectors import event_shifts

    body = build_calendar(
        [(event, shift, False, "") for shift in event_shifts(event=event)], name=event.title
    )
    return _ics_response(body, f"{event.slug}.ics")


def feed_response(request, index) -> HttpResponse:
    from events.selectors import feed_items

    body = build_calendar(
        [(event, shift, False, "") for event, shift in feed_items(limit=FEED_LIMIT)],
        name=index.title,
    )
    return _ics_response(body, "events.ics")
