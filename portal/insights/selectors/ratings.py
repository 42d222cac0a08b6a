"""How shifts went, in the words of the people who came: the 1–5 ratings from the thank-you
email (events.followup), per event and per event type, for shifts in the chosen range."""

from __future__ import annotations

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from events.models import ShiftRating
from portal.activities import EventType
from portal.insights.filters import InsightsFilters
from portal.insights.selectors.common import event_scope
from portal.insights.tables import Column, Table


def _ratings(filters: InsightsFilters):
    return ShiftRating.objects.filter(
        event_scope(filters, prefix="rsvp__shift__page"),
        rsvp__shift__start_at__gte=filters.start,
        rsvp__shift__start_at__lt=filters.end,
    )


def _figures() -> dict:
    return {
        "ratings": Count("pk"),
        "average": Avg("score"),
        "low": Count("pk", filter=Q(score__lte=2)),
    }


def _columns(first: Column) -> list[Column]:
    return [
        first,
        Column("ratings", _("Ratings")),
        Column("average", _("Average (1–5)")),
        Column("low", _("Rated 1 or 2")),
    ]


def _rounded(value) -> float | None:
    return round(value, 2) if value is not None else None


def ratings_by_event(*, filters: InsightsFilters, limit: int = 50) -> Table:
    rows = (
        _ratings(filters)
        .values("rsvp__shift__page", "rsvp__shift__page__title")
        .annotate(**_figures())
        .order_by("-ratings", "rsvp__shift__page__title")[:limit]
    )
    return Table(
        key="ratings-events",
        title=_("Ratings per event"),
        columns=_columns(Column("event", _("Event"), numeric=False)),
        rows=[
            {
                "event": row["rsvp__shift__page__title"],
                "ratings": row["ratings"],
                "average": _rounded(row["average"]),
                "low": row["low"],
            }
            for row in rows
        ],
        note=_("From the rating in the thank-you email sent after each shift."),
    )


def ratings_by_event_type(*, filters: InsightsFilters) -> Table:
    labels = dict(EventType.choices)
    rows = (
        _ratings(filters)
        .values("rsvp__shift__page__event_type")
        .annotate(**_figures())
        .order_by("rsvp__shift__page__event_type")
    )
    return Table(
        key="ratings-types",
        title=_("Ratings per event type"),
        columns=_columns(Column("event_type", _("Event type"), numeric=False)),
        rows=[
            {
                "event_type": str(labels.get(row["rsvp__shift__page__event_type"], "")),
                "ratings": row["ratings"],
                "average": _rounded(row["average"]),
                "low": row["low"],
            }
            for row in rows
        ],
    )
