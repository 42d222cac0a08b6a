"""After a shift (issue 19, item 5): people who came get a thank-you with their hours, a one-tap
1–5 rating and the next events near them; no-shows get a kind "we missed you".

Each email is a row of the events notice ledger (`Notice`, unique per RSVP, kind and key), so a
person is followed up once per attendance however often the beat task runs. Organizers switch
either email off per event (EventPage.send_thank_you / send_missed_you).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone

from events.models import RSVP, EventPage, Notice, ShiftRating
from events.selectors import EventFilters, event_search
from portal.geo import zip_centroid
from portal.mail import AcceptanceUnknown
from portal.notices import lost_notices_filter, notices_resend

logger = logging.getLogger(__name__)

# Long enough after the end for the desk to record who came; short enough to still matter.
FOLLOW_UP_AFTER = timedelta(hours=2)
FOLLOW_UP_WITHIN = timedelta(days=7)
NEAR_MILES = 25.0

KINDS = (Notice.Kind.THANK_YOU, Notice.Kind.MISSED_YOU)

RATING_SALT = "events.shift-rating"
RATING_MAX_AGE = timedelta(days=60)


# --- Rating links ---------------------------------------------------------------------------


def rating_token(*, rsvp_id: int) -> str:
    return signing.TimestampSigner(salt=RATING_SALT).sign_object({"r": rsvp_id})


def read_rating_token(token: str) -> int | None:
    """The RSVP id, or None when the link is forged, broken or too old."""
    try:
        payload = signing.TimestampSigner(salt=RATING_SALT).unsign_object(
            token, max_age=RATING_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return None
    rsvp_id = payload.get("r") if isinstance(payload, dict) else None
    return rsvp_id if isinstance(rsvp_id, int) else None


def shift_rating_record(*, rsvp: RSVP, score: int, comment: str = "") -> ShiftRating:
    """The person's rating of a shift they came to; tapping again changes it."""
    if rsvp.attendance != RSVP.Attendance.ATTENDED:
        raise ValueError("Only people who came rate a shift.")
    if not 1 <= int(score) <= 5:
        raise ValueError("A rating is 1 to 5.")
    with transaction.atomic():
        rating, _created = ShiftRating.objects.select_for_update().get_or_create(
            rsvp=rsvp, defaults={"score": score, "comment": comment}
        )
        if not _created:
            rating.score = score
            rating.comment = comment or rating.comment
            rating.save(update_fields=["score", "comment", "updated_at"])
    return rating


# --- Who is due -----------------------------------------------------------------------------


def followups_due(*, now: datetime | None = None) -> list[tuple[int, str]]:
    """(rsvp id, kind) for every follow-up due now and not yet recorded."""
    now = now or timezone.now()
    ended = RSVP.objects.filter(
        shift__end_at__lte=now - FOLLOW_UP_AFTER,
        shift__end_at__gt=now - FOLLOW_UP_WITHIN,
        shift__page__live=True,
        shift__page__is_cancelled=False,
    ).exclude(status=RSVP.Status.CANCELLED)
    due = []
    for kind, attendance, switch in (
        (Notice.Kind.THANK_YOU, RSVP.Attendance.ATTENDED, "send_thank_you"),
        (Notice.Kind.MISSED_YOU, RSVP.Attendance.NO_SHOW, "send_missed_you"),
    ):
        rows = (
            ended.filter(attendance=attendance, **{f"shift__page__{switch}": True})
            .exclude(notices__kind=kind)
            .values_list("pk", flat=True)
        )
        due.extend((pk, str(kind)) for pk in rows)
    return due


def followups_send_due(*, now: datetime | None = None) -> int:
    from events import tasks

    due = followups_due(now=now)
    for rsvp_id, kind in due:
        tasks.send_followup.delay(rsvp_id, kind)
    return len(due)


def _still_relevant(rsvp: RSVP, kind: str) -> bool:
    event = rsvp.shift.page
    if rsvp.status == RSVP.Status.CANCELLED or event.is_cancelled:
        return False
    if kind == Notice.Kind.THANK_YOU:
        return event.send_thank_you and rsvp.attendance == RSVP.Attendance.ATTENDED
    return event.send_missed_you and rsvp.attendance == RSVP.Attendance.NO_SHOW


def followup_send(*, rsvp_id: int, kind: str) -> bool:
    """Send one follow-up, at most once per attendance. True when this call sent it."""
    from events import emails
    from events.services import notice_claim

    if kind not in KINDS:
        return False
    rsvp = RSVP.objects.select_related("shift__page", "person").filter(pk=rsvp_id).first()
    if rsvp is None or not _still_relevant(rsvp, kind):
        return False
    notice = notice_claim(rsvp_id=rsvp.pk, kind=kind)
    if notice is None:
        return False
    try:
        emails.send_followup(rsvp=rsvp, kind=kind)
    except AcceptanceUnknown:
        Notice.objects.filter(pk=notice.pk).update(outcome_unknown=True)
        return False
    Notice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())
    return True


def followups_resend_lost(*, now: datetime | None = None, limit: int = 200) -> int:
    """Follow-ups whose worker was lost (the reminders' sweep only looks at shifts ahead)."""
    from events import emails

    now = now or timezone.now()
    lost = (
        Notice.objects.filter(**lost_notices_filter(now=now), kind__in=KINDS, outcome_unknown=False)
        .select_related("rsvp__shift__page", "rsvp__person")
        .order_by("pk")[:limit]
    )

    def send(notice: Notice) -> None:
        emails.send_followup(rsvp=notice.rsvp, kind=notice.kind)
        Notice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())

    return notices_resend(
        lost=list(lost),
        still_relevant=lambda notice: _still_relevant(notice.rsvp, notice.kind),
        send=send,
        now=now,
    )


# --- Reads ----------------------------------------------------------------------------------


def next_events_near(*, rsvp: RSVP, limit: int = 3) -> list[EventPage]:
    """The next events around the person's ZIP (or the event's), soonest-nearest first; the
    soonest anywhere when nothing is near."""
    event = rsvp.shift.page
    origin = zip_centroid(rsvp.postal_code) or zip_centroid(event.postal_code)
    found: list[EventPage] = []
    if origin:
        near = event_search(
            filters=EventFilters(origin=origin, radius=NEAR_MILES), per_page=limit + 1
        )
        found = [candidate for candidate in near.events if candidate.pk != event.pk]
    if len(found) < limit:
        soonest = event_search(filters=EventFilters(), per_page=limit + len(found) + 1)
        seen = {candidate.pk for candidate in found} | {event.pk}
        found += [candidate for candidate in soonest.events if candidate.pk not in seen]
    return found[:limit]
