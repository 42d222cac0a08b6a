"""Turnout: RSVPs against attendance (by event type, week and office area), shifts that need
people, and volunteer hours."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    Sum,
)
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from events.models import RSVP, Shift
from home.areas import office_zips
from home.selectors import offices_in_default_language
from portal.activities import EventType
from portal.insights.filters import InsightsFilters
from portal.insights.selectors.common import by_week, event_scope, week_of, weeks
from portal.insights.tables import Column, Table, rate

REGISTERED = Q(status=RSVP.Status.REGISTERED)
ATTENDED = Q(attendance=RSVP.Attendance.ATTENDED)


def _turnout_counts() -> dict:
    """RSVPs made ahead (registered, not cancelled), how many came, didn't, or aren't recorded;
    walk-ins are counted apart, as they never RSVPed."""
    return {
        "rsvps": Count("pk", filter=REGISTERED),
        "attended": Count("pk", filter=REGISTERED & ATTENDED),
        "no_shows": Count("pk", filter=REGISTERED & Q(attendance=RSVP.Attendance.NO_SHOW)),
        "not_recorded": Count("pk", filter=REGISTERED & Q(attendance=RSVP.Attendance.UNKNOWN)),
        "walk_ins": Count("pk", filter=Q(status=RSVP.Status.WALK_IN)),
    }


TURNOUT_KEYS = ["rsvps", "attended", "no_shows", "not_recorded", "walk_ins"]


def _turnout_columns(first: Column) -> list[Column]:
    return [
        first,
        Column("rsvps", _("RSVPs")),
        Column("attended", _("Attended")),
        Column("no_shows", _("No-shows")),
        Column("not_recorded", _("Not recorded")),
        Column("show_up_rate", _("Show-up rate (%)")),
        Column("walk_ins", _("Walk-ins")),
    ]


def _with_rate(row: dict) -> dict:
    row["show_up_rate"] = rate(row["attended"], row["rsvps"])
    return row


def past_rsvps(*, filters: InsightsFilters, now: datetime | None = None):
    """RSVPs for shifts that started within the range and before now (attendance is only known
    once a shift has happened), for events of the chosen type and area."""
    now = now or timezone.now()
    return RSVP.objects.filter(
        event_scope(filters, prefix="shift__page"),
        shift__start_at__gte=filters.start,
        shift__start_at__lt=min(filters.end, now),
        shift__page__is_cancelled=False,
    )


def turnout_by_event_type(*, filters: InsightsFilters, now: datetime | None = None) -> Table:
    rows = (
        past_rsvps(filters=filters, now=now)
        .values("shift__page__event_type")
        .annotate(**_turnout_counts())
        .order_by("shift__page__event_type")
    )
    labels = dict(EventType.choices)
    return Table(
        key="turnout-types",
        title=_("Show-up rate by event type"),
        columns=_turnout_columns(Column("event_type", _("Event type"), numeric=False)),
        rows=[
            _with_rate(
                {
                    "event_type": str(labels.get(row["shift__page__event_type"], "")),
                    **{key: row[key] for key in TURNOUT_KEYS},
                }
            )
            for row in rows
        ],
        note=_(
            "Show-up rate: people who RSVPed ahead and came, out of all who RSVPed ahead and "
            "did not cancel. Walk-ins are counted apart."
        ),
    )


def turnout_by_week(*, filters: InsightsFilters, now: datetime | None = None) -> Table:
    found = by_week(
        past_rsvps(filters=filters, now=now)
        .annotate(week=week_of("shift__start_at", filters))
        .values("week")
        .annotate(**_turnout_counts())
        .order_by(),
        filters,
    )
    rows = []
    for week in weeks(filters):
        counts = found.get(week) or dict.fromkeys(TURNOUT_KEYS, 0)
        rows.append(_with_rate({"week": week, **{key: counts[key] for key in TURNOUT_KEYS}}))
    return Table(
        key="turnout-weeks",
        title=_("RSVPs and attendance per week"),
        columns=_turnout_columns(Column("week", _("Week of"), numeric=False)),
        rows=rows,
    )


def turnout_by_office(*, filters: InsightsFilters, now: datetime | None = None) -> Table:
    """Show-up per office area, from one query grouped by the events' ZIP codes.

    The database adds up per ZIP code (a few hundred rows at most); each office area is then
    the sum of its ZIP codes. An event inside two offices' areas counts for both, as each office
    would count it; online events are a line of their own.
    """
    offices = list(offices_in_default_language().order_by("name"))
    if filters.office is not None:
        offices = [office for office in offices if office.pk == filters.office.pk]
    per_zip = (
        past_rsvps(filters=filters, now=now)
        .annotate(zip5=Left("shift__page__postal_code", 5))
        .values("zip5", "shift__page__is_virtual")
        .annotate(**_turnout_counts())
        .order_by()
    )
    areas = [(office.name, set(office_zips(office))) for office in offices]
    totals = {name: dict.fromkeys(TURNOUT_KEYS, 0) for name, _codes in areas}
    online = dict.fromkeys(TURNOUT_KEYS, 0)
    for row in per_zip:
        targets = [totals[name] for name, codes in areas if row["zip5"] in codes]
        if row["shift__page__is_virtual"]:
            targets.append(online)
        for target in targets:
            for key in TURNOUT_KEYS:
                target[key] += row[key]
    rows = [_with_rate({"area": name, **totals[name]}) for name, _codes in areas]
    if filters.office is None:
        rows.append(_with_rate({"area": _("Online events"), **online}))
    return Table(
        key="turnout-offices",
        title=_("Show-up rate by office area"),
        columns=_turnout_columns(Column("area", _("Office area"), numeric=False)),
        rows=rows,
        note=_("An office's area is every ZIP code within its radius (set on the office)."),
    )


def shifts_needing_people(
    *, filters: InsightsFilters, now: datetime | None = None, days: int = 7, limit: int = 100
) -> Table:
    """Upcoming shifts in the next `days` days that are under half full: the list to push.

    Only shifts with a set number of places can be "under half full". The date range does not
    apply: this list is always about the days ahead.
    """
    now = now or timezone.now()
    shifts = (
        Shift.objects.filter(
            event_scope(filters, prefix="page"),
            start_at__gte=now,
            start_at__lt=now + timedelta(days=days),
            capacity__gt=0,
            attendee_count__lt=F("capacity") / 2.0,
            page__live=True,
            page__is_cancelled=False,
        )
        .select_related("page")
        .order_by("start_at", "pk")[:limit]
    )
    rows = []
    for shift in shifts:
        local = timezone.localtime(shift.start_at, shift.page.zone)
        rows.append(
            {
                "event": shift.page.title,
                "event_id": shift.page_id,
                "event_type": str(EventType(shift.page.event_type).label)
                if shift.page.event_type in EventType.values
                else shift.page.event_type,
                "starts": f"{local:%a %b %d, %H:%M} {local.tzname()}",
                "starts_at": shift.start_at,
                "filled": shift.attendee_count,
                "capacity": shift.capacity,
                "places_left": shift.places_left,
                "fill_rate": rate(shift.attendee_count, shift.capacity),
            }
        )
    return Table(
        key="shift-fill",
        title=_("Shifts under half full in the next %(days)s days") % {"days": days},
        columns=[
            Column("event", _("Event"), numeric=False),
            Column("event_type", _("Type"), numeric=False),
            Column("starts", _("Starts"), numeric=False),
            Column("filled", _("Signed up")),
            Column("capacity", _("Places")),
            Column("places_left", _("Places left")),
            Column("fill_rate", _("Full (%)")),
        ],
        rows=rows,
        note=_("Office area and event type filters apply; the dates do not."),
    )


class HoursBetween(Func):
    """Hours from one datetime column to a later one, in the database's own arithmetic (Django's
    generic datetime subtraction calls a Python function for every row on SQLite)."""

    output_field = FloatField()
    arity = 2

    def _parts(self, compiler):
        (start_sql, start_params), (end_sql, end_params) = (
            compiler.compile(expression) for expression in self.source_expressions
        )
        return start_sql, end_sql, [*end_params, *start_params]

    def as_sqlite(self, compiler, connection, **extra):
        start, end, params = self._parts(compiler)
        return f"((julianday({end}) - julianday({start})) * 24.0)", params

    def as_postgresql(self, compiler, connection, **extra):
        start, end, params = self._parts(compiler)
        return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 3600.0)", params

    def as_sql(self, compiler, connection, **extra):
        # Any other database: Django's own duration arithmetic, in hours.
        start, end = self.source_expressions
        duration = ExpressionWrapper(end - start, output_field=DurationField())
        sql, params = compiler.compile(duration)
        return f"({sql}) / 3600000000.0", params


def volunteer_hours_by_week(*, filters: InsightsFilters, now: datetime | None = None) -> Table:
    """Hours volunteered per week: the length of every shift someone was checked in at."""
    length = HoursBetween("shift__start_at", "shift__end_at")
    found = by_week(
        past_rsvps(filters=filters, now=now)
        .filter(ATTENDED)
        .annotate(week=week_of("shift__start_at", filters))
        .values("week")
        .annotate(hours=Sum(length), people=Count("person", distinct=True), shifts=Count("pk"))
        .order_by(),
        filters,
    )
    rows = []
    for week in weeks(filters):
        row = found.get(week)
        rows.append(
            {
                "week": week,
                "hours": round(row["hours"] or 0.0, 1) if row else 0.0,
                "people": row["people"] if row else 0,
                "shifts": row["shifts"] if row else 0,
            }
        )
    return Table(
        key="hours",
        title=_("Volunteer hours per week"),
        columns=[
            Column("week", _("Week of"), numeric=False),
            Column("hours", pgettext("volunteer time", "Hours")),
            Column("people", _("Volunteers")),
            Column("shifts", _("Shifts attended")),
        ],
        rows=rows,
        note=_("The length of every shift a volunteer was checked in at."),
    )
