"""The figures on the Insights screen, in order. A figure is three things:

1. a selector (in `selectors/`, or the owning app's `selectors.py`) returning `Table`s,
2. a template include, `templates/portal/insights/figures/<key>.html`, given the figure's result
   (its tables, charts and any extra values) as `figure`,
3. an API section: `/api/v1/insights/<key>` returns `result.api()`.

Every table of a figure can be downloaded as CSV (`/admin/insights/csv/<table key>.csv`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.selectors import lapsing
from portal.insights import charts
from portal.insights.filters import InsightsFilters
from portal.insights.selectors import (
    diversity,
    learning,
    newsletters,
    ratings,
    recruitment,
    reports,
    texts,
    turnout,
)
from portal.insights.tables import Column, Table


@dataclass
class InsightsContext:
    filters: InsightsFilters
    now: datetime
    goals: dict[str, int | None]


@dataclass
class FigureResult:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)
    charts: list[Any] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)

    def api(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            table.key: {"title": str(table.title), "rows": table.as_api()} for table in self.tables
        }
        data.update(self.extra.get("api", {}))
        return data


@dataclass(frozen=True)
class Figure:
    key: str
    title: Any
    build: Callable[[InsightsContext], FigureResult]
    tables: tuple[str, ...]


def _week_label(week) -> str:
    return date_format(week, "M j")


def _series_chart(table: Table, *, chart_id: str, keys, kind: str, stacked=False, unit=""):
    columns = {column.key: column for column in table.columns}
    series = [
        charts.Series(str(columns[key].label), [row.get(key) for row in table.rows]) for key in keys
    ]
    categories = [_week_label(row["week"]) for row in table.rows]
    described = ", ".join(
        _("%(series)s: %(total)s in all")
        % {"series": item.label, "total": f"{sum(v or 0 for v in item.values):,.0f}"}
        for item in series
    )
    description = _("Per week from %(first)s to %(last)s. %(totals)s.") % {
        "first": categories[0] if categories else "",
        "last": categories[-1] if categories else "",
        "totals": described,
    }
    if kind == "line":
        return charts.line_chart(
            chart_id=chart_id,
            title=str(table.title),
            description=description,
            categories=categories,
            series=series,
            unit=unit,
        )
    return charts.bar_chart(
        chart_id=chart_id,
        title=str(table.title),
        description=description,
        categories=categories,
        series=series,
        stacked=stacked,
        unit=unit,
    )


def _hbar(table: Table, *, chart_id: str, label_key: str, value_key: str, unit="", maximum=None):
    categories = [str(row[label_key]) for row in table.rows]
    values = [row.get(value_key) for row in table.rows]
    parts = [
        f"{name}: {charts._fmt(value, unit)}"
        for name, value in zip(categories, values, strict=True)
    ]
    return charts.hbar_chart(
        chart_id=chart_id,
        title=str(table.title),
        description="; ".join(parts) or _("No data for these filters."),
        categories=categories,
        values=values,
        unit=unit,
        maximum=maximum,
    )


def _signups(ctx: InsightsContext) -> FigureResult:
    weekly = recruitment.signups_by_week(filters=ctx.filters)
    series = [c.key for c in weekly.columns if c.key not in ("week", "total")]
    result = FigureResult(
        "signups",
        _("Sign-ups"),
        tables=[
            weekly,
            recruitment.signups_by_partner(filters=ctx.filters),
            recruitment.recruiters_leaderboard(filters=ctx.filters),
        ],
    )
    if series:
        result.charts.append(
            _series_chart(weekly, chart_id="chart-signups", keys=series, kind="bar", stacked=True)
        )
    return result


def _funnel(ctx: InsightsContext) -> FigureResult:
    table = recruitment.funnel(filters=ctx.filters)
    labels = recruitment.funnel_step_labels()
    everyone = table.rows[0]
    steps = Table(
        key="funnel-steps",
        title=_("From sign-up to a second shift: all sources"),
        columns=[Column("step", _("Step"), numeric=False), Column("people", _("People"))],
        rows=[
            {"step": labels[step], "people": everyone[step]} for step in recruitment.FUNNEL_STEPS
        ],
    )
    chart = _hbar(steps, chart_id="chart-funnel", label_key="step", value_key="people")
    return FigureResult("funnel", _("Funnel"), tables=[table], charts=[chart])


def _turnout(ctx: InsightsContext) -> FigureResult:
    by_type = turnout.turnout_by_event_type(filters=ctx.filters, now=ctx.now)
    by_week = turnout.turnout_by_week(filters=ctx.filters, now=ctx.now)
    by_office = turnout.turnout_by_office(filters=ctx.filters, now=ctx.now)
    return FigureResult(
        "turnout",
        _("RSVPs and attendance"),
        tables=[by_week, by_type, by_office],
        charts=[
            _series_chart(
                by_week, chart_id="chart-turnout-weeks", keys=["rsvps", "attended"], kind="bar"
            ),
            _hbar(
                by_type,
                chart_id="chart-turnout-types",
                label_key="event_type",
                value_key="show_up_rate",
                unit="%",
                maximum=100,
            ),
            _hbar(
                by_office,
                chart_id="chart-turnout-offices",
                label_key="area",
                value_key="show_up_rate",
                unit="%",
                maximum=100,
            ),
        ],
    )


def _ratings(ctx: InsightsContext) -> FigureResult:
    by_type = ratings.ratings_by_event_type(filters=ctx.filters)
    by_event = ratings.ratings_by_event(filters=ctx.filters)
    return FigureResult(
        "ratings",
        _("How shifts went"),
        tables=[by_type, by_event],
        charts=[
            _hbar(
                by_type,
                chart_id="chart-ratings-types",
                label_key="event_type",
                value_key="average",
                maximum=5,
            )
        ],
    )


def _shift_fill(ctx: InsightsContext) -> FigureResult:
    table = turnout.shifts_needing_people(filters=ctx.filters, now=ctx.now)
    return FigureResult("shift_fill", _("Shifts that need people"), tables=[table])


def _field_reports(ctx: InsightsContext) -> FigureResult:
    totals, progress = reports.shift_report_totals(filters=ctx.filters, goals=ctx.goals)
    weekly = reports.shift_reports_by_week(filters=ctx.filters)
    return FigureResult(
        "field_reports",
        _("Field totals"),
        tables=[totals, weekly],
        charts=[
            _series_chart(weekly, chart_id="chart-field-weekly", keys=reports.FIELDS, kind="line")
        ],
        extra={"progress": progress},
    )


def _hours(ctx: InsightsContext) -> FigureResult:
    table = turnout.volunteer_hours_by_week(filters=ctx.filters, now=ctx.now)
    return FigureResult(
        "hours",
        _("Volunteer hours"),
        tables=[table],
        charts=[
            _series_chart(table, chart_id="chart-hours", keys=["hours", "people"], kind="line")
        ],
    )


def _training(ctx: InsightsContext) -> FigureResult:
    weekly = learning.completions_by_week(filters=ctx.filters)
    return FigureResult(
        "training",
        _("Training completions"),
        tables=[weekly, learning.completions_by_course(filters=ctx.filters)],
        charts=[
            _series_chart(
                weekly, chart_id="chart-training", keys=["completions", "people"], kind="line"
            )
        ],
    )


def _mentoring(ctx: InsightsContext) -> FigureResult:
    table = learning.mentoring(filters=ctx.filters, now=ctx.now)
    return FigureResult("mentoring", _("Mentoring"), tables=[table])


def _newsletters(ctx: InsightsContext) -> FigureResult:
    table = newsletters.newsletter_delivery(filters=ctx.filters)
    result = FigureResult(
        "newsletters",
        _("Newsletter delivery"),
        tables=[
            table,
            newsletters.suppressions_by_reason(filters=ctx.filters),
            texts.text_delivery(filters=ctx.filters),
        ],
    )
    if table.rows:
        columns = {column.key: column for column in table.columns}
        keys = ["sent", "opened", "clicked", "bounced"]
        result.charts.append(
            charts.bar_chart(
                chart_id="chart-newsletters",
                title=str(table.title),
                description="; ".join(
                    f"{row['newsletter']}: "
                    + ", ".join(f"{columns[key].label} {row[key]:,}" for key in keys)
                    for row in table.rows
                ),
                categories=[
                    row["newsletter"]
                    if len(row["newsletter"]) <= 14
                    else row["newsletter"][:13] + "…"
                    for row in table.rows
                ],
                series=[
                    charts.Series(str(columns[key].label), [row[key] for row in table.rows])
                    for key in keys
                ],
            )
        )
    return result


def _diversity(ctx: InsightsContext) -> FigureResult:
    return FigureResult(
        "diversity", _("Diversity of the volunteer team"), tables=[diversity.diversity()]
    )


def _lapsing(ctx: InsightsContext) -> FigureResult:
    summary = lapsing.lapsing_summary(now=ctx.now, office=ctx.filters.office)
    return FigureResult(
        "lapsing",
        _("Lapsing volunteers"),
        extra={"summary": summary, "days": lapsing.LAPSING_DAYS, "api": {"summary": summary}},
    )


FIGURES: list[Figure] = [
    Figure(
        "signups",
        gettext_lazy("Sign-ups"),
        _signups,
        ("signups-weekly", "signups-partners", "leaderboard"),
    ),
    Figure("funnel", gettext_lazy("Funnel"), _funnel, ("funnel",)),
    Figure(
        "turnout",
        gettext_lazy("RSVPs and attendance"),
        _turnout,
        ("turnout-weeks", "turnout-types", "turnout-offices"),
    ),
    Figure(
        "ratings", gettext_lazy("How shifts went"), _ratings, ("ratings-types", "ratings-events")
    ),
    Figure("shift_fill", gettext_lazy("Shifts that need people"), _shift_fill, ("shift-fill",)),
    Figure(
        "field_reports",
        gettext_lazy("Field totals"),
        _field_reports,
        ("field-totals", "field-weekly"),
    ),
    Figure("hours", gettext_lazy("Volunteer hours"), _hours, ("hours",)),
    Figure(
        "training",
        gettext_lazy("Training completions"),
        _training,
        ("training-weekly", "training-courses"),
    ),
    Figure("mentoring", gettext_lazy("Mentoring"), _mentoring, ("mentoring",)),
    Figure(
        "newsletters",
        gettext_lazy("Newsletter delivery"),
        _newsletters,
        ("newsletters", "suppressions", "texts"),
    ),
    Figure(
        "diversity", gettext_lazy("Diversity of the volunteer team"), _diversity, ("diversity",)
    ),
    Figure("lapsing", gettext_lazy("Lapsing volunteers"), _lapsing, ()),
]
FIGURES_BY_KEY = {figure.key: figure for figure in FIGURES}


def figure_for_table(table_key: str) -> Figure | None:
    return next((figure for figure in FIGURES if table_key in figure.tables), None)
