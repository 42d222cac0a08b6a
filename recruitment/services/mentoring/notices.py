"""Mentoring emails: finding the due check-in reminders and feedback requests, and sending each
email about a pair at most once, recorded in the MentoringNotice ledger before it goes out."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from recruitment.models import MentoringNotice, MentorPair, PairCheckIn, Volunteer

FEEDBACK_AFTER = timedelta(weeks=4)


def mentoring_send_due(*, now: datetime | None = None) -> int:
    """Queue every check-in reminder and feedback request that is due. Run by Celery beat; each
    email is claimed in the ledger when sent, so running this twice sends nothing twice."""
    from recruitment import tasks

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


def mentoring_notice_send(*, pair_id: int, kind: str, key: str = "") -> int:
    """Send one kind of email about a pair to whoever it is for, at most once each.

    Introductions and feedback requests go to both people, check-in reminders to the mentor,
    and an ended pairing to the other side. Returns how many emails this call sent.
    """
    from recruitment import mentoring_emails

    pair = (
        MentorPair.objects.select_related(
            "mentor__user", "newcomer__user", "mentor__mentor_profile", "request"
        )
        .filter(pk=pair_id)
        .first()
    )
    if pair is None:
        return 0
    if kind == MentoringNotice.Kind.INTRODUCTION or kind == MentoringNotice.Kind.FEEDBACK:
        if pair.ended_at is not None:
            return 0
        recipients = [pair.mentor, pair.newcomer]
    elif kind == MentoringNotice.Kind.CHECKIN:
        checkin = pair.checkins.filter(week=int(key.removeprefix("week") or 0)).first()
        if pair.ended_at is not None or checkin is None or checkin.done_at is not None:
            return 0
        recipients = [pair.mentor]
    elif kind == MentoringNotice.Kind.ENDED:
        recipients = [pair.newcomer if key == MentorPair.EndedBy.MENTOR else pair.mentor]
        if key == MentorPair.EndedBy.ORGANIZER:
            recipients = [pair.mentor, pair.newcomer]
    else:
        return 0
    sent = 0
    for recipient in recipients:
        if recipient.user_id is None:
            continue
        notice = _claim(pair=pair, recipient=recipient, kind=kind, key=key)
        if notice is None:
            continue
        mentoring_emails.send(pair=pair, recipient=recipient, kind=kind, key=key)
        MentoringNotice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())
        sent += 1
    if kind == MentoringNotice.Kind.CHECKIN and sent:
        PairCheckIn.objects.filter(pair=pair, week=int(key.removeprefix("week"))).update(
            reminder_sent_at=timezone.now()
        )
    return sent
