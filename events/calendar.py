"""Calendar files (.ics) and "add to Google Calendar" links, in the event's own time zone."""

from datetime import UTC, datetime, time
from itertools import islice
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
# Dates of a series' rule looked at for its EXDATEs (the series itself holds at most 200).
EXPANSION_LIMIT = 1000


def _event_url(event) -> str:
    return event.get_full_url() or absolute_url(event.url or "/")


def _location(event, *, for_attendee: bool) -> str:
    if event.is_virtual:
        return event.virtual_join_url if for_attendee else ""
    parts = [event.venue, event.street_address, event.locality, event.region, event.postal_code]
    return ", ".join(part for part in parts if part)


def _host() -> str:
    return settings.WAGTAILADMIN_BASE_URL.split("//")[-1]


def _vevent(event, shift, *, for_attendee: bool, instructions: str = "") -> Event:
    zone = event.zone
    item = Event()
    item.add("uid", f"shift-{shift.pk}@{_host()}")
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


def _series_components(event, series, shifts) -> list[Event]:
    """A recurring series as RFC 5545 has it: one VEVENT with the RRULE (and an EXDATE for each
    date of the rule without a shift: left out, or removed since), then each occurrence as an
    override of the same UID, so calendars show the run once with every occurrence's own data."""
    from events.series import rrule_for

    zone = event.zone
    uid = f"series-{series.pk}@{_host()}"
    first_start = timezone.make_aware(datetime.combine(series.starts_on, series.start_time), zone)
    first_end = timezone.make_aware(datetime.combine(series.starts_on, series.end_time), zone)
    master = Event()
    master.add("uid", uid)
    master.add("summary", event.title)
    master.add("dtstart", first_start)
    master.add("dtend", first_end)
    master.add("dtstamp", timezone.now())
    master.add("url", _event_url(event))
    master.add("rrule", _rrule_value(series, zone))
    location = _location(event, for_attendee=False)
    if location:
        master.add("location", vText(location))
    by_date = {timezone.localtime(shift.start_at, zone).date(): shift for shift in shifts}
    components, missing = [master], []
    for starts in islice(rrule_for(series), EXPANSION_LIMIT):
        local = timezone.make_aware(starts, zone)
        shift = by_date.pop(starts.date(), None)
        if shift is None:
            missing.append(local)
            continue
        item = _vevent(event, shift, for_attendee=False)
        item["uid"] = uid
        item.add("recurrence-id", local)
        components.append(item)
    if missing:
        master.add("exdate", missing)
    # An occurrence moved to another date is no longer the rule's: it stands on its own.
    components += [_vevent(event, shift, for_attendee=False) for shift in by_date.values()]
    return components


def _rrule_value(series, zone) -> dict:
    frequency = {"WEEKLY": "WEEKLY", "BIWEEKLY": "WEEKLY", "MONTHLY": "MONTHLY"}[series.frequency]
    days = series.weekday_numbers or [series.starts_on.weekday()]
    codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    value: dict = {"freq": frequency}
    if series.frequency == "BIWEEKLY":
        value["interval"] = 2
    if series.frequency == "MONTHLY":
        nth = (series.starts_on.day - 1) // 7 + 1
        nth = -1 if nth == 5 else nth
        value["byday"] = [f"{nth}{codes[day]}" for day in days]
    else:
        value["byday"] = [codes[day] for day in days]
    if series.count:
        value["count"] = series.count
    elif series.until:
        # With a zoned DTSTART, RFC 5545 wants UNTIL in UTC: the end of the last day, there.
        last = timezone.make_aware(datetime.combine(series.until, time.max), zone)
        value["until"] = last.astimezone(UTC).replace(microsecond=0)
    return value


def build_calendar(items, *, name: str = "", series_groups=()) -> bytes:
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
    for event, series, shifts in series_groups:
        for component in _series_components(event, series, shifts):
            calendar.add_component(component)
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


def outlook_calendar_url(event, shift, *, for_attendee: bool = True) -> str:
    """Outlook on the web's "new event" form, filled in (its deep link takes UTC times)."""
    stamp = "%Y-%m-%dT%H:%M:%SZ"
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": shift.start_at.astimezone(UTC).strftime(stamp),
        "enddt": shift.end_at.astimezone(UTC).strftime(stamp),
        "body": strip_tags(event.summary or "") + "\n" + _event_url(event),
        "location": _location(event, for_attendee=for_attendee),
    }
    return "https://outlook.live.com/calendar/0/action/compose?" + urlencode(params)


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_response(request, event) -> HttpResponse:
    from events.models import Series
    from events.selectors import event_shifts

    shifts = event_shifts(event=event)
    series = {item.pk: item for item in Series.objects.filter(page=event)}
    grouped: dict[int, list] = {}
    for shift in shifts:
        if shift.series_id in series:
            grouped.setdefault(shift.series_id, []).append(shift)
    body = build_calendar(
        [(event, shift, False, "") for shift in shifts if shift.series_id not in grouped],
        name=event.title,
        series_groups=[(event, series[pk], items) for pk, items in grouped.items()],
    )
    return _ics_response(body, f"{event.slug}.ics")


def feed_response(request, index) -> HttpResponse:
    from events.selectors import feed_items

    body = build_calendar(
        [(event, shift, False, "") for event, shift in feed_items(limit=FEED_LIMIT)],
        name=index.title,
    )
    return _ics_response(body, "events.ics")
