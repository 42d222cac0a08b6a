"""The waitlist seen by the people on it (issue 19, item 6): their place in line, and late
promotions they must confirm in time or the place passes to the next person.

An event may ask that a place freed within `promotion_confirm_within_hours` of the shift's start
be confirmed by the person moved up within `promotion_confirm_minutes`: until then the place is
theirs (counted, so nobody else takes it), after that it goes to the next in line. The deadline
is enforced by the beat task (`promotions_expire`) and again whenever the person answers late,
both under the shift's row lock, so a confirmation and an expiry never both win.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from events.models import RSVP, Notice, Shift
from portal.db import retry_when_sqlite_is_locked
from portal.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)


def waitlist_position(*, rsvp: RSVP) -> int | None:
    """1 for the first in line; None when the RSVP is not waiting."""
    if rsvp.status != RSVP.Status.WAITLISTED:
        return None
    ahead = RSVP.objects.filter(shift_id=rsvp.shift_id, status=RSVP.Status.WAITLISTED).filter(
        Q(created_at__lt=rsvp.created_at) | Q(created_at=rsvp.created_at, pk__lt=rsvp.pk)
    )
    return ahead.count() + 1


def with_positions(rsvps):
    """Set `waitlist_position` on each RSVP (None unless waiting), for the pages that list them."""
    for rsvp in rsvps:
        rsvp.waitlist_position = waitlist_position(rsvp=rsvp)
    return rsvps


def promotion_deadline(*, shift: Shift, now: datetime) -> datetime | None:
    """When a person promoted now must have confirmed by, or None when no confirmation is
    asked (the event does not ask, or the start is still far)."""
    event = shift.page
    within = event.promotion_confirm_within_hours
    if within is None or shift.start_at - now > timedelta(hours=within):
        return None
    deadline = now + timedelta(minutes=event.promotion_confirm_minutes)
    # Never after the start: a place nobody confirmed by then is no use to anyone.
    return min(deadline, shift.start_at)


def promotion_is_pending(rsvp: RSVP) -> bool:
    return (
        rsvp.status == RSVP.Status.REGISTERED
        and rsvp.promotion_expires_at is not None
        and rsvp.confirmed_at is None
    )


def promotion_expire(*, rsvp: RSVP, now: datetime | None = None) -> bool:
    """Pass an unconfirmed, expired promotion on to the next in line. True when it did."""
    return retry_when_sqlite_is_locked(lambda: _promotion_expire(rsvp_id=rsvp.pk, now=now))


def _promotion_expire(*, rsvp_id: int, now: datetime | None) -> bool:
    from events import tasks
    from events.services import shift_promote_waitlist

    now = now or timezone.now()
    with transaction.atomic():
        shift_id = RSVP.objects.filter(pk=rsvp_id).values_list("shift_id", flat=True).first()
        if shift_id is None:
            return False
        # The shift first, as every place-taking service does: no deadlock, and the count and
        # the RSVP change together.
        shift = Shift.objects.select_for_update().select_related("page").get(pk=shift_id)
        rsvp = RSVP.objects.select_for_update().get(pk=rsvp_id)
        if not promotion_is_pending(rsvp) or rsvp.promotion_expires_at > now:
            return False
        rsvp.status = RSVP.Status.CANCELLED
        rsvp.cancelled_at = now
        rsvp.save(update_fields=["status", "cancelled_at"])
        shift.attendee_count -= 1
        shift.save(update_fields=["attendee_count"])
        enqueue_on_commit(tasks.send_notice, rsvp.pk, Notice.Kind.PROMOTION_EXPIRED, "")
        shift_promote_waitlist(shift=shift)
    logger.info("Promotion of RSVP %s expired; the place passed on", rsvp_id)
    return True


def promotions_expire(*, now: datetime | None = None, limit: int = 500) -> int:
    """The beat task's sweep: every promotion whose time to confirm has run out."""
    now = now or timezone.now()
    expired = RSVP.objects.filter(
        status=RSVP.Status.REGISTERED,
        confirmed_at__isnull=True,
        promotion_expires_at__lte=now,
    ).values_list("pk", flat=True)[:limit]
    return sum(promotion_expire(rsvp=RSVP(pk=pk), now=now) for pk in list(expired))
