"""Reads about training shared by pages, /me/, the home page, events' gating and the admin.

Other apps call `featured_courses`, `course_progress_for`, `qualification_missing` (and its batch
form `qualifications_missing_for_shifts`), `completions_in` and `training_summary_for`; keep their
names and shapes stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from training.models import (
    COURSE_FORMAT,
    CourseCompletion,
    CourseModule,
    CoursePage,
    CourseSession,
    MaterialPage,
    ModuleProgress,
    Qualification,
    QualificationGrant,
    TrainingIndexPage,
)

# --- The library ---------------------------------------------------------------------------


@dataclass
class LibraryFilters:
    topic: str = ""
    format: str = ""
    language: str = ""
    query: str = ""


def training_index_page(*, language: str | None = None) -> TrainingIndexPage | None:
    pages = TrainingIndexPage.objects.live()
    if language:
        localized = pages.filter(locale__language_code=language).first()
        if localized is not None:
            return localized
    return pages.filter(locale__language_code="en").first() or pages.first()


def _prefer_locale(pages: list, language: str) -> list:
    """One page per translation key: the one in `language` when it exists, else the first."""
    chosen: dict = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or (
            page.locale.language_code == language and current.locale.language_code != language
        ):
            chosen[page.translation_key] = page
    kept = set(id(page) for page in chosen.values())
    return [page for page in pages if id(page) in kept]


def _search_ids(model, query: str) -> list[int]:
    return [page.pk for page in model.objects.live().public().search(query)]


def library_items(*, filters: LibraryFilters, language: str) -> list:
    """Live, public courses and materials matching the filters, courses first.

    Courses and materials in this page's language come first; those not translated into it are
    still listed, in their own language, so nobody misses the only Phone banking course there is.
    """
    courses = []
    materials = []
    if filters.format in ("", COURSE_FORMAT):
        course_qs = CoursePage.objects.live().public()
        if filters.topic:
            course_qs = course_qs.filter(topic=filters.topic)
        if filters.language:
            course_qs = course_qs.filter(language=filters.language)
        if filters.query:
            course_qs = course_qs.filter(pk__in=_search_ids(CoursePage, filters.query))
        courses = list(
            course_qs.select_related("locale")
            .annotate(module_count=Count("modules"), minutes=Sum("modules__estimated_minutes"))
            .order_by("-is_featured", "title", "pk")
        )
        for course in courses:
            course.item_format = COURSE_FORMAT
    if filters.format != COURSE_FORMAT:
        material_qs = MaterialPage.objects.live().public()
        if filters.format:
            material_qs = material_qs.filter(format=filters.format)
        if filters.topic:
            material_qs = material_qs.filter(topic=filters.topic)
        if filters.language:
            material_qs = material_qs.filter(language=filters.language)
        if filters.query:
            material_qs = material_qs.filter(pk__in=_search_ids(MaterialPage, filters.query))
        materials = list(material_qs.select_related("locale").order_by("title", "pk"))
        for material in materials:
            material.item_format = material.format
            material.minutes = material.estimated_minutes
    return _prefer_locale(courses, language) + _prefer_locale(materials, language)


def featured_courses(*, limit: int, language: str | None = None) -> list[CoursePage]:
    """Live, public courses for the home page and newsletters, featured ones first.

    With `language`, courses in that language's page tree come first; courses not translated
    into it fill the remaining places, so the list is never empty just because of a language.
    """
    courses = list(
        CoursePage.objects.live()
        .public()
        .select_related("locale")
        .annotate(module_count=Count("modules"), minutes=Sum("modules__estimated_minutes"))
        .order_by("-is_featured", "-first_published_at", "pk")
    )
    if language:
        courses = _prefer_locale(courses, language)
        courses.sort(key=lambda course: course.locale.language_code != language)
    return courses[:limit]


# --- Progress -------------------------------------------------------------------------------


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


def upcoming_sessions(*, course: CoursePage, limit: int = 3) -> list:
    """The next live trainings linked from the course that are still taking sign-ups."""
    now = timezone.now()
    sessions = (
        CourseSession.objects.filter(
            course=course,
            event__live=True,
            event__is_cancelled=False,
            event__ends_at__gt=now,
        )
        .select_related("event")
        .order_by("event__starts_at", "pk")[:limit]
    )
    return [session.event for session in sessions]


def live_trainings_url(*, locale_id: int | None = None) -> str:
    """The events listing filtered to live trainings, in the page's language when it has one."""
    from events.models import EventIndexPage, EventType

    indexes = EventIndexPage.objects.live()
    index = (locale_id and indexes.filter(locale_id=locale_id).first()) or (
        indexes.filter(locale__language_code="en").first()
    )
    if index is None or not index.url:
        return ""
    return f"{index.url}?type={EventType.TRAINING}"


def course_page_context(*, course: CoursePage, user) -> dict:
    return {
        "progress": course_progress_for(user=user, course=course),
        "sessions": upcoming_sessions(course=course),
        "qualification": course.grants_qualification,
        "live_trainings_url": live_trainings_url(locale_id=course.locale_id),
    }


# --- Qualifications --------------------------------------------------------------------------


def _valid_grants(*, user, at: datetime | None = None) -> QuerySet[QualificationGrant]:
    return QualificationGrant.objects.filter(user=user).valid(at=at)


