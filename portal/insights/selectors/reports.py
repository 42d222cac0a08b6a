"""Shift-report totals (doors, calls, conversations, voter registrations) against the goals in
site settings."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from events.models import ShiftReport
from portal.insights.filters import InsightsFilters
from portal.insights.selectors.common import by_week, event_scope, week_of, weeks
from portal.insights.tables import Column, Table, rate

FIELDS = ["doors_knocked", "calls_made", "conversations", "voter_registrations"]


def field_labels() -> dict[str, str]:
    return {
        "doors_knocked": _("Doors knocked"),
        "calls_made": _("Calls made"),
        "conversations": _("Conversations"),
        "voter_registrations": _("Voter registrations collected"),
    }


@dataclass(frozen=True)
class Progress:
    key: str
    label: str
    total: int
    goal: int | None

    @property
    def percent(self) -> float | None:
        return rate(self.total, self.goal)

    @property
    def bar_value(self) -> int:
        """For a <progress> element: the total, capped at the goal."""
        return min(self.total, self.goal or 0)


def goals_from(settings) -> dict[str, int | None]:
    """The goals set in site settings (home.SiteSettings), by report field."""
    if settings is None:
        return dict.fromkeys(FIELDS)
    return {name: getattr(settings, f"goal_{name}", None) for name in FIELDS}


def _reports(filters: InsightsFilters):
    return ShiftReport.objects.filter(
        event_scope(filters, prefix="shift__page"),
        shift__start_at__gte=filters.start,
        shift__start_at__lt=filters.end,
    )


def shift_report_totals(
    *, filters: InsightsFilters, goals: dict[str, int | None]
) -> tuple[Table, list[Progress]]:
    totals = _reports(filters).aggregate(
        reports=Count("pk"), **{name: Coalesce(Sum(name), 0) for name in FIELDS}
    )
    labels = field_labels()
    progress = [
        Progress(key=name, label=labels[name], total=totals[name], goal=goals.get(name))
        for name in FIELDS
    ]
    table = Table(
        key="field-totals",
        title=_("Field totals from shift reports"),
        columns=[
            Column("measure", _("Measure"), numeric=False),
            Column("total", _("Total")),
            Column("goal", _("Goal")),
            Column("percent", _("Of goal (%)")),
        ],
        rows=[
            {"measure": item.label, "total": item.total, "goal": item.goal, "percent": item.percent}
            for item in progress
        ],
        note=_("From %(count)s shift reports of shifts in the chosen dates.")
        % {"count": totals["reports"]},
    )
    return table, progress


def shift_reports_by_week(*, filters: InsightsFilters) -> Table:
    found = by_week(
        _reports(filters)
        .annotate(week=week_of("shift__start_at", filters))
        .values("week")
        .annotate(**{name: Sum(name) for name in FIELDS})
        .order_by(),
        filters,
    )
    labels = field_labels()
    rows = []
    for week in weeks(filters):
        row = found.get(week) or {}
        rows.append({"week": week, **{name: row.get(name) or 0 for name in FIELDS}})
    return Table(
        key="field-weekly",
        title=_("Field work per week"),
        columns=[
            Column("week", _("Week of"), numeric=False),
            *[Column(name, labels[name]) for name in FIELDS],
        ],
        rows=rows,
    )
