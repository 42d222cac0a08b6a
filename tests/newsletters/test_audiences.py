"""Who a newsletter reaches: consent first, then each segment narrows it."""

from datetime import timedelta

import pytest

from events.models import RSVP
from portal.newsletters.audiences import audience_volunteers
from portal.newsletters.models import NewsletterPage
from portal.newsletters.selectors import newsletter_audience_summary
from portal.newsletters.services import suppression_add
from recruitment.models import Consent, VolunteerInterest
from tests.factories.events import event_index, make_event
from tests.factories.newsletters import newsletter, subscriber
from tests.factories.recruitment import PartnerFactory

pytestmark = pytest.mark.django_db


def _audience(page: NewsletterPage) -> set[int]:
    return set(audience_volunteers(newsletter=page).values_list("pk", flat=True))


def test_everyone_with_confirmed_email_consent_is_the_default_audience(home_page):
    yes = subscriber()
    subscriber(confirmed=False)
    subscriber(email_consent=False)
    assert _audience(newsletter(home_page)) == {yes.pk}


def test_interest_segment_counts_each_person_once(home_page):
    canvasser = subscriber()
    VolunteerInterest.objects.create(volunteer=canvasser, activity="canvassing")
    VolunteerInterest.objects.create(volunteer=canvasser, activity="phone_banking")
    other = subscriber()
    VolunteerInterest.objects.create(volunteer=other, activity="fundraising")
    page = newsletter(home_page, audience_interests=["canvassing", "phone_banking"])
    assert list(audience_volunteers(newsletter=page).values_list("pk", flat=True)) == [canvasser.pk]


def test_radius_segment_keeps_people_near_the_zip(home_page):
    detroit = subscriber(postal_code="48207")
    dearborn = subscriber(postal_code="48126")  # about 8 miles from downtown Detroit
    phoenix = subscriber(postal_code="85009")
    subscriber(postal_code="")
    page = newsletter(home_page, audience_postal_code="48201", audience_radius_miles=15)
    assert _audience(page) == {detroit.pk, dearborn.pk}
    assert phoenix.pk not in _audience(page)


def test_language_segment(home_page):
    subscriber(preferred_language="en")
    es = subscriber(preferred_language="es")
    assert _audience(newsletter(home_page, audience_language="es")) == {es.pk}


def test_partner_segment_needs_current_consent_for_that_partner(home_page):
    partner, other_partner = PartnerFactory(), PartnerFactory()
    agreed, withdrew, other = subscriber(), subscriber(), subscriber()
    for volunteer, target, granted in [
        (agreed, partner, True),
        (withdrew, partner, True),
        (withdrew, partner, False),
        (other, other_partner, True),
    ]:
        Consent.objects.create(
            volunteer=volunteer,
            channel=Consent.Channel.PARTNERS,
            partner=target,
            granted=granted,
            wording_version="partners-test",
            source=Consent.Source.DASHBOARD,
        )
    assert _audience(newsletter(home_page, audience_partner=partner)) == {agreed.pk}


def test_attendance_and_upcoming_registration_segments(home_page):
    index = event_index(home_page)
    past = make_event(index, starts_in=timedelta(days=-10))
    long_ago = make_event(index, starts_in=timedelta(days=-90))
    upcoming = make_event(index, starts_in=timedelta(days=5))
    came, came_long_ago, registered, no_show = (subscriber() for _ in range(4))
    RSVP.objects.create(
        shift=past.shifts.first(),
        person=came.user,
        status="REGISTERED",
        attendance="ATTENDED",
        source="web",
    )
    RSVP.objects.create(
        shift=long_ago.shifts.first(),
        person=came_long_ago.user,
        status="REGISTERED",
        attendance="ATTENDED",
        source="web",
    )
    RSVP.objects.create(
        shift=past.shifts.first(),
        person=no_show.user,
        status="REGISTERED",
        attendance="NO_SHOW",
        source="web",
    )
    RSVP.objects.create(
        shift=upcoming.shifts.first(), person=registered.user, status="REGISTERED", source="web"
    )
    assert _audience(newsletter(home_page, audience_attended_within_days=30)) == {came.pk}
    assert _audience(newsletter(home_page, audience_registered_upcoming=True)) == {registered.pk}


def test_summary_counts_recipients_suppressed_and_spanish(home_page):
    subscriber()
    subscriber(preferred_language="es")
    gone = subscriber()
    suppression_add(email=gone.user.email, reason="unsubscribed")
    summary = newsletter_audience_summary(newsletter=newsletter(home_page))
    assert (summary.total, summary.to_send, summary.suppressed, summary.capped) == (3, 2, 1, 0)
    # No Spanish translation yet: everybody gets English.
    assert summary.spanish_available is False and summary.spanish == 0
