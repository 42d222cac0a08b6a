"""Organizers' figures: completions, started/completed per course, the drop-off funnel."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q

from training.models import CourseCompletion, CoursePage, ModuleProgress


def completions_in(*, start: datetime | None = None, end: datetime | None = None):
    """Course completions in [start, end), newest first; insights count these per week."""
    completions = CourseCompletion.objects.all()
    if start is not None:
        completions = completions.filter(completed_at__gte=start)
    if end is not None:
        completions = completions.filter(completed_at__lt=end)
    return completions.order_by("-completed_at", "-pk")


def course_stats() -> list[dict]:
    """Every course with how many people started it and how many completed it."""
    courses = (
        CoursePage.objects.select_related("locale")
        .annotate(
            completed=Count("completions", distinct=True),
            module_count=Count("modules", distinct=True),
        )
        .order_by("title", "locale__language_code")
    )
    rows = []
    started_by_course = dict(
        ModuleProgress.objects.values_list("module__course_id").annotate(
            people=Count("user", distinct=True)
        )
    )
    for course in courses:
        rows.append(
            {
                "course": course,
                "started": started_by_course.get(course.pk, 0),
                "completed": course.completed,
                "module_count": course.module_count,
            }
        )
    return rows


def course_funnel(*, course: CoursePage) -> dict:
    """Per module, in order: how many people finished it, and how many tried without passing.

    "Started" counts everyone with any progress row in the course; the drop-off after a module
    is the share of the previous step's people who did not finish it.
    """
    modules = course.ordered_modules
    counts = {
        row["module_id"]: row
        for row in ModuleProgress.objects.filter(module__course=course)
        .values("module_id")
        .annotate(
            done=Count("pk", filter=Q(completed_at__isnull=False)),
            stuck=Count("pk", filter=Q(completed_at__isnull=True)),
        )
    }
    started = ModuleProgress.objects.filter(module__course=course).values("user").distinct().count()
    completed = CourseCompletion.objects.filter(course=course).count()
    steps = []
    previous = started
    for number, module in enumerate(modules, start=1):
        row = counts.get(module.pk, {"done": 0, "stuck": 0})
        lost = max(previous - row["done"], 0)
        drop = round(100 * lost / previous) if previous else 0
        steps.append(
            {
                "number": number,
                "module": module,
                "done": row["done"],
                "stuck": row["stuck"],
                "drop_percent": drop,
                "bar_percent": round(100 * row["done"] / started) if started else 0,
            }
        )
        previous = row["done"]
    return {"started": started, "completed": completed, "steps": steps}


def completion_rows(*, course: CoursePage | None = None):
    completions = CourseCompletion.objects.select_related("user", "course", "course__locale")
    if course is not None:
        completions = completions.filter(course=course)
    return completions.order_by("course__title", "completed_at", "pk")
