"""Reads about events shared by the pages, the API, the dashboard and the check-in desk.

Listings run a fixed number of queries whatever the number of events: one for the count (or the
candidate coordinates when searching by distance), one for the page's ids, one for the pages and
one for their shifts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone, translation

from events.models import RSVP, EventIndexPage, EventPage, Notice, Shift, Visibility
from events.waitlist import with_positions
from portal.geo import EARTH_RADIUS_MILES, distance_miles
from portal.i18n import default_language

MAX_RADIUS_MILES = 500.0


@dataclass
class EventFilters:
    origin: tuple[float, float] | None = None
    radius: float = 25.0
    event_types: list[str] = field(default_factory=list)
    is_virtual: bool | None = None
    starts_from: datetime | None = None
    starts_before: datetime | None = None
    hide_full: bool = False
    updated_since: datetime | None = None
    # Listings show events that have not ended unless asked for a time window explicitly.
    upcoming_only: bool = True


@dataclass
class EventResults:
    count: int
    events: list[EventPage]
    page: int
    per_page: int

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _shifts_prefetch() -> Prefetch:
    return Prefetch("shifts", queryset=Shift.objects.order_by("start_at", "pk"))


def shift_owners_only() -> Exists:
    """Events that hold their own shifts: one row per event whatever its languages (a
    translation is shown in place of its source, see `in_active_language`)."""
    translated_from = EventPage.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=default_language()
    ).exclude(pk=OuterRef("pk"))
    return ~Exists(translated_from)


def in_active_language(events: list[EventPage], language: str | None) -> list[EventPage]:
    """Each event replaced by its live translation in `language` where there is one; the
    translation reads its source's (already fetched) shifts."""
    language = (language or default_language()).split("-")[0]
    keys = [event.translation_key for event in events if event.locale.language_code != language]
    if not keys:
        return events
    translated = {
        page.translation_key: page
        for page in EventPage.objects.live()
        .filter(translation_key__in=keys, locale__language_code=language)
        .select_related("featured_image", "locale")
    }
    shown = []
    for event in events:
        version = translated.get(event.translation_key)
        if version is None:
            shown.append(event)
            continue
        version.shift_owner = event
        version.distance = getattr(event, "distance", None)
        shown.append(version)
    return shown


def listed_events(*, now: datetime | None = None) -> QuerySet[EventPage]:
    return (
        EventPage.objects.live()
        .filter(visibility=Visibility.PUBLIC, is_cancelled=False)
        .filter(shift_owners_only())
    )


def _filtered(filters: EventFilters, *, now: datetime) -> QuerySet[EventPage]:
    events = listed_events()
    if filters.upcoming_only:
        events = events.filter(ends_at__gt=now)
    if filters.event_types:
        events = events.filter(event_type__in=filters.event_types)
    if filters.is_virtual is not None:
        events = events.filter(is_virtual=filters.is_virtual)
    if filters.updated_since:
        events = events.filter(last_published_at__gte=filters.updated_since)
    window = Q()
    if filters.starts_from:
        window &= Q(start_at__gte=filters.starts_from)
    if filters.starts_before:
        window &= Q(start_at__lt=filters.starts_before)
    if window:
        events = events.filter(Exists(Shift.objects.filter(window, page=OuterRef("pk"))))
    if filters.hide_full:
        open_shift = Shift.objects.filter(page=OuterRef("pk"), start_at__gt=now).filter(
            Q(capacity__isnull=True) | Q(attendee_count__lt=F("capacity"))
        )
        events = events.filter(Exists(open_shift))
    return events


def _bounding_box(origin: tuple[float, float], radius: float) -> Q:
    lat, lng = origin
    dlat = math.degrees(radius / EARTH_RADIUS_MILES)
    dlng = math.degrees(radius / (EARTH_RADIUS_MILES * max(math.cos(math.radians(lat)), 0.01)))
    return Q(
        latitude__gte=lat - dlat,
        latitude__lte=lat + dlat,
        longitude__gte=lng - dlng,
        longitude__lte=lng + dlng,
    )


def event_search(
    *, filters: EventFilters, page: int = 1, per_page: int = 20, now: datetime | None = None
) -> EventResults:
    """One page of matching events, nearest first when searching around a ZIP, else soonest."""
    now = now or timezone.now()
    events = _filtered(filters, now=now)
    page = max(1, page)
    offset = (page - 1) * per_page
    distances: dict[int, float] = {}
    if filters.origin:
        radius = min(filters.radius, MAX_RADIUS_MILES)
        candidates = events.filter(_bounding_box(filters.origin, radius)).values_list(
            "pk", "latitude", "longitude", "starts_at"
        )
        nearby = []
        for pk, lat, lng, starts_at in candidates:
            miles = distance_miles(filters.origin, (lat, lng))
            if miles <= radius:
                distances[pk] = round(miles, 1)
                nearby.append((miles, starts_at, pk))
        nearby.sort()
        count = len(nearby)
        page_ids = [pk for _miles, _start, pk in nearby[offset : offset + per_page]]
    else:
        count = events.count()
        page_ids = list(
            events.order_by("starts_at", "pk").values_list("pk", flat=True)[
                offset : offset + per_page
            ]
        )
    by_id = {
        event.pk: event
        for event in EventPage.objects.filter(pk__in=page_ids)
        .select_related("featured_image", "locale")
        .prefetch_related(_shifts_prefetch())
    }
    ordered = [by_id[pk] for pk in page_ids if pk in by_id]
    for event in ordered:
        event.distance = distances.get(event.pk)
        event.shift_owner = event
    ordered = in_active_language(ordered, translation.get_language())
    return EventResults(count=count, events=ordered, page=page, per_page=per_page)


