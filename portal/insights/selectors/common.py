"""Helpers the figures share: weeks of a range, and the event filters (type and office area)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import DateField, Q
from django.db.models.functions import TruncWeek

from portal.insights.areas import in_office_area
from portal.insights.filters import InsightsFilters


def weeks(filters: InsightsFilters) -> list[date]:
    """The Mondays of every week the range touches, in order."""
    first = filters.date_from - timedelta(days=filters.date_from.weekday())
    count = (filters.date_to - first).days // 7 + 1
    return [first + timedelta(weeks=n) for n in range(count)]


def week_of(field: str) -> TruncWeek:
    """The Monday of the week `field` falls in, in the site's time zone."""
    return TruncWeek(field, output_field=DateField())


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


def as_date(value) -> date | None:
    """TruncWeek gives dates on PostgreSQL and may give datetimes elsewhere; compare as dates."""
    if value is None:
        return None
    return value.date() if hasattr(value, "date") and callable(value.date) else value
