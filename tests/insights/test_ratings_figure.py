"""Ratings from the thank-you emails, per event and per event type, in Insights."""

import pytest

from events import followup
from events.models import RSVP
from portal.insights.selectors import ratings
from tests.factories.insights import FILTERS

pytestmark = pytest.mark.django_db


def _rate(scenario, shift_key, person_key, score):
    rsvp = RSVP.objects.get(
        shift=scenario.shifts[shift_key], person=scenario.people[person_key].user
    )
    followup.shift_rating_record(rsvp=rsvp, score=score)


def test_ratings_per_event_and_per_event_type(scenario):
    _rate(scenario, "S1", "A", 5)
    _rate(scenario, "S1", "B", 2)
    _rate(scenario, "S2", "A", 4)
    _rate(scenario, "S4", "D", 1)  # a February shift: outside the range
    by_event = {row["event"]: row for row in ratings.ratings_by_event(filters=FILTERS).rows}
    s1, s2 = scenario.events["E1"].title, scenario.events["E2"].title
    assert by_event[s1] == {"event": s1, "ratings": 2, "average": 3.5, "low": 1}
    assert by_event[s2]["ratings"] == 1 and by_event[s2]["average"] == 4.0
    assert len(by_event) == 2
    by_type = ratings.ratings_by_event_type(filters=FILTERS).rows
    assert sum(row["ratings"] for row in by_type) == 3


def test_the_ratings_figure_is_on_the_screen_and_in_the_api(organizer, scenario):
    _rate(scenario, "S1", "A", 5)
    page = organizer.get("/admin/insights/?date_from=2026-03-02&date_to=2026-03-15")
    assert page.status_code == 200
    assert "Ratings per event type" in page.content.decode()
