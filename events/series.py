"""Recurring series and standing sign-ups ("every week").

A series is a recurrence rule (python-dateutil's rrule, the reference implementation of
RFC 5545's RRULE) expanded once into ordinary shifts of one event page, each with its own
capacity: everything that works for a shift (RSVPs, the waitlist, the desk, reminders, the API's
timeslots) works for an occurrence. A standing sign-up takes a place in each occurrence as it
comes within STANDING_HORIZON, through the one RSVP service, so capacity, guests and the waitlist
follow the same rules as any sign-up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil import rrule
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import RSVP, EventPage, Series, Shift, StandingRsvp
from portal.audit import audit_log

logger = logging.getLogger(__name__)

# More than this is almost always a mistake (a wrong year in "until"), and one page with
# hundreds of shifts is slow for organizers and volunteers alike.
MAX_OCCURRENCES = 200
# A standing sign-up holds places this far ahead; the rest open week by week (beat task), so
# one-off volunteers still find room in later occurrences.
STANDING_HORIZON = timedelta(days=28)

# The audit trail's action for a series made in the admin (label in events/wagtail_hooks.py).
SERIES_CREATE = "events.series_create"
STANDING_CANCEL = "events.standing_cancel"


class SeriesError(Exception):
    """Bad input for a series, as field → messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class SeriesRule:
    frequency: str
    starts_on: date
    start_time: time
    end_time: time
    weekdays: list[int] = field(default_factory=list)
    until: date | None = None
    count: int | None = None
    exceptions: list[date] = field(default_factory=list)
    capacity: int | None = None


def _recurrence(rule: SeriesRule) -> rrule.rrule:
    frequency = Series.Frequency
    weekdays = sorted(set(rule.weekdays)) or [rule.starts_on.weekday()]
    options: dict = {"dtstart": datetime.combine(rule.starts_on, rule.start_time)}
    if rule.until is not None:
        options["until"] = datetime.combine(rule.until, time.max)
    if rule.count is not None:
        options["count"] = rule.count
    if rule.frequency == frequency.MONTHLY:
        # "The second Tuesday of each month": the week of the first date, on the chosen days.
        nth = (rule.starts_on.day - 1) // 7 + 1
        nth = -1 if nth == 5 else nth
        return rrule.rrule(
            rrule.MONTHLY,
            byweekday=[rrule.weekday(day)(nth) for day in weekdays],
            **options,
        )
    interval = 2 if rule.frequency == frequency.BIWEEKLY else 1
    return rrule.rrule(rrule.WEEKLY, interval=interval, byweekday=weekdays, **options)


def rrule_for(series: Series) -> rrule.rrule:
    return _recurrence(series_rule(series))


def series_rule(series: Series) -> SeriesRule:
    return SeriesRule(
        frequency=series.frequency,
        starts_on=series.starts_on,
        start_time=series.start_time,
        end_time=series.end_time,
        weekdays=series.weekday_numbers,
        until=series.until,
        count=series.count,
        exceptions=series.exception_dates,
        capacity=series.capacity,
    )


