"""Where a volunteer is in a course, and what the course page and /me/ show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q

from training.models import (
    CourseCompletion,
    CourseModule,
    CoursePage,
    ModuleProgress,
)
from training.selectors.qualifications import qualifications_held_by


@dataclass
class ModuleState:
    module: CourseModule
    number: int
    completed_at: datetime | None = None
    score: int | None = None
    attempts: int = 0

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None

    @property
    def has_check(self) -> bool:
        return self.module.knowledge_check is not None


@dataclass
class CourseProgress:
    course: CoursePage
    modules: list[ModuleState]
    completed_at: datetime | None = None
    missing_prerequisites: list[CoursePage] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.modules)

    @property
    def done(self) -> int:
        return sum(1 for state in self.modules if state.is_done)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def is_started(self) -> bool:
        return any(state.is_done or state.attempts for state in self.modules)

    @property
    def next_module(self) -> ModuleState | None:
        return next((state for state in self.modules if not state.is_done), None)

    def state_for(self, module_id: int) -> ModuleState | None:
        return next((state for state in self.modules if state.module.pk == module_id), None)


def completed_translation_keys(*, user) -> set:
    """Courses (by translation key, so any language counts) the person has completed."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        CourseCompletion.objects.filter(user=user).values_list("course__translation_key", flat=True)
    )


def missing_prerequisites(*, user, course: CoursePage) -> list[CoursePage]:
    prerequisites = [page.localized for page in course.prerequisites.all()]
    if not prerequisites:
        return []
    done = completed_translation_keys(user=user)
    return [page for page in prerequisites if page.translation_key not in done]


def course_progress_for(*, user, course: CoursePage) -> CourseProgress:
    """Where `user` is in `course`: each module's state, the completion date, what is missing."""
    modules = course.ordered_modules
    rows = {}
    completed_at = None
    if user is not None and user.is_authenticated:
        rows = {
            row.module_id: row
            for row in ModuleProgress.objects.filter(user=user, module__course=course)
        }
        completed_at = (
            CourseCompletion.objects.filter(user=user, course=course)
            .values_list("completed_at", flat=True)
            .first()
        )
    states = []
    for number, module in enumerate(modules, start=1):
        row = rows.get(module.pk)
        states.append(
            ModuleState(
                module=module,
                number=number,
                completed_at=row.completed_at if row else None,
                score=row.score if row else None,
                attempts=row.attempts if row else 0,
            )
        )
    return CourseProgress(
        course=course,
        modules=states,
        completed_at=completed_at,
        missing_prerequisites=missing_prerequisites(user=user, course=course),
    )


def course_page_context(*, course: CoursePage, user) -> dict:
    return {
        "progress": course_progress_for(user=user, course=course),
        "qualification": course.grants_qualification,
    }


def training_summary_for(*, user) -> dict:
    """For the "Your training" card: courses in progress with their progress, completed courses
    with dates, and qualifications with expiry. A fixed number of queries."""
    if user is None or not user.is_authenticated:
        return {"in_progress": [], "completed": [], "qualifications": []}
    completions = list(
        CourseCompletion.objects.filter(user=user)
        .select_related("course")
        .order_by("-completed_at", "-pk")
    )
    completed_ids = {completion.course_id for completion in completions}
    touched = (
        ModuleProgress.objects.filter(user=user)
        .exclude(module__course_id__in=completed_ids)
        .values("module__course_id")
        .annotate(done=Count("pk", filter=Q(completed_at__isnull=False)))
    )
    done_by_course = {row["module__course_id"]: row["done"] for row in touched}
    in_progress = []
    if done_by_course:
        courses = (
            CoursePage.objects.live()
            .filter(pk__in=done_by_course)
            .annotate(module_count=Count("modules"))
            .order_by("title")
        )
        for course in courses:
            in_progress.append(
                {
                    "course": course,
                    "done": done_by_course[course.pk],
                    "total": course.module_count,
                    "percent": round(100 * done_by_course[course.pk] / course.module_count)
                    if course.module_count
                    else 0,
                }
            )
    return {
        "in_progress": in_progress,
        "completed": completions,
        "qualifications": qualifications_held_by(user=user),
    }


def training_personal_data(*, user) -> dict:
    """The person's training records, for their "download my data" file."""
    return {
        "module_progress": [
            {
                "course": row.module.course.title,
                "module": row.module.title,
                "started_at": row.started_at.isoformat(),
                "completed_at": row.completed_at.isoformat() if row.completed_at else None,
                "check_score": row.score,
                "check_attempts": row.attempts,
            }
            for row in ModuleProgress.objects.filter(user=user)
            .select_related("module__course")
            .order_by("started_at", "pk")
        ],
        "completed_courses": [
            {"course": completion.course.title, "completed_at": completion.completed_at.isoformat()}
            for completion in CourseCompletion.objects.filter(user=user).select_related("course")
        ],
        "qualifications": [
            {
                "qualification": grant.qualification.name,
                "granted_at": grant.granted_at.isoformat(),
                "expires_at": grant.expires_at.isoformat() if grant.expires_at else None,
                "from_course": grant.course.title if grant.course_id else None,
            }
            for grant in user.qualification_grants.select_related("qualification", "course")
        ],
    }
