"""The library at /training/, featured courses for the home page and newsletters."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum

from training.models import COURSE_FORMAT, CoursePage, MaterialPage, TrainingIndexPage


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