def event_index_page(*, language: str | None = None) -> EventIndexPage | None:
    """The events listing in `language` when it has one, else the English one, else any."""
    indexes = EventIndexPage.objects.live()
    if language and language != "en":
        translated = indexes.filter(locale__language_code=language).first()
        if translated is not None:
            return translated
    return indexes.filter(locale__language_code="en").first() or indexes.first()


def live_trainings_for(*, course, limit: int = 3) -> list[EventPage]:
    """The next live trainings of `course` still taking sign-ups, soonest first.

    An event linked to any translation of the course counts, so the Spanish course lists the
    trainings organizers linked to the English one; when an event has a version in the
    course's language, that version is shown.
    """
    events = (
        EventPage.objects.live()
        .filter(
            course__translation_key=course.translation_key,
            is_cancelled=False,
            ends_at__gt=timezone.now(),
        )
        .order_by("starts_at", "pk")
    )
    chosen: dict = {}
    for event in events:
        current = chosen.get(event.translation_key)
        if current is None or (
            event.locale_id == course.locale_id and current.locale_id != course.locale_id
        ):
            chosen[event.translation_key] = event
    return list(chosen.values())[:limit]


def event_by_slug(*, slug: str) -> EventPage | None:
    """A live event by its slug: public and unlisted ones, as their link is what people share."""
    return EventPage.objects.live().filter(slug=slug).order_by("pk").first()


def event_shifts(*, event: EventPage) -> list[Shift]:
    """The event's shifts, in whichever language the page is: a translation uses its source's.
    They stay loaded on the page that owns them, so an RSVP made next does not read them again
    (events.services.rsvp_prepare)."""
    owner = event.shift_owner
    prefetch_related_objects([owner], _shifts_prefetch())
    return list(owner.shifts.all())


def event_for_sign_up(*, event_id: int) -> EventPage | None:
    """The live event `event_id` (in any language, cancelled ones included) with everything a
    sign-up reads loaded onto it: image, locale, shifts (each pointing at the page that owns
    them), tags, questions, series, what each shift's qualifications are, view restrictions.
    Kept for a rush by events.cached_event; None when there is no such live event."""
    from django.db.models import Max

    from events.gating import shift_requirements_by_shift
    from events.models import Series
    from events.questions import event_questions

    event = (
        EventPage.objects.live()
        .filter(pk=event_id)
        .select_related("featured_image", "locale")
        .prefetch_related(_shifts_prefetch(), "tags")
        .first()
    )
    if event is None:
        return None
    owner = event.shift_owner
    if owner is not event:
        owner = (
            EventPage.objects.select_related("locale")
            .prefetch_related(_shifts_prefetch())
            .get(pk=owner.pk)
        )
    event._shift_owner = owner
    for shift in owner.shifts.all():
        shift.page = owner
    # Each of these keeps what it reads on the page or its shifts (see each one's memo).
    event_questions(event=event)
    shift_requirements_by_shift(shifts=owner.shifts.all())
    owner._series_last_starts = [
        (series, series.last_start)
        for series in Series.objects.filter(page=owner)
        .annotate(last_start=Max("occurrences__start_at"))
        .order_by("pk")
        if series.last_start is not None
    ]
    event._view_restrictions = list(event.get_view_restrictions())
    return event


def event_page_context(*, event: EventPage, user) -> dict:
    now = timezone.now()
    shifts = event_shifts(event=event)
    my_rsvps = []
    if user is not None and user.is_authenticated:
        my_rsvps = list(
            RSVP.objects.filter(shift__page=event.shift_owner, person=user, status__in=RSVP.ACTIVE)
            .select_related("shift")
            .order_by("shift__start_at")
        )
        with_positions(my_rsvps)
    for shift in shifts:
        shift.is_past = shift.start_at <= now
    return {
        "shifts": shifts,
        "my_rsvps": my_rsvps,
        "is_attending": any(rsvp.status != RSVP.Status.WAITLISTED for rsvp in my_rsvps),
        "open_shifts": [shift for shift in shifts if not shift.is_past],
    }


