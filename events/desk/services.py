"""Writes at the door desk: taps applied once, codes and QR tokens, walk-ins, self check-in.

The attendance itself is one field of the RSVP row, changed only by events.services'
checkin_record / checkin_undo / checkin_mark_no_show under a row lock: a double tap or two
interns at once give one attendance and one entry in the audit trail.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events import services
from events.desk.models import DeskTap, DeskWalkIn
from events.models import RSVP, Shift
from events.tokens import read_checkin_code, read_rsvp_checkin_token
from portal.audit import audit_log
from portal.db import retry_when_sqlite_is_locked
from portal.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

CHECKIN, UNDO, NO_SHOW = "checkin", "undo", "no_show"
ACTIONS = (CHECKIN, UNDO, NO_SHOW)
# Self check-in from the venue poster opens a little before the shift and closes at its end.
SELF_CHECKIN_OPENS = timedelta(hours=2)


def _apply(*, rsvp: RSVP, action: str, by) -> RSVP:
    if action == CHECKIN:
        return services.checkin_record(rsvp=rsvp, by=by)
    if action == UNDO:
        return services.checkin_undo(rsvp=rsvp, by=by)
    if action == NO_SHOW:
        return services.checkin_mark_no_show(rsvp=rsvp, by=by)
    raise services.RsvpError({"action": [_("Choose check in, undo or no-show.")]})


def desk_tap(*, rsvp: RSVP, action: str, by=None, key: str = "") -> RSVP:
    """Apply one tap of the desk. With a `key` (the page makes one per tap), a tap sent again
    after a lost connection is not applied twice, even after a later tap changed the RSVP."""
    key = (key or "")[:64]

    def write() -> RSVP:
        with transaction.atomic():
            if key:
                try:
                    with transaction.atomic():
                        DeskTap.objects.create(key=key, rsvp=rsvp, action=action[:12], by=by)
                except IntegrityError:
                    return RSVP.objects.get(pk=rsvp.pk)
            return _apply(rsvp=rsvp, action=action, by=by)

    return retry_when_sqlite_is_locked(write)


def rsvp_for_scan(*, shift: Shift, text: str) -> RSVP:
    """The RSVP of `shift` a scanned QR token or a typed 6-character code names.

    A token or code of another shift is refused: each is good for its own shift only.
    """
    text = (text or "").strip()[:500]
    rsvp_id = None
    token = read_rsvp_checkin_token(text)
    if token is not None:
        rsvp_id, token_shift_id = token
        if token_shift_id != shift.pk:
            rsvp_id = None
    elif text:
        rsvp_id = read_checkin_code(text)
    rsvp = (
        RSVP.objects.filter(pk=rsvp_id, shift=shift).select_related("person").first()
        if rsvp_id
        else None
    )
    if rsvp is None:
        raise services.RsvpError({"code": [_("That code is not for this shift.")]})
    if not rsvp.is_active:
        raise services.RsvpError({"code": [_("This sign-up was cancelled.")]})
    return rsvp


def desk_checkin_by_code(*, shift: Shift, text: str, by=None, key: str = "") -> RSVP:
    return desk_tap(rsvp=rsvp_for_scan(shift=shift, text=text), action=CHECKIN, by=by, key=key)


# --- Walk-ins ---------------------------------------------------------------------------------


def walk_in_add(
    *,
    shift: Shift,
    email: str,
    first_name: str,
    last_name: str = "",
    phone: str = "",
    by=None,
    override_qualification: bool = False,
    key: str = "",
) -> DeskWalkIn:
    """Record someone who came without signing up, exactly as the desk typed them.

    The email is not looked up: the desk learns nothing of an account behind it, and no account
    is changed. The address is sent a link; its owner's confirmation puts the attendance on
    their account (`walk_in_confirm`). Every walk-in goes the same way, so the desk cannot tell
    a known address from a new one. A shift that needs a qualification takes a walk-in only
    when the desk confirms it checked they are ready (logged), since the desk cannot see it.
    """
    from events import tasks
    from events.gating import shift_requirements

    email = (email or "").strip()
    requirements = shift_requirements(shift=shift)
    if requirements and not override_qualification:
        raise services.RsvpError(
            {
                "timeslots": [
                    _("This shift needs: %(names)s.")
                    % {"names": ", ".join(q.name for q in requirements)}
                ]
            }
        )

    def write() -> DeskWalkIn:
        with transaction.atomic():
            existing = DeskWalkIn.objects.filter(shift=shift, email__iexact=email).first()
            if existing is not None:
                return existing
            try:
                with transaction.atomic():
                    walk_in = DeskWalkIn.objects.create(
                        shift=shift,
                        email=email,
                        first_name=first_name[:150],
                        last_name=(last_name or "")[:150],
                        phone=str(phone or "")[:32],
                        qualification_override=bool(requirements),
                        key=(key or "")[:64],
                        language=(get_language() or "en")[:8],
                        added_by=by,
                    )
            except IntegrityError:
                # Another desk added the same address a moment ago: that one stands.
                return DeskWalkIn.objects.get(shift=shift, email__iexact=email)
            audit_log(
                instance=walk_in,
                action=services.WALK_IN,
                user=by,
                data={
                    "shift_id": shift.pk,
                    "walk_in_id": walk_in.pk,
                    "qualification_override": bool(requirements),
                },
            )
            enqueue_on_commit(tasks.send_walk_in_confirmation, walk_in.pk)
            return walk_in

    return retry_when_sqlite_is_locked(write)


def walk_in_confirm(*, walk_in: DeskWalkIn) -> RSVP:
    """The address's owner confirms they were there: the attendance goes on their account
    (made for a new address from the name the desk typed; a known account is not changed)."""
    from events.people import person_match_or_create

    if walk_in.rsvp_id:
        return walk_in.rsvp
    person = person_match_or_create(
        email=walk_in.email, first_name=walk_in.first_name, last_name=walk_in.last_name
    )

    def write() -> RSVP:
        with transaction.atomic():
            locked = DeskWalkIn.objects.select_for_update().get(pk=walk_in.pk)
            if locked.rsvp_id:
                return locked.rsvp
            Shift.objects.select_for_update().get(pk=locked.shift_id)
            rsvp = RSVP.objects.filter(
                shift_id=locked.shift_id, person=person, status__in=RSVP.ACTIVE
            ).first()
            if rsvp is None:
                rsvp = RSVP.objects.create(
                    shift_id=locked.shift_id,
                    person=person,
                    status=RSVP.Status.WALK_IN,
                    attendance=RSVP.Attendance.ATTENDED,
                    checked_in_at=locked.created_at,
                    source=RSVP.Source.DESK,
                    phone=locked.phone,
                )
            elif rsvp.attendance != RSVP.Attendance.ATTENDED:
                rsvp = services.checkin_record(rsvp=rsvp, by=person)
            locked.rsvp = rsvp
            locked.confirmed_at = timezone.now()
            locked.save(update_fields=["rsvp", "confirmed_at"])
            return rsvp

    return retry_when_sqlite_is_locked(write)


def walk_in_send_confirmation(*, walk_in_id: int) -> bool:
    """Email the walk-in's address its confirmation link, once."""
    from events import emails

    walk_in = DeskWalkIn.objects.select_related("shift__page").filter(pk=walk_in_id).first()
    if walk_in is None or walk_in.rsvp_id:
        return False
    emails.send_walk_in_confirmation(walk_in=walk_in)
    return True


# --- Self check-in from the venue poster -----------------------------------------------------


def self_checkin_is_open(*, shift: Shift, now=None) -> bool:
    now = now or timezone.now()
    return shift.start_at - SELF_CHECKIN_OPENS <= now < shift.end_at


def self_checkin_rsvp(*, shift: Shift, person) -> RSVP | None:
    """The active RSVP `person` holds for `shift`, if any."""
    if person is None or not getattr(person, "is_authenticated", False):
        return None
    return RSVP.objects.filter(shift=shift, person=person, status__in=RSVP.ACTIVE).first()


def self_checkin(*, rsvp: RSVP, key: str = "") -> RSVP:
    """The volunteer checks themself in by the poster: one tap, applied once."""
    if not self_checkin_is_open(shift=rsvp.shift):
        raise services.RsvpError({"shift": [_("Check-in for this shift is not open now.")]})
    return desk_tap(rsvp=rsvp, action=CHECKIN, by=rsvp.person, key=key)
