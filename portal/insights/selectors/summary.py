"""The four numbers on the admin home panel, four small queries."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count
from django.utils import timezone

from events.models import RSVP
from events.selectors.lapsing import lapsing_summary
from portal.insights.filters import InsightsFilters, default_range
from portal.insights.selectors.turnout import ATTENDED, REGISTERED, shifts_needing_people
from portal.insights.tables import rate
from recruitment.models import Signup


def home_summary(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    date_from, date_to = default_range(timezone.localdate(now))
    filters = InsightsFilters(date_from=date_from, date_to=date_to)
    signups = Signup.objects.filter(created_at__gte=now - timedelta(days=7)).count()
    turnout = RSVP.objects.filter(
        shift__start_at__gte=now - timedelta(days=28),
        shift__start_at__lt=now,
        shift__page__is_cancelled=False,
    ).aggregate(
        rsvps=Count("pk", filter=REGISTERED), attended=Count("pk", filter=REGISTERED & ATTENDED)
    )
    return {
        "signups_7_days": signups,
        "show_up_rate_28_days": rate(turnout["attended"], turnout["rsvps"]),
        "shifts_needing_people": len(shifts_needing_people(filters=filters, now=now).rows),
        "lapsing": lapsing_summary(now=now)["people"],
    }


__all__ = ["home_summary"]