def rsvps_for_person_and_event(*, person_id: int, event_id: int) -> list[RSVP]:
    return with_positions(
        list(
            RSVP.objects.filter(person_id=person_id, shift__page_id=event_id)
            .select_related("shift__page", "person")
            .order_by("shift__start_at", "pk")
        )
    )


def featured_events(*, limit: int = 3) -> list[EventPage]:
    return event_search(filters=EventFilters(), per_page=limit).events


def feed_items(*, limit: int) -> list[tuple[EventPage, Shift]]:
    now = timezone.now()
    shifts = (
        Shift.objects.filter(
            end_at__gt=now,
            page__live=True,
            page__visibility=Visibility.PUBLIC,
            page__is_cancelled=False,
        )
        .select_related("page")
        .order_by("start_at", "pk")[:limit]
    )
    return [(shift.page, shift) for shift in shifts]


# --- A volunteer's own events, for /me/ ----------------------------------------------------


def upcoming_rsvps_for(user) -> list[RSVP]:
    """The person's active RSVPs for shifts that have not ended, soonest first."""
    if not user.is_authenticated:
        return []
    return with_positions(
        list(
            RSVP.objects.filter(
                person=user, status__in=RSVP.ACTIVE, shift__end_at__gt=timezone.now()
            )
            .select_related("shift__page")
            .order_by("shift__start_at", "pk")
        )
    )


def past_attendance_for(user) -> list[RSVP]:
    """Shifts the person was checked in at, most recent first."""
    if not user.is_authenticated:
        return []
    return list(
        RSVP.objects.filter(person=user, attendance=RSVP.Attendance.ATTENDED)
        .select_related("shift__page")
        .order_by("-shift__start_at", "-pk")
    )


def volunteer_hours_for(user) -> float:
    """Hours volunteered: the length of every shift the person was checked in at."""
    return round(sum(rsvp.shift.duration_hours for rsvp in past_attendance_for(user)), 2)


# --- Check-in desk -------------------------------------------------------------------------


def can_run_desk_for_all(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("events.manage_all_attendance"))


def desk_events_for(user) -> QuerySet[EventPage]:
    """Events whose check-in desk this user may run: all for organizers, assigned for interns."""
    events = EventPage.objects.all().order_by("-starts_at", "pk")
    if can_run_desk_for_all(user):
        return events
    if user.is_active and user.has_perm("events.use_checkin_desk"):
        return events.filter(interns=user)
    return events.none()


def unknown_notices_for(*, event: EventPage) -> QuerySet[Notice]:
    """The event's emails whose outcome is unknown: handed to the mail server, no answer came.
    They are never resent automatically; organizers see them and may choose to."""
    return (
        Notice.objects.filter(rsvp__shift__page=event, outcome_unknown=True, sent_at__isnull=True)
        .select_related("rsvp__person", "rsvp__shift")
        .order_by("rsvp__shift__start_at", "pk")
    )


def rsvps_with_unknown_email() -> Q:
    """RSVPs with at least one email of unknown outcome (the RSVP list's filter and marker)."""
    return Q(
        Exists(
            Notice.objects.filter(rsvp=OuterRef("pk"), outcome_unknown=True, sent_at__isnull=True)
        )
    )


def desk_shift_rsvps(*, shift: Shift, query: str = "") -> list[RSVP]:
    rsvps = (
        RSVP.objects.filter(shift=shift)
        .exclude(status=RSVP.Status.CANCELLED)
        .select_related("person")
        .order_by("person__first_name", "person__last_name", "pk")
    )
    query = (query or "").strip()[:100]
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        match = (
            Q(person__first_name__icontains=query)
            | Q(person__last_name__icontains=query)
            | Q(person__email__icontains=query)
        )
        if len(digits) >= 3:
            match |= Q(phone__contains=digits)
        parts = query.split()
        if len(parts) > 1:
            match |= Q(person__first_name__icontains=parts[0]) & Q(
                person__last_name__icontains=parts[-1]
            )
        rsvps = rsvps.filter(match)
    return list(rsvps)


# --- For other apps ------------------------------------------------------------------------


def upcoming_shift_ids_by_person(*, person_ids) -> dict[int, set[int]]:
    """User id → ids of the upcoming shifts they hold an active RSVP for (one query).

    Mentor matching gives a bonus to a mentor and a newcomer signed up for the same shift.
    """
    by_person: dict[int, set[int]] = {}
    rows = RSVP.objects.filter(
        person_id__in=list(person_ids),
        status__in=RSVP.ACTIVE,
        shift__start_at__gt=timezone.now(),
        shift__page__live=True,
        shift__page__is_cancelled=False,
    ).values_list("person_id", "shift_id")
    for person_id, shift_id in rows:
        by_person.setdefault(person_id, set()).add(shift_id)
    return by_person


def shifts_by_id(*, shift_ids) -> dict[int, Shift]:
    """Shifts with their event pages, for naming them (e.g. in a mentoring introduction)."""
    return {
        shift.pk: shift
        for shift in Shift.objects.filter(pk__in=list(shift_ids)).select_related("page")
    }