def series_occurrences(
    *, rule: SeriesRule, zone, now: datetime | None = None
) -> list[tuple[datetime, datetime]]:
    """(start, end) of each future occurrence of `rule` in `zone`, or SeriesError."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if rule.end_time <= rule.start_time:
        errors["end_time"] = [_("Each occurrence must end after it starts, on the same day.")]
    if rule.until is None and rule.count is None:
        errors["until"] = [_("Give a last date or a number of occurrences.")]
    if rule.until is not None and rule.until < rule.starts_on:
        errors["until"] = [_("The last date must be on or after the first date.")]
    if rule.count is not None and not 1 <= rule.count <= MAX_OCCURRENCES:
        errors["count"] = [
            _("A series has between 1 and %(max)d occurrences.") % {"max": MAX_OCCURRENCES}
        ]
    if rule.frequency not in Series.Frequency.values:
        errors["frequency"] = [_("Choose how often the series repeats.")]
    if any(day not in range(7) for day in rule.weekdays):
        errors["weekdays"] = [_("Choose weekdays from Monday to Sunday.")]
    if errors:
        raise SeriesError(errors)
    skipped = set(rule.exceptions)
    occurrences = []
    for starts in _recurrence(rule):
        if starts.date() in skipped:
            continue
        start_at = timezone.make_aware(starts, zone)
        if start_at <= now:
            continue
        end_at = timezone.make_aware(datetime.combine(starts.date(), rule.end_time), zone)
        occurrences.append((start_at, end_at))
        if len(occurrences) > MAX_OCCURRENCES:
            raise SeriesError(
                {
                    "__all__": [
                        _(
                            "A series can have at most %(max)d occurrences; this one has more. "
                            "Choose an earlier last date or fewer occurrences."
                        )
                        % {"max": MAX_OCCURRENCES}
                    ]
                }
            )
    if not occurrences:
        raise SeriesError(
            {
                "__all__": [
                    _(
                        "This series has no future occurrences: check the dates, the weekdays "
                        "and the dates left out."
                    )
                ]
            }
        )
    return occurrences


def series_create(*, event: EventPage, rule: SeriesRule, by) -> Series:
    """Add one shift per occurrence of `rule` to `event`, as a published revision of the page.

    The shifts go through a page revision, not straight into the table: the next edit in the
    admin starts from the latest revision, and shifts missing from it would be deleted on
    publish together with their RSVPs. A page with unpublished changes is refused, so this never
    publishes someone's draft.
    """
    event = EventPage.objects.get(pk=event.pk)
    if not event.live or event.has_unpublished_changes:
        raise SeriesError(
            {
                "__all__": [
                    _(
                        "Publish the event (or discard its draft changes) first, then add the "
                        "series."
                    )
                ]
            }
        )
    occurrences = series_occurrences(rule=rule, zone=event.zone)
    with transaction.atomic():
        series = Series.objects.create(
            page=event,
            frequency=rule.frequency,
            weekdays=",".join(str(day) for day in sorted(set(rule.weekdays))),
            starts_on=rule.starts_on,
            start_time=rule.start_time,
            end_time=rule.end_time,
            until=rule.until,
            count=rule.count,
            exceptions="\n".join(day.isoformat() for day in sorted(set(rule.exceptions))),
            capacity=rule.capacity,
            created_by=by,
        )
        for start_at, end_at in occurrences:
            event.shifts.add(
                Shift(start_at=start_at, end_at=end_at, capacity=rule.capacity, series=series)
            )
        revision = event.save_revision(user=by, log_action=True)
        revision.publish(user=by)
        audit_log(
            instance=event,
            action=SERIES_CREATE,
            user=by,
            data={"series_id": series.pk, "occurrences": len(occurrences)},
        )
    return series


def series_label(series: Series) -> str:
    """ "Every week on Tuesday, 6:00 p.m." in the active language, for the sign-up form."""
    from django.utils.dates import WEEKDAYS
    from django.utils.formats import time_format

    days = ", ".join(str(WEEKDAYS[day]) for day in series.weekday_numbers) or str(
        WEEKDAYS[series.starts_on.weekday()]
    )
    return _("%(frequency)s on %(days)s, %(time)s") % {
        "frequency": series.get_frequency_display(),
        "days": days,
        "time": time_format(series.start_time, "TIME_FORMAT"),
    }


def open_series_for(*, event: EventPage, now: datetime | None = None) -> list[Series]:
    """The event's series that still have occurrences ahead (offered as "every week")."""
    now = now or timezone.now()
    # The event kept for sign-ups (events.cached_event) carries each series' last start.
    known = event.shift_owner.__dict__.get("_series_last_starts")
    if known is not None:
        return [series for series, last_start in known if last_start > now]
    return list(
        Series.objects.filter(page=event.shift_owner, occurrences__start_at__gt=now)
        .distinct()
        .order_by("pk")
    )


# --- Standing sign-ups ---------------------------------------------------------------------


