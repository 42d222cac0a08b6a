"""Helpers the figures share: weeks of a range, and the event filters (type and office area)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from home.areas import in_office_area
from portal.insights.filters import InsightsFilters


def weeks(filters: InsightsFilters) -> list[date]:
    """The Mondays of every week the range touches, in order."""
    first = filters.date_from - timedelta(days=filters.date_from.weekday())
    count = (filters.date_to - first).days // 7 + 1
    return [first + timedelta(weeks=n) for n in range(count)]


def week_of(field: str, filters: InsightsFilters) -> Case:
    """The week (as its index in `weeks(filters)`) that the datetime `field` falls in.

    Plain comparisons with each week's first instant in the site's time zone: the database
    needs no time-zone conversion per row (SQLite would call a Python function for each), and
    the same expression runs on SQLite and PostgreSQL. Rows outside the range get None.
    """
    starts = week_starts(filters)
    return Case(
        *[
            When(**{f"{field}__lt": starts[index + 1]}, then=Value(index))
            for index in range(len(starts) - 1)
        ],
        default=Value(None),
        output_field=IntegerField(),
    )


def week_starts(filters: InsightsFilters) -> list[datetime]:
    """Each week's first instant, in the site's time zone, and the instant after the last."""
    mondays = weeks(filters)
    mondays.append(mondays[-1] + timedelta(weeks=1))
    return [timezone.make_aware(datetime.combine(monday, time.min)) for monday in mondays]


def by_week(rows, filters: InsightsFilters) -> dict[date, dict]:
    """{Monday: row} from aggregate rows carrying a `week` index (see `week_of`)."""
    mondays = weeks(filters)
    return {mondays[row["week"]]: row for row in rows if row["week"] is not None}


def event_scope(filters: InsightsFilters, *, prefix: str) -> Q:
    """Type and office-area conditions on the event reached through `prefix` (e.g. "shift__page")."""
    condition = Q()
    if filters.event_type:
        condition &= Q(**{f"{prefix}__event_type": filters.event_type})
    if filters.office is not None:
        condition &= in_office_area(filters.office, field=f"{prefix}__postal_code")
    return condition


def person_area(filters: InsightsFilters, *, field: str = "postal_code") -> Q:
    """The office-area condition on a volunteer's ZIP (no condition without an office filter)."""
    if filters.office is None:
        return Q()
    return in_office_area(filters.office, field=field)
