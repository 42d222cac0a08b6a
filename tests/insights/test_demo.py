"""seed_demo's insights history: enough to tell a story, and made only once."""

import pytest

from events.models import RSVP, EventPage, ShiftReport
from home.models import SiteSettings
from portal.insights import demo
from portal.insights.access import may_view_insights
from portal.models import User
from portal.newsletters.models import Delivery
from recruitment.models import Signup


def _seed_all():
    from events import demo as events_demo
    from home import demo as home_demo
    from portal.newsletters import demo as newsletters_demo
    from recruitment import demo as recruitment_demo

    for seed in (home_demo.seed, recruitment_demo.seed, events_demo.seed, newsletters_demo.seed):
        list(seed())
    return list(demo.seed())


def _counts():
    return (
        EventPage.objects.filter(slug__startswith="history-").count(),
        RSVP.objects.count(),
        Signup.objects.count(),
        ShiftReport.objects.count(),
        Delivery.objects.count(),
        User.objects.count(),
    )


@pytest.mark.django_db
def test_history_is_made_once_and_the_organizer_may_see_insights():
    lines = _seed_all()
    assert any("Insights history: 360 volunteers over 16 weeks" in line for line in lines)
    first = _counts()
    assert first[0] == 16 * 6 * 2 and first[1] > 2000 and first[3] > 100 and first[4] > 300
    assert RSVP.objects.filter(attendance=RSVP.Attendance.NO_SHOW).exists()
    assert Signup.objects.filter(partner__isnull=False).exists()
    assert Signup.objects.filter(referred_by__isnull=False).exists()
    assert may_view_insights(User.objects.get(email=demo.ORGANIZER_EMAIL))
    assert SiteSettings.objects.get().goal_doors_knocked == demo.GOALS["goal_doors_knocked"]
    assert "Insights history: already there" in list(demo.seed())
    assert _counts() == first