def standing_rsvp_create(
    *,
    series: Series,
    person,
    source: str,
    guests: int = 0,
    guest_names: str = "",
    answers: dict | None = None,
    language: str = "en",
    now: datetime | None = None,
) -> StandingRsvp:
    """Keep a place for `person` in every occurrence of `series`; places within the horizon are
    taken at once, later ones by the beat task as they come near. A second call returns the
    standing sign-up already there."""
    from events.questions import answers_check
    from events.services import RsvpError, guests_problem

    event = series.page
    problem = guests_problem(event=event, guests=guests)
    if problem:
        raise RsvpError({"guests": [problem]})
    _rows, problems = answers_check(event=event, answers=answers)
    if problems:
        raise RsvpError(problems)
    stored_answers = {str(key): value for key, value in (answers or {}).items()}
    try:
        with transaction.atomic():
            standing = StandingRsvp.objects.create(
                series=series,
                person=person,
                guests=guests,
                guest_names=(guest_names or "").strip()[:500] if guests else "",
                answers=stored_answers,
                source=source,
                language=(language or "en")[:8],
            )
    except IntegrityError:
        return StandingRsvp.objects.get(series=series, person=person, cancelled_at__isnull=True)
    standing_rsvp_fill(standing=standing, now=now)
    return standing


def standing_rsvp_fill(*, standing: StandingRsvp, now: datetime | None = None) -> list[RSVP]:
    """Take a place (or a place in line) in each occurrence now within the horizon that this
    person has no RSVP for. An occurrence they cancelled keeps its cancelled RSVP, so it is never
    taken again: cancelling one occurrence sticks."""
    from events.services import AlreadySignedUp, RsvpError, rsvp_create

    now = now or timezone.now()
    if not standing.is_active:
        return []
    series = standing.series
    shift_ids = list(
        Shift.objects.filter(series=series, start_at__gt=now, start_at__lte=now + STANDING_HORIZON)
        .exclude(rsvps__person=standing.person)
        .order_by("start_at")
        .values_list("pk", flat=True)
    )
    if not shift_ids:
        return []
    try:
        return rsvp_create(
            event=series.page,
            shift_ids=shift_ids,
            person=standing.person,
            source=standing.source,
            guests=standing.guests,
            guest_names=standing.guest_names,
            answers=standing.answers,
            language=standing.language,
            standing=standing,
        )
    except AlreadySignedUp:
        # A one-off sign-up raced this fill; the next run takes the rest.
        return []
    except RsvpError as refused:
        # E.g. the event was cancelled or a new required question was added: nothing is taken,
        # and the reason is in the log for the organizer.
        logger.warning("Standing RSVP %s not filled: %s", standing.pk, refused.text)
        return []


def standing_rsvps_fill_due(*, now: datetime | None = None) -> int:
    """The beat task's work: fill every active standing sign-up of a live event. Safe to run
    twice (a place already held is skipped)."""
    now = now or timezone.now()
    standing = StandingRsvp.objects.filter(
        cancelled_at__isnull=True,
        series__page__live=True,
        series__occurrences__start_at__gt=now,
    ).distinct()
    taken = 0
    for item in standing.select_related("series__page", "person").order_by("pk"):
        taken += len(standing_rsvp_fill(standing=item, now=now))
    return taken


def standing_rsvp_cancel(*, standing: StandingRsvp, by=None) -> int:
    """Stop a standing sign-up and give up its places in every occurrence still ahead (each
    freed place goes to the waitlist). Returns how many places were given up."""
    from events.services import rsvp_cancel

    now = timezone.now()
    stopped = StandingRsvp.objects.filter(pk=standing.pk, cancelled_at__isnull=True).update(
        cancelled_at=now
    )
    if not stopped:
        return 0
    rsvps = list(
        RSVP.objects.filter(standing=standing, status__in=RSVP.ACTIVE, shift__start_at__gt=now)
    )
    for rsvp in rsvps:
        rsvp_cancel(rsvp=rsvp)
    if by is not None and by.pk != standing.person_id:
        audit_log(instance=standing, action=STANDING_CANCEL, user=by, data={"rsvps": len(rsvps)})
    return len(rsvps)


def standing_rsvps_for(*, person_id: int, event_id: int) -> list[StandingRsvp]:
    return list(
        StandingRsvp.objects.filter(
            person_id=person_id, series__page_id=event_id, cancelled_at__isnull=True
        ).select_related("series")
    )