def holds_qualification(*, user, qualification: Qualification, at: datetime | None = None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return _valid_grants(user=user, at=at).filter(qualification=qualification).exists()


def event_type_requirements() -> dict[str, list[Qualification]]:
    """Event type → the qualifications every shift of that type needs."""
    by_type: dict[str, list[Qualification]] = {}
    for qualification in Qualification.objects.exclude(required_for_event_types=[]):
        for event_type in qualification.required_for_event_types or []:
            by_type.setdefault(event_type, []).append(qualification)
    return by_type


def qualifications_missing_for_shifts(*, user, shifts) -> dict[int, Qualification]:
    """Shift id → the qualification `user` lacks for it; shifts they may take are left out.

    Considers the shift's own requirement first, then its event type's, and only grants that
    have not expired. An anonymous visitor (or an unknown person) lacks every requirement. Runs
    at most four queries whatever the number of shifts.
    """
    shifts = list(shifts)
    if not shifts:
        return {}
    by_type = event_type_requirements()
    event_types = _event_types_of(shifts) if by_type else {}
    needed: dict[int, list[Qualification]] = {}
    qualification_ids = {shift.required_qualification_id for shift in shifts} - {None}
    own = (
        {q.pk: q for q in Qualification.objects.filter(pk__in=qualification_ids)}
        if qualification_ids
        else {}
    )
    for shift in shifts:
        requirements = []
        if shift.required_qualification_id:
            requirements.append(own[shift.required_qualification_id])
        requirements.extend(by_type.get(event_types.get(shift.page_id, ""), []))
        if requirements:
            needed[shift.pk] = requirements
    if not needed:
        return {}
    held: set[int] = set()
    if user is not None and getattr(user, "is_authenticated", False) and user.pk:
        ids = {q.pk for requirements in needed.values() for q in requirements}
        held = set(
            _valid_grants(user=user)
            .filter(qualification_id__in=ids)
            .values_list("qualification_id", flat=True)
        )
    missing = {}
    for shift_id, requirements in needed.items():
        lacking = next((q for q in requirements if q.pk not in held), None)
        if lacking is not None:
            missing[shift_id] = lacking
    return missing


def _event_types_of(shifts) -> dict[int, str]:
    """Event id → event type, from pages already loaded with the shifts or one query."""
    from events.models import EventPage

    types = {}
    unknown = set()
    for shift in shifts:
        page = shift._state.fields_cache.get("page")
        if page is not None:
            types[shift.page_id] = page.event_type
        else:
            unknown.add(shift.page_id)
    if unknown:
        types.update(EventPage.objects.filter(pk__in=unknown).values_list("pk", "event_type"))
    return types


def qualification_missing(*, user, shift) -> Qualification | None:
    """The qualification `user` lacks for `shift` (shift-level, then event-type-level, valid
    grants only); None when they may sign up. Anonymous or unknown person → the requirement."""
    return qualifications_missing_for_shifts(user=user, shifts=[shift]).get(shift.pk)


def shift_requirements(*, shift) -> list[Qualification]:
    """Every qualification the shift needs: its own, then its event type's."""
    requirements = [shift.required_qualification] if shift.required_qualification_id else []
    event_type = _event_types_of([shift]).get(shift.page_id, "")
    requirements.extend(event_type_requirements().get(event_type, []))
    return requirements


def people_missing_qualification(*, shift, user_ids) -> dict[int, Qualification]:
    """User id → the qualification that person lacks for the shift (for the check-in desk)."""
    requirements = shift_requirements(shift=shift)
    user_ids = set(user_ids)
    if not requirements or not user_ids:
        return {}
    held = set(
        QualificationGrant.objects.valid()
        .filter(user_id__in=user_ids, qualification__in=requirements)
        .values_list("user_id", "qualification_id")
    )
    missing = {}
    for user_id in user_ids:
        lacking = next((q for q in requirements if (user_id, q.pk) not in held), None)
        if lacking is not None:
            missing[user_id] = lacking
    return missing


def course_for_qualification(
    *, qualification: Qualification, language: str | None = None
) -> CoursePage | None:
    """A live course that grants the qualification, in `language` when there is one."""
    courses = list(
        CoursePage.objects.live()
        .filter(grants_qualification=qualification)
        .select_related("locale")
        .order_by("pk")
    )
    if language:
        for course in courses:
            if course.locale.language_code == language:
                return course
    return courses[0] if courses else None


def qualifications_held_by(*, user) -> list[QualificationGrant]:
    """The person's qualifications, each once, with the latest expiry; expired ones included."""
    if user is None or not user.is_authenticated:
        return []
    latest: dict[int, QualificationGrant] = {}
    grants = (
        QualificationGrant.objects.filter(user=user)
        .select_related("qualification")
        .order_by("granted_at", "pk")
    )
    for grant in grants:
        current = latest.get(grant.qualification_id)
        if current is None or _outlasts(grant, current):
            latest[grant.qualification_id] = grant
    return sorted(latest.values(), key=lambda grant: grant.qualification.name)


def _outlasts(grant: QualificationGrant, other: QualificationGrant) -> bool:
    if grant.expires_at is None:
        return True
    if other.expires_at is None:
        return False
    return grant.expires_at > other.expires_at


# --- /me/ ------------------------------------------------------------------------------------


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


# --- Reports (admin) ---------------------------------------------------------------------


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
