"""Training completions and mentoring, read through the training and recruitment selectors."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from home.areas import in_office_area
from portal.insights.filters import InsightsFilters
from portal.insights.selectors.common import by_week, person_area, week_of, weeks
from portal.insights.tables import Column, Table
from recruitment.mentoring.selectors import mentoring_summary
from training.selectors.reports import completions_in


def _completions(filters: InsightsFilters):
    return completions_in(start=filters.start, end=filters.end).filter(
        person_area(filters, field="user__volunteer__postal_code")
    )


def completions_by_week(*, filters: InsightsFilters) -> Table:
    """Courses completed per week, and by how many different people."""
    found = by_week(
        _completions(filters)
        .annotate(week=week_of("completed_at", filters))
        .values("week")
        .annotate(completions=Count("pk"), people=Count("user", distinct=True))
        .order_by(),
        filters,
    )
    rows = []
    for week in weeks(filters):
        row = found.get(week)
        rows.append(
            {
                "week": week,
                "completions": row["completions"] if row else 0,
                "people": row["people"] if row else 0,
            }
        )
    return Table(
        key="training-weekly",
        title=_("Training completions per week"),
        columns=[
            Column("week", _("Week of"), numeric=False),
            Column("completions", _("Courses completed")),
            Column("people", _("Volunteers")),
        ],
        rows=rows,
    )


def completions_by_course(*, filters: InsightsFilters) -> Table:
    """Completions per course in the range; a course and its translations count together."""
    rows = (
        _completions(filters)
        .values("course__translation_key")
        .annotate(completions=Count("pk"), people=Count("user", distinct=True))
        .order_by("-completions")
    )
    rows = list(rows)
    titles = _course_titles([row["course__translation_key"] for row in rows])
    return Table(
        key="training-courses",
        title=_("Completions by course"),
        columns=[
            Column("course", _("Course"), numeric=False),
            Column("completions", _("Courses completed")),
            Column("people", _("Volunteers")),
        ],
        rows=[
            {
                "course": titles.get(row["course__translation_key"], "–"),
                "completions": row["completions"],
                "people": row["people"],
            }
            for row in rows
        ],
    )


def _course_titles(keys) -> dict:
    """Each course's title in the site's default language, in one query."""
    from training.models import CoursePage

    titles = {}
    courses = CoursePage.objects.filter(translation_key__in=keys).values_list(
        "translation_key", "title", "locale__language_code"
    )
    for key, title, language in courses:
        if key not in titles or language == settings.LANGUAGE_CODE:
            titles[key] = title
    return titles


def mentoring(*, filters: InsightsFilters, now: datetime | None = None) -> Table:
    office = filters.office
    summary = mentoring_summary(
        start=filters.start,
        end=filters.end,
        now=now or timezone.now(),
        newcomer_zip=(lambda field: in_office_area(office, field=field)) if office else None,
    )
    labels = [
        ("active_pairs", _("Active pairs")),
        ("pairs_started", _("Pairs started in these dates")),
        ("pairs_ended", _("Pairs ended in these dates")),
        ("overdue_checkins", _("Overdue check-ins")),
        ("pairs_with_overdue_checkins", _("Pairs with an overdue check-in")),
        ("newcomers_waiting", _("Newcomers waiting for a mentor")),
    ]
    return Table(
        key="mentoring",
        title=_("Mentoring"),
        columns=[Column("measure", _("Measure"), numeric=False), Column("count", _("Count"))],
        rows=[{"measure": label, "count": summary[key]} for key, label in labels],
        note=_("A check-in is overdue three days after it was due."),
    )
