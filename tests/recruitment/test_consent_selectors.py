"""The consent ledger's one "latest choice wins" query, as every app reads it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from recruitment import selectors
from recruitment.models import Consent, Volunteer
from tests.factories.recruitment import PartnerFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def _record(volunteer, channel, granted, *, partner=None, minutes_ago=0):
    return Consent.objects.create(
        volunteer=volunteer,
        channel=channel,
        granted=granted,
        partner=partner,
        wording_version="test",
        source=Consent.Source.SIGNUP,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_the_latest_choice_wins_for_the_general_and_each_partners_consent():
    partner, other = PartnerFactory(), PartnerFactory()
    volunteer = VolunteerFactory(confirmed_at=timezone.now())
    never_asked = VolunteerFactory(confirmed_at=timezone.now())
    _record(volunteer, Consent.Channel.PARTNERS, True, minutes_ago=9)
    _record(volunteer, Consent.Channel.PARTNERS, True, partner=partner, minutes_ago=8)
    _record(volunteer, Consent.Channel.PARTNERS, False, partner=partner, minutes_ago=1)
    _record(volunteer, Consent.Channel.EMAIL, False, minutes_ago=5)
    _record(volunteer, Consent.Channel.EMAIL, True, minutes_ago=2)

    rows = Volunteer.objects.annotate(
        general=selectors.latest_consent(channel=Consent.Channel.PARTNERS),
        this_partner=selectors.latest_consent(channel=Consent.Channel.PARTNERS, partner=partner),
        by_id=selectors.latest_consent(channel=Consent.Channel.PARTNERS, partner=partner.pk),
        other_partner=selectors.latest_consent(channel=Consent.Channel.PARTNERS, partner=other),
        email_choice=selectors.latest_consent(channel=Consent.Channel.EMAIL),
    )
    row = rows.get(pk=volunteer.pk)
    assert (row.general, row.this_partner, row.by_id, row.other_partner, row.email_choice) == (
        True,
        False,
        False,
        None,
        True,
    )
    assert rows.get(pk=never_asked.pk).email_choice is None
    # The partner-specific "no" wins over the general "yes" for that partner only.
    assert list(selectors.shareable_with_partner(Volunteer.objects.all(), partner=partner)) == []
    assert list(selectors.shareable_with_partner(Volunteer.objects.all(), partner=other)) == [
        volunteer
    ]
