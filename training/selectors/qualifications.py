"""Who holds which qualification, and who may take a gated shift."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from training.models import CoursePage, Qualification, QualificationGrant


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


def shift_requirements_by_shift(*, shifts: Iterable) -> dict[int, list[Qualification]]:
    """Shift id → every qualification the shift needs: its own first, then its event type's,
    each once. Shifts that need none are left out. At most three queries whatever the number
    of shifts (none for the pages or own requirements already loaded with the shifts)."""
    shifts = list(shifts)
    if not shifts:
        return {}
    by_type = event_type_requirements()
    event_types = _event_types_of(shifts) if by_type else {}
    own = _own_requirements(shifts)
    needed: dict[int, list[Qualification]] = {}
    for shift in shifts:
        requirements = (
            [own[shift.required_qualification_id]] if shift.required_qualification_id else []
        )
        for qualification in by_type.get(event_types.get(shift.page_id, ""), []):
            if qualification not in requirements:
                requirements.append(qualification)
        if requirements:
            needed[shift.pk] = requirements
    return needed


def _own_requirements(shifts: list) -> dict[int, Qualification]:
    """Qualification id → qualification, for the shifts' own requirements."""
    from events.models import Shift

    own = {}
    unknown = set()
    for shift in shifts:
        if not shift.required_qualification_id:
            continue
        if Shift.required_qualification.is_cached(shift):
            own[shift.required_qualification_id] = shift.required_qualification
        else:
            unknown.add(shift.required_qualification_id)
    if unknown:
        own.update({q.pk: q for q in Qualification.objects.filter(pk__in=unknown)})
    return own


def _event_types_of(shifts: list) -> dict[int, str]:
    """Event id → event type, from pages already loaded with the shifts or one query."""
    from events.models import EventPage, Shift

    types = {}
    unknown = set()
    for shift in shifts:
        if Shift.page.is_cached(shift):
            types[shift.page_id] = shift.page.event_type
        else:
            unknown.add(shift.page_id)
    if unknown:
        types.update(EventPage.objects.filter(pk__in=unknown).values_list("pk", "event_type"))
    return types


def qualifications_missing_for_shifts(*, user, shifts) -> dict[int, Qualification]:
    """Shift id → the qualification `user` lacks for it; shifts they may take are left out.

    Considers the shift's own requirement first, then its event type's, and only grants that
    have not expired. An anonymous visitor (or an unknown person) lacks every requirement. Runs
    at most four queries whatever the number of shifts.
    """
    needed = shift_requirements_by_shift(shifts=shifts)
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
    for shift_id, requirements in needed.items():
        lacking = next((q for q in requirements if q.pk not in held), None)
        if lacking is not None:
            missing[shift_id] = lacking
    return missing


def shift_gates(*, user, shifts, language: str | None = None) -> dict[int, ShiftGate]:
    """Shift id → why `user` may not take it, with the course to take (in `language` when
    there is one); shifts they may take are left out. One course lookup per qualification."""
    missing = qualifications_missing_for_shifts(user=user, shifts=shifts)
    gates: dict[int, ShiftGate] = {}
    for qualification in missing.values():
        if qualification.pk not in gates:
            course = course_for_qualification(qualification=qualification, language=language)
            gates[qualification.pk] = ShiftGate(qualification=qualification, course=course)
    return {shift_id: gates[qualification.pk] for shift_id, qualification in missing.items()}


def qualification_missing(*, user, shift) -> Qualification | None:
    """The qualification `user` lacks for `shift` (shift-level, then event-type-level, valid
    grants only); None when they may sign up. Anonymous or unknown person → the requirement."""
    return qualifications_missing_for_shifts(user=user, shifts=[shift]).get(shift.pk)


def shift_requirements(*, shift) -> list[Qualification]:
    """Every qualification the shift needs: its own, then its event type's."""
    return shift_requirements_by_shift(shifts=[shift]).get(shift.pk, [])


def people_missing_qualification(
    *, shift, user_ids, requirements: list[Qualification] | None = None
) -> dict[int, Qualification]:
    """User id → the qualification that person lacks for the shift (for the check-in desk).

    Pass `requirements` when already known (from `shift_requirements_by_shift`) to skip
    looking them up again; then this runs one query, or none when the shift needs nothing."""
    if requirements is None:
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
