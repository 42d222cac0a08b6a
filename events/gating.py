"""Shift gating: what each shift needs and which course grants it.

One place answers it for the event page, the RSVP service and the check-in desk. Events own the
shifts and pages, so loading them happens here; the rules themselves (requirements per event
type, who holds what, expiry, which course grants what) stay in training's selectors, which
take plain values. Events stand above training, so the import points down.
"""

from __future__ import annotations

from collections.abc import Iterable

from events.models import EventPage, Shift
from training.models import Qualification
from training.selectors import (
    ShiftGate,
    combined_requirements,
    event_type_requirements,
    first_missing,
    gates_for,
    qualifications_by_id,
)
from training.selectors import people_missing_qualification as _people_missing


def shift_requirements_by_shift(*, shifts: Iterable[Shift]) -> dict[int, list[Qualification]]:
    """Shift id → every qualification the shift needs: its own first, then its event type's,
    each once. Shifts that need none are left out. At most three queries whatever the number
    of shifts (none for the pages or own requirements already loaded with the shifts)."""
    shifts = list(shifts)
    if not shifts:
        return {}
    # Kept on the shifts (which live for one request): the page and the RSVP service both ask.
    if all("_requirements" in shift.__dict__ for shift in shifts):
        return {shift.pk: shift._requirements for shift in shifts if shift._requirements}
    by_type = event_type_requirements()
    event_types = _event_types_of(shifts) if by_type else {}
    own = _own_requirements(shifts)
    needed: dict[int, list[Qualification]] = {}
    for shift in shifts:
        requirements = combined_requirements(
            own=own.get(shift.required_qualification_id),
            event_type=event_types.get(shift.page_id, ""),
            by_type=by_type,
        )
        shift._requirements = requirements
        if requirements:
            needed[shift.pk] = requirements
    return needed


def _own_requirements(shifts: list[Shift]) -> dict[int, Qualification]:
    """Qualification id → qualification, for the shifts' own requirements."""
    own = {}
    unknown = set()
    for shift in shifts:
        if not shift.required_qualification_id:
            continue
        if Shift.required_qualification.is_cached(shift):
            own[shift.required_qualification_id] = shift.required_qualification
        else:
            unknown.add(shift.required_qualification_id)
    own.update(qualifications_by_id(ids=unknown))
    return own


def _event_types_of(shifts: list[Shift]) -> dict[int, str]:
    """Event id → event type, from pages already loaded with the shifts or one query."""
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


def qualifications_missing_for_shifts(*, user, shifts: Iterable[Shift]) -> dict[int, Qualification]:
    """Shift id → the qualification `user` lacks for it; shifts they may take are left out.

    Considers the shift's own requirement first, then its event type's, and only grants that
    have not expired. An anonymous visitor (or an unknown person) lacks every requirement. Runs
    at most four queries whatever the number of shifts.
    """
    return first_missing(user=user, needed=shift_requirements_by_shift(shifts=shifts))


def shift_gates(
    *, user, shifts: Iterable[Shift], language: str | None = None
) -> dict[int, ShiftGate]:
    """Shift id → why `user` may not take it, with the course to take (in `language` when
    there is one); shifts they may take are left out. One course lookup per qualification."""
    missing = qualifications_missing_for_shifts(user=user, shifts=shifts)
    return gates_for(missing=missing, language=language)


def qualification_missing(*, user, shift: Shift) -> Qualification | None:
    """The qualification `user` lacks for `shift` (shift-level, then event-type-level, valid
    grants only); None when they may sign up. Anonymous or unknown person → the requirement."""
    return qualifications_missing_for_shifts(user=user, shifts=[shift]).get(shift.pk)


def shift_requirements(*, shift: Shift) -> list[Qualification]:
    """Every qualification the shift needs: its own, then its event type's."""
    return shift_requirements_by_shift(shifts=[shift]).get(shift.pk, [])


def people_missing_qualification(
    *, shift: Shift, user_ids: Iterable[int], requirements: list[Qualification] | None = None
) -> dict[int, Qualification]:
    """User id → the qualification that person lacks for the shift (for the check-in desk).

    Pass `requirements` when already known (from `shift_requirements_by_shift`) to skip
    looking them up again; then this runs one query, or none when the shift needs nothing."""
    if requirements is None:
        requirements = shift_requirements(shift=shift)
    return _people_missing(requirements=requirements, user_ids=user_ids)
