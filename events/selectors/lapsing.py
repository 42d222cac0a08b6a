"""Lapsing volunteers: people who came to an event before but have not signed up for anything in
the last 30 days. Organizers email them (a newsletter audience) or call them (a CSV that carries
only the contact details each person agreed to)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from events.models import RSVP
from home.areas import in_office_area
from home.models import Office
from recruitment.models import Consent, Volunteer
from recruitment.selectors import latest_consent

LAPSING_DAYS = 30


def lapsing_volunteers(
    *, now: datetime | None = None, days: int = LAPSING_DAYS, office: Office | None = None
) -> QuerySet[Volunteer]:
    """Active accounts with an attended shift, no RSVP made in the last `days` days and nothing
    ahead of them (an RSVP made long ago for a shift still to come counts as signed up)."""
    now = now or timezone.now()
    people = Volunteer.objects.filter(
        Exists(
            RSVP.objects.filter(person=OuterRef("user_id"), attendance=RSVP.Attendance.ATTENDED)
        ),
        ~Exists(
            RSVP.objects.filter(
                person=OuterRef("user_id"), created_at__gte=now - timedelta(days=days)
            )
        ),
        ~Exists(
            RSVP.objects.filter(
                person=OuterRef("user_id"), status__in=RSVP.ACTIVE, shift__start_at__gte=now
            )
        ),
        user__isnull=False,
        user__is_active=True,
    )
    if office is not None:
        people = people.filter(in_office_area(office, field="postal_code"))
    return people


def _with_reachability(people: QuerySet[Volunteer]) -> QuerySet[Volunteer]:
    confirmed = Q(confirmed_at__isnull=False)
    return people.annotate(
        consent_email=latest_consent(channel=Consent.Channel.EMAIL),
        consent_sms=latest_consent(channel=Consent.Channel.SMS),
    ).annotate(
        may_email=Case(
            When(confirmed & Q(consent_email=True), then=Value(True)), default=Value(False)
        ),
        may_text=Case(
            When(confirmed & Q(consent_sms=True) & ~Q(phone=""), then=Value(True)),
            default=Value(False),
        ),
    )


def lapsing_summary(*, now: datetime | None = None, office: Office | None = None) -> dict[str, int]:
    """How many are lapsing, and how many of them can be emailed or called/texted. One query."""
    totals = _with_reachability(lapsing_volunteers(now=now, office=office)).aggregate(
        total=Count("pk"),
        emailable=Count("pk", filter=Q(may_email=True)),
        textable=Count("pk", filter=Q(may_text=True)),
        either=Count("pk", filter=Q(may_email=True) | Q(may_text=True)),
    )
    return {
        "people": totals["total"],
        "may_email": totals["emailable"],
        "may_text": totals["textable"],
        "reachable": totals["either"],
    }


def lapsing_contacts(*, now: datetime | None = None, office: Office | None = None):
    """Rows for the call list: name, then the email and phone each person agreed to be reached
    on (blank otherwise); people who agreed to neither are left out."""
    return (
        _with_reachability(lapsing_volunteers(now=now, office=office))
        .filter(Q(may_email=True) | Q(may_text=True))
        .annotate(
            contact_email=Case(
                When(may_email=True, then=F("user__email")),
                default=Value(""),
                output_field=CharField(),
            ),
            contact_phone=Case(
                When(may_text=True, then=F("phone")), default=Value(""), output_field=CharField()
            ),
            given_name=Coalesce(F("user__first_name"), Value("")),
            family_name=Coalesce(F("user__last_name"), Value("")),
        )
        .order_by("user__last_name", "user__first_name", "pk")
        .values_list("given_name", "family_name", "contact_email", "contact_phone", "postal_code")
    )
