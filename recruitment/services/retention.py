"""Retention rules for the people funnel (issue 22): what is erased, and when.

Each function removes exactly what its rule names, returns how many records it removed, and can
run twice (a second run finds nothing left to do). Limits come from the site settings, read by
the caller; `now` is a parameter so the edges can be tested.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from recruitment.models import InternshipApplication, Signup, Volunteer
from recruitment.services.people import volunteer_erase

logger = logging.getLogger(__name__)


def unconfirmed_signups_erase(*, older_than_days: int, now: datetime | None = None) -> int:
    """Erase people who signed up and never confirmed their address, `older_than_days` after
    their last sign-up; clear what unconfirmed sign-ups for already-known addresses asked for.

    Only people the sign-up itself created, who never signed in, hold no admin role and
    confirmed nothing, are erased (volunteer_erase: the anonymous row stays for the counts).
    """
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    confirmed_signup = Signup.objects.filter(volunteer=OuterRef("pk"), confirmed_at__isnull=False)
    created_by_signup = Signup.objects.filter(volunteer=OuterRef("pk"), created_person=True)
    people = (
        Volunteer.objects.filter(
            erased_at__isnull=True,
            confirmed_at__isnull=True,
            user__isnull=False,
            user__last_login__isnull=True,
            user__is_staff=False,
            user__is_superuser=False,
            user__groups__isnull=True,
        )
        .filter(Exists(created_by_signup), ~Exists(confirmed_signup))
        .annotate(last_signup=Max("signups__created_at"))
        .filter(last_signup__lt=cutoff)
    )
    erased = 0
    for volunteer in people:
        volunteer_erase(volunteer=volunteer)
        erased += 1
    # Sign-ups for an address someone already owned wait, holding what was typed, until the
    # owner confirms; unconfirmed past the limit, what they hold goes (the row stays a count).
    pending = Signup.objects.filter(
        confirmed_at__isnull=True, created_person=False, created_at__lt=cutoff
    ).filter(~Q(pending_profile={}) | ~Q(requested_consents=[]) | Q(ip_address__isnull=False))
    with transaction.atomic():
        cleared = pending.update(pending_profile={}, requested_consents=[], ip_address=None)
    return erased + cleared


def closed_applications_erase(*, older_than_months: int, now: datetime | None = None) -> int:
    """Delete internship applications (and their résumé files) closed — accepted or declined —
    more than `older_than_months` ago. Open applications are kept whatever their age."""
    cutoff = (now or timezone.now()) - relativedelta(months=older_than_months)
    closed = InternshipApplication.objects.filter(
        status__in=[InternshipApplication.Status.ACCEPTED, InternshipApplication.Status.DECLINED],
        status_changed_at__lt=cutoff,
    )
    removed = 0
    for application in closed:
        resume = application.resume
        with transaction.atomic():
            application.delete()
        # After the row: a crash in between leaves an orphan file, never a row without its file.
        if resume.name:
            resume.storage.delete(resume.name)
        removed += 1
    logger.info("Retention: %s closed applications removed", removed)
    return removed
