"""Qualification rules: which qualifications an event type or a shift needs, who holds them,
and which course grants them.

These take plain values (event type values, qualification ids, user ids), never event pages or
shifts: events stand on a higher floor and load their shifts themselves (events.gating), then
ask here. Keys of the dictionaries below are the caller's own (shift ids for events).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from training.models import CoursePage, Qualification, QualificationGrant

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class ShiftGate:
    """Why a person may not take a shift: the qualification they lack, and a live course that
    grants it (None when no course does)."""

    qualification: Qualification
    course: CoursePage | None


def event_type_requirements() -> dict[str, list[Qualification]]:
    """Event type → the qualifications every shift of that type needs."""
    by_type: dict[str, list[Qualification]] = {}
    for qualification in Qualification.objects.exclude(required_for_event_types=[]):
        for event_type in qualification.required_for_event_types or []:
            by_type.setdefault(event_type, []).append(qualification)
    return by_type


def qualifications_by_id(*, ids: Iterable[int]) -> dict[int, Qualification]:
    """Qualification id → qualification; one query, none when `ids` is empty."""
    ids = set(ids)
    if not ids:
        return {}
    return {q.pk: q for q in Qualification.objects.filter(pk__in=ids)}


def combined_requirements(
    *, own: Qualification | None, event_type: str, by_type: dict[str, list[Qualification]]
) -> list[Qualification]:
    """Everything one shift needs: its own qualification first, then its event type's, each
    once (`by_type` from `event_type_requirements`)."""
    requirements = [own] if own is not None else []
    for qualification in by_type.get(event_type, []):
        if qualification not in requirements:
            requirements.append(qualification)
    return requirements


def first_missing(*, user, needed: dict[K, list[Qualification]]) -> dict[K, Qualification]:
    """Key → the first qualification `user` lacks among that key's requirements; keys whose
    requirements they hold are left out.

    Only grants that have not expired count. An anonymous visitor (or an unknown person) lacks
    every requirement. One query, none when nothing is needed.
    """
    if not needed:
        return {}
    held: set[int] = set()
    if user is not None and getattr(user, "is_authenticated", False) and user.pk:
        ids = {q.pk for requirements in needed.values() for q in requirements}
        held = set(
            QualificationGrant.objects.valid()
            .filter(user=user, qualification_id__in=ids)
            .values_list("qualification_id", flat=True)
        )
    missing = {}
    for key, requirements in needed.items():
        lacking = next((q for q in requirements if q.pk not in held), None)
        if lacking is not None:
            missing[key] = lacking
    return missing


def gates_for(
    *, missing: dict[K, Qualification], language: str | None = None
) -> dict[K, ShiftGate]:
    """Key → the lacking qualification with the course to take (in `language` when there is
    one). One course lookup per qualification."""
    gates: dict[int, ShiftGate] = {}
    for qualification in missing.values():
        if qualification.pk not in gates:
            course = course_for_qualification(qualification=qualification, language=language)
            gates[qualification.pk] = ShiftGate(qualification=qualification, course=course)
    return {key: gates[qualification.pk] for key, qualification in missing.items()}


def people_missing_qualification(
    *, requirements: list[Qualification], user_ids: Iterable[int]
) -> dict[int, Qualification]:
    """User id → the first of `requirements` that person lacks (valid grants only), for the
    check-in desk. One query, none when nothing is required."""
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
