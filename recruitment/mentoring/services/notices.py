"""Mentoring emails: finding the due check-in reminders and feedback requests, and sending each
email about a pair at most once, recorded in the MentoringNotice ledger before it goes out."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.notices import lost_notices_filter, notices_resend
from recruitment.mentoring.models import MentoringNotice, MentorPair, PairCheckIn
from recruitment.models import Volunteer

logger = logging.getLogger(__name__)

FEEDBACK_AFTER = timedelta(weeks=4)


def mentoring_send_due(*, now: datetime | None = None) -> int:
    """Queue every check-in reminder and feedback request that is due. Run by Celery beat; each
    email is claimed in the ledger when sent, so running this twice sends nothing twice."""
    from recruitment.mentoring import tasks

    now = now or timezone.now()
    queued = 0
    checkins = PairCheckIn.objects.filter(
        due_at__lte=now,
        reminder_sent_at__isnull=True,
        done_at__isnull=True,
        pair__ended_at__isnull=True,
    ).values_list("pair_id", "week")
    for pair_id, week in checkins:
        tasks.send_mentoring_notice.delay(pair_id, MentoringNotice.Kind.CHECKIN, f"week{week}")
        queued += 1
    asked = MentoringNotice.objects.filter(kind=MentoringNotice.Kind.FEEDBACK).values("pair_id")
    due_feedback = (
        MentorPair.objects.filter(ended_at__isnull=True, started_at__lte=now - FEEDBACK_AFTER)
        .exclude(pk__in=asked)
        .values_list("pk", flat=True)
    )
    for pair_id in due_feedback:
        tasks.send_mentoring_notice.delay(pair_id, MentoringNotice.Kind.FEEDBACK, "")
        queued += 1
    return queued


def _claim(*, pair: MentorPair, recipient: Volunteer, kind: str, key: str):
    try:
        with transaction.atomic():
            return MentoringNotice.objects.create(
                pair=pair, recipient=recipient, kind=kind, key=key[:20]
            )
    except IntegrityError:
        return None


def _week(key: str) -> int | None:
    """The week of a check-in reminder's key ("week2" → 2); None for anything else."""
    week = key.removeprefix("week")
    return int(week) if week.isdigit() else None


def _checkin(pair: MentorPair, key: str) -> PairCheckIn | None:
    week = _week(key)
    # Through .all() so a prefetched list (the lost-email sweep's) answers without a query.
    return next((c for c in pair.checkins.all() if c.week == week), None)


def _still_relevant(*, pair: MentorPair, kind: str, key: str, now: datetime) -> bool:
    """Whether an email about this pair is still worth sending now."""
    if kind in (MentoringNotice.Kind.INTRODUCTION, MentoringNotice.Kind.FEEDBACK):
        return pair.ended_at is None
    if kind == MentoringNotice.Kind.CHECKIN:
        checkin = _checkin(pair, key)
        return pair.ended_at is None and checkin is not None and checkin.done_at is None
    if kind == MentoringNotice.Kind.ENDED:
        return pair.ended_at is not None and pair.ended_at > now - ENDED_NEWS_FOR
    return False


def _recipients(pair: MentorPair, kind: str, key: str) -> list[Volunteer]:
    """Introductions and feedback requests go to both people, check-in reminders to the mentor,
    and an ended pairing to the other side (to both when an organizer ended it)."""
    if kind == MentoringNotice.Kind.CHECKIN:
        return [pair.mentor]
    if kind == MentoringNotice.Kind.ENDED and key == MentorPair.EndedBy.MENTOR:
        return [pair.newcomer]
    if kind == MentoringNotice.Kind.ENDED and key == MentorPair.EndedBy.NEWCOMER:
        return [pair.mentor]
    return [pair.mentor, pair.newcomer]


def _deliver(*, notice: MentoringNotice, pair: MentorPair, recipient: Volunteer) -> None:
    """Send a recorded notice and mark it sent (and a check-in's reminder with it)."""
    from recruitment.mentoring import emails

    emails.send(pair=pair, recipient=recipient, kind=notice.kind, key=notice.key)
    sent_at = timezone.now()
    MentoringNotice.objects.filter(pk=notice.pk).update(sent_at=sent_at)
    if notice.kind == MentoringNotice.Kind.CHECKIN:
        PairCheckIn.objects.filter(pair=pair, week=_week(notice.key)).update(
            reminder_sent_at=sent_at
        )


def mentoring_notice_send(*, pair_id: int, kind: str, key: str = "") -> int:
    """Send one kind of email about a pair to whoever it is for, at most once each.

    Returns how many emails this call sent.
    """
    if kind not in MentoringNotice.Kind.values:
        return 0
    pair = (
        MentorPair.objects.select_related(
            "mentor__user", "newcomer__user", "mentor__mentor_profile", "request"
        )
        .filter(pk=pair_id)
        .first()
    )
    if pair is None or not _still_relevant(pair=pair, kind=kind, key=key, now=timezone.now()):
        return 0
    # Everyone's email is recorded before any is sent: if one send fails, or the worker dies,
    # the others are still in the ledger for the lost-email sweep to send.
    claimed = [
        (notice, recipient)
        for recipient in _recipients(pair, kind, key)
        if recipient.user_id is not None  # erased: there is nobody to write to
        and (notice := _claim(pair=pair, recipient=recipient, kind=kind, key=key)) is not None
    ]
    sent = 0
    for notice, recipient in claimed:
        try:
            _deliver(notice=notice, pair=pair, recipient=recipient)
        except Exception:
            logger.exception("Mentoring notice %s was not sent; the sweep will retry", notice.pk)
            continue
        sent += 1
    return sent


# "Your pairing has ended" is news for a week; after that a late email would only confuse.
ENDED_NEWS_FOR = timedelta(days=7)


def mentoring_notices_resend_lost(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send again the mentoring emails lost with their worker or refused by the mail server, while
    they are still relevant (the pair still active, the check-in still not done…); see
    portal/notices.py. Returns how many were sent."""
    now = now or timezone.now()
    lost = (
        MentoringNotice.objects.filter(
            **lost_notices_filter(now=now), recipient__user__isnull=False
        )
        .select_related(
            "pair__mentor__user",
            "pair__newcomer__user",
            "pair__mentor__mentor_profile",
            "pair__request",
        )
        .prefetch_related("pair__checkins")
        .order_by("pk")[:limit]
    )

    def send(notice: MentoringNotice) -> None:
        pair = notice.pair
        recipient = pair.mentor if notice.recipient_id == pair.mentor_id else pair.newcomer
        _deliver(notice=notice, pair=pair, recipient=recipient)

    return notices_resend(
        lost=list(lost),
        still_relevant=lambda notice: _still_relevant(
            pair=notice.pair, kind=notice.kind, key=notice.key, now=now
        ),
        send=send,
        now=now,
    )
