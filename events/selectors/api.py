"""Reads for the events API (/api/v1/), shaped by Mobilize's API v1 filters.

Kept apart from the listing selectors: the API lists past events too, includes cancelled ones
when a syncing client asks what changed, and trims each event's timeslots to the asked range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from events.models import RSVP, DeletedEvent, EventPage, Shift, Visibility
from events.selectors import shift_owners_only
from portal.geo import distance_miles
from recruitment.models import Volunteer

# Mobilize's comparison operators, as Django lookups.
COMPARISONS = {"gte": "gte", "gt": "gt", "lte": "lte", "lt": "lt"}


@dataclass
class ApiEventFilters:
    # (operator, moment) pairs, all of which a timeslot must meet: a repeated filter is a range.
    timeslot_start: list[tuple[str, datetime]] = field(default_factory=list)
    timeslot_end: list[tuple[str, datetime]] = field(default_factory=list)
    exclude_full: bool = False
    updated_since: datetime | None = None
    event_types: list[str] = field(default_factory=list)
    is_virtual: bool | None = None
    tag_ids: list[int] = field(default_factory=list)
    visibilities: list[str] = field(default_factory=lambda: [Visibility.PUBLIC])
    high_priority_only: bool = False
    state: str = ""
    origin: tuple[float, float] | None = None
    radius: float = 25.0
    # NEEDS_APPROVAL lists volunteer hosts' events still awaiting an organizer's publication.
    approval_statuses: list[str] = field(default_factory=lambda: ["APPROVED"])


@dataclass
class ApiPage:
    count: int
    items: list
    page: int
    per_page: int

    @property
    def has_next(self) -> bool:
        return self.page < max(1, math.ceil(self.count / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _shift_condition(filters: ApiEventFilters) -> Q:
    condition = Q()
    for operator, moment in filters.timeslot_start:
        condition &= Q(**{f"start_at__{COMPARISONS[operator]}": moment})
    for operator, moment in filters.timeslot_end:
        condition &= Q(**{f"end_at__{COMPARISONS[operator]}": moment})
    if filters.exclude_full:
        condition &= Q(capacity__isnull=True) | Q(attendee_count__lt=F("capacity"))
    return condition


def _events(filters: ApiEventFilters) -> QuerySet[EventPage]:
    approved = Q(live=True)
    if "NEEDS_APPROVAL" in filters.approval_statuses:
        approved |= Q(live=False, host__isnull=False, first_published_at__isnull=True)
    if "APPROVED" not in filters.approval_statuses:
        approved &= ~Q(live=True)
    # One event per set of shifts: translations are the same event in another language.
    events = EventPage.objects.filter(
        approved, shift_owners_only(), visibility__in=filters.visibilities
    )
    # A syncing client asking what changed must learn of cancellations; plain lists leave them out.
    if filters.updated_since is None:
        events = events.filter(is_cancelled=False)
    else:
        events = events.filter(
            Q(last_published_at__gte=filters.updated_since)
            | Q(cancelled_at__gte=filters.updated_since)
        )
    if filters.event_types:
        events = events.filter(event_type__in=filters.event_types)
    if filters.is_virtual is not None:
        events = events.filter(is_virtual=filters.is_virtual)
    if filters.tag_ids:
        events = events.filter(tags__in=filters.tag_ids).distinct()
    if filters.high_priority_only:
        events = events.filter(high_priority=True)
    if filters.state:
        events = events.filter(region__iexact=filters.state, is_virtual=False)
    condition = _shift_condition(filters)
    if condition:
        events = events.filter(Exists(Shift.objects.filter(condition, page=OuterRef("pk"))))
    return events


def api_events(*, filters: ApiEventFilters, page: int = 1, per_page: int = 25) -> ApiPage:
    """One page of events, high priority first, then soonest; nearest first around a ZIP.
    Each event carries only the timeslots that meet the timeslot filters."""
    events = _events(filters)
    offset = (page - 1) * per_page
    if filters.origin:
        nearby = []
        for pk, lat, lng in events.filter(latitude__isnull=False).values_list(
            "pk", "latitude", "longitude"
        ):
            miles = distance_miles(filters.origin, (lat, lng))
            if miles <= filters.radius:
                nearby.append((miles, pk))
        nearby.sort()
        count = len(nearby)
        page_ids = [pk for _miles, pk in nearby[offset : offset + per_page]]
    else:
        count = events.count()
        page_ids = list(
            events.order_by(
                "-high_priority", F("starts_at").asc(nulls_last=True), "pk"
            ).values_list("pk", flat=True)[offset : offset + per_page]
        )
    shifts = Shift.objects.filter(_shift_condition(filters)).order_by("start_at", "pk")
    by_id = {
        event.pk: event
        for event in EventPage.objects.filter(pk__in=page_ids)
        .select_related("featured_image", "owner")
        .prefetch_related(Prefetch("shifts", queryset=shifts), "tags")
    }
    items = [by_id[pk] for pk in page_ids if pk in by_id]
    return ApiPage(count=count, items=items, page=page, per_page=per_page)


def api_event(*, event_id: int, visibilities: list[str]) -> EventPage | None:
    """A live event by id, cancelled ones included (they carry their deletion date)."""
    return (
        EventPage.objects.live()
        .filter(pk=event_id, visibility__in=visibilities)
        # Not the owner: the event object names only its id, and every column joined is
        # compiled again on each request. (Sign-ups read events.cached_event instead.)
        .select_related("featured_image", "locale")
        .prefetch_related(
            Prefetch("shifts", queryset=Shift.objects.order_by("start_at", "pk")), "tags"
        )
        .first()
    )


@dataclass
class Deletion:
    id: int
    deleted_date: datetime


def deleted_events(
    *, visibilities: list[str], since: datetime | None, page: int, per_page: int
) -> ApiPage:
    """Events gone for API clients: deleted or unpublished pages, and cancelled live events."""
    gone = DeletedEvent.objects.filter(visibility__in=visibilities)
    cancelled = EventPage.objects.live().filter(
        is_cancelled=True, cancelled_at__isnull=False, visibility__in=visibilities
    )
    if since is not None:
        gone = gone.filter(deleted_at__gte=since)
        cancelled = cancelled.filter(cancelled_at__gte=since)
    rows = [Deletion(pk, moment) for pk, moment in gone.values_list("event_id", "deleted_at")]
    tombstoned = {row.id for row in rows}
    rows += [
        Deletion(pk, moment)
        for pk, moment in cancelled.values_list("pk", "cancelled_at")
        if pk not in tombstoned
    ]
    rows.sort(key=lambda row: (row.deleted_date, row.id))
    offset = (page - 1) * per_page
    return ApiPage(
        count=len(rows), items=rows[offset : offset + per_page], page=page, per_page=per_page
    )


def api_attendances(
    *, event_id: int | None, since: datetime | None, page: int, per_page: int
) -> ApiPage:
    """Sign-ups, oldest first; `since` keeps those created or changed (cancelled, confirmed,
    checked in) from then on, as RSVPs keep no single modification time."""
    rsvps = RSVP.objects.all()
    if event_id is not None:
        rsvps = rsvps.filter(shift__page_id=event_id)
    if since is not None:
        rsvps = rsvps.filter(
            Q(created_at__gte=since)
            | Q(cancelled_at__gte=since)
            | Q(confirmed_at__gte=since)
            | Q(checked_in_at__gte=since)
        )
    count = rsvps.count()
    offset = (page - 1) * per_page
    items = list(
        rsvps.select_related("shift", "shift__page", "person", "person__volunteer").order_by("pk")[
            offset : offset + per_page
        ]
    )
    return ApiPage(count=count, items=items, page=page, per_page=per_page)


def api_people(*, since: datetime | None, page: int, per_page: int) -> ApiPage:
    """Volunteers with an account (erased profiles have none), oldest first."""
    people = Volunteer.objects.filter(user__isnull=False, erased_at__isnull=True)
    if since is not None:
        people = people.filter(updated_at__gte=since)
    count = people.count()
    offset = (page - 1) * per_page
    items = list(people.select_related("user").order_by("pk")[offset : offset + per_page])
    return ApiPage(count=count, items=items, page=page, per_page=per_page)
