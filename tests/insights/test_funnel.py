"""The funnel against a person-by-person count, with the cases the hand-counted history lacks."""

from collections import Counter

import pytest

from events.models import RSVP
from portal.insights.selectors import recruitment
from recruitment.models import Signup, Volunteer
from tests.factories.insights import FILTERS, _person, _rsvp, at

pytestmark = pytest.mark.django_db


def _counted_one_by_one() -> dict[str, Counter]:
    """What each step should hold, walking the cohort one person at a time."""
    steps: dict[str, Counter] = {}
    cohort = Volunteer.objects.filter(created_at__gte=FILTERS.start, created_at__lt=FILTERS.end)
    for person in cohort:
        first = Signup.objects.filter(volunteer=person).order_by("created_at", "pk").first()
        if first is None:
            source = recruitment.DIRECT
        elif first.referred_by_id:
            source = recruitment.REFERRAL
        elif first.partner_id:
            source = recruitment.PARTNER
        else:
            source = first.utm_source.lower() or recruitment.DIRECT
        rsvps = RSVP.objects.filter(person=person.user)
        attended = rsvps.filter(attendance=RSVP.Attendance.ATTENDED).count()
        passed = [
            True,
            person.confirmed_at is not None,
            rsvps.exists(),
            attended >= 1,
            attended >= 2,
        ]
        counts = steps.setdefault(recruitment.source_label(source), Counter())
        for step, ok in zip(recruitment.FUNNEL_STEPS, passed, strict=True):
            if not ok:
                break
            counts[step] += 1
    return steps


def test_funnel_matches_a_person_by_person_count(scenario):
    shifts = scenario.shifts
    attended = RSVP.Attendance.ATTENDED
    # Three shifts attended still counts once at "second attended"; no sign-up row is "direct";
    # an unconfirmed person who came twice passes only the first step.
    regular = _person("R", postal_code="48207", joined=at(9))
    for key in ("S1", "S2", "S3"):
        _rsvp(shifts[key], regular, attendance=attended, made=at(1))
    unconfirmed = _person("U", postal_code="48207", joined=at(9), confirmed=False)
    for key in ("S1", "S2"):
        _rsvp(shifts[key], unconfirmed, attendance=attended, made=at(1))
    _person("N", postal_code="48207", joined=at(9))

    table = recruitment.funnel(filters=FILTERS)
    expected = _counted_one_by_one()
    rows = {row["source"]: row for row in table.rows}
    assert set(rows) == {"All sources", *expected}
    for source, counts in expected.items():
        assert [rows[source][step] for step in recruitment.FUNNEL_STEPS] == [
            counts[step] for step in recruitment.FUNNEL_STEPS
        ], source
    direct = rows[recruitment.source_label(recruitment.DIRECT)]
    assert [direct[step] for step in recruitment.FUNNEL_STEPS] == [3, 2, 1, 1, 1]
