"""Milestones recognised from verified data: check-ins recorded at the desk (events), recruits
who confirmed and then attended (recruitment) and finished courses (training)."""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Sum
from django.utils import timezone

from portal.newsletters.models import Milestone
from portal.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

SHIFT_MILESTONES = [
    (1, Milestone.Kind.FIRST_SHIFT),
    (5, Milestone.Kind.SHIFTS_5),
    (10, Milestone.Kind.SHIFTS_10),
    (25, Milestone.Kind.SHIFTS_25),
]
HOUR_MILESTONES = [
    (10, Milestone.Kind.HOURS_10),
    (50, Milestone.Kind.HOURS_50),
    (100, Milestone.Kind.HOURS_100),
]


def milestones_due(*, now=None) -> set[tuple[int, str]]:
    """(user id, kind) for every milestone the data shows, recorded or not."""
    from events.models import RSVP
    from recruitment.models import Volunteer
    from training.models import CourseCompletion

    now = now or timezone.now()
    attended = RSVP.objects.filter(attendance=RSVP.Attendance.ATTENDED, shift__end_at__lte=now)
    due: set[tuple[int, str]] = set()
    totals = attended.values("person_id").annotate(
        shifts=Count("pk"),
        worked=Sum(
            ExpressionWrapper(
                F("shift__end_at") - F("shift__start_at"), output_field=DurationField()
            )
        ),
    )
    for row in totals:
        hours = (row["worked"] or timedelta()).total_seconds() / 3600
        due.update((row["person_id"], kind) for n, kind in SHIFT_MILESTONES if row["shifts"] >= n)
        due.update((row["person_id"], kind) for n, kind in HOUR_MILESTONES if hours >= n)
    recruiters = (
        Volunteer.objects.filter(
            referred_by__user__isnull=False,
            confirmed_at__isnull=False,
            user__event_rsvps__in=attended,
        )
        .values_list("referred_by__user_id", flat=True)
        .distinct()
    )
    due.update((user_id, Milestone.Kind.FIRST_RECRUIT) for user_id in recruiters)
    learners = CourseCompletion.objects.values_list("user_id", flat=True).distinct()
    due.update((user_id, Milestone.Kind.FIRST_COURSE) for user_id in learners)
    return due


def milestones_award(*, now=None) -> list[Milestone]:
    """Record milestones not yet recorded; each new one gets a badge and a thank-you email."""
    from portal.newsletters import tasks

    due = milestones_due(now=now)
    recorded = set(Milestone.objects.values_list("user_id", "kind"))
    created = []
    for user_id, kind in sorted(due - recorded):
        try:
            with transaction.atomic():
                milestone = Milestone.objects.create(user_id=user_id, kind=kind)
                enqueue_on_commit(tasks.notify_milestone, milestone.pk)
        except IntegrityError:
            # Another run recorded it first: the unique constraint keeps it once.
            continue
        created.append(milestone)
    if created:
        logger.info("Recorded %s new milestones", len(created))
    return created


def milestone_notify(*, milestone_id: int) -> bool:
    """Thank the person, once: the claim on notified_at comes before the email."""
    from portal.newsletters import emails

    with transaction.atomic():
        claimed = Milestone.objects.filter(pk=milestone_id, notified_at__isnull=True).update(
            notified_at=timezone.now()
        )
    if not claimed:
        return False
    milestone = Milestone.objects.select_related("user").get(pk=milestone_id)
    return emails.send_milestone_email(milestone=milestone)
