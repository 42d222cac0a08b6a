"""Training completions and mentoring on the Insights screen, against a hand-counted history.

The clock and the range are those of tests/factories/insights.py: now is 18 March 2026, the
filters cover 2–15 March (weeks starting 2 and 9 March).
"""

from dataclasses import replace
from datetime import date

import pytest

from portal.insights.selectors import learning
from recruitment.mentoring.models import MentorPair, MentorRequest, PairCheckIn
from tests.factories.home import OfficeFactory
from tests.factories.insights import FILTERS, NOW, at
from tests.factories.mentoring import MentorRequestFactory
from tests.factories.recruitment import VolunteerFactory
from tests.factories.training import make_course, training_index
from training.models import CourseCompletion

pytestmark = pytest.mark.django_db

MAR_2, MAR_9 = date(2026, 3, 2), date(2026, 3, 9)
DETROIT, PHOENIX = "48207", "85009"


def _by(table, key):
    return {row[key]: row for row in table.rows}


@pytest.fixture
def detroit_office(db):
    return OfficeFactory(name="Detroit office", postal_code=DETROIT)


@pytest.fixture
def completions(home_page, spanish):
    index = training_index(home_page)
    canvassing = make_course(index, title="Canvassing 101")
    phone = make_course(index, title="Phone banking basics")
    canvassing_es = canvassing.copy_for_translation(spanish, copy_parents=True)
    ana, bo, cy, dee = (
        VolunteerFactory(postal_code=code) for code in (DETROIT,) * 2 + (PHOENIX, DETROIT)
    )
    for volunteer, course, when in [
        (ana, canvassing, at(3)),  # week of 2 March
        (bo, canvassing_es, at(10)),  # the Spanish course counts with its English original
        (ana, phone, at(11)),
        (cy, canvassing, at(12)),  # Phoenix
        (dee, canvassing, at(20, month=2)),  # before the range
    ]:
        completion = CourseCompletion.objects.create(user=volunteer.user, course=course)
        CourseCompletion.objects.filter(pk=completion.pk).update(completed_at=when)


def test_training_completions_per_week_and_per_course(completions):
    weekly = _by(learning.completions_by_week(filters=FILTERS), "week")
    assert weekly[MAR_2] == {"week": MAR_2, "completions": 1, "people": 1}
    assert weekly[MAR_9] == {"week": MAR_9, "completions": 3, "people": 3}

    courses = _by(learning.completions_by_course(filters=FILTERS), "course")
    assert courses["Canvassing 101"] == {"course": "Canvassing 101", "completions": 3, "people": 3}
    assert courses["Phone banking basics"]["completions"] == 1
    assert len(courses) == 2


def test_training_completions_in_an_office_area(completions, detroit_office):
    in_detroit = replace(FILTERS, office=detroit_office)
    weekly = _by(learning.completions_by_week(filters=in_detroit), "week")
    assert weekly[MAR_9]["completions"] == 2  # the Phoenix volunteer is left out


@pytest.fixture
def pairs(db):
    mentor = VolunteerFactory(postal_code=DETROIT)
    near, far = VolunteerFactory(postal_code=DETROIT), VolunteerFactory(postal_code=PHOENIX)
    active = MentorPair.objects.create(mentor=mentor, newcomer=near, started_at=at(4))
    PairCheckIn.objects.create(pair=active, week=1, due_at=at(11), done_at=None)  # 7 days late
    PairCheckIn.objects.create(pair=active, week=2, due_at=at(17), done_at=None)  # not yet overdue
    ended = MentorPair.objects.create(
        mentor=mentor, newcomer=far, started_at=at(1, month=2), ended_at=at(10)
    )
    PairCheckIn.objects.create(pair=ended, week=4, due_at=at(1), done_at=None)  # pair is over
    MentorRequestFactory(newcomer=VolunteerFactory(postal_code=DETROIT))
    MentorRequestFactory(newcomer=VolunteerFactory(postal_code=DETROIT, confirmed_at=None))
    MentorRequestFactory(
        newcomer=VolunteerFactory(postal_code=DETROIT), status=MentorRequest.Status.WITHDRAWN
    )


def test_mentoring_counts(pairs):
    counts = {
        row["measure"]: row["count"] for row in learning.mentoring(filters=FILTERS, now=NOW).rows
    }
    assert list(counts.values()) == [1, 1, 1, 1, 1, 1]
    assert counts["Overdue check-ins"] == 1 and counts["Newcomers waiting for a mentor"] == 1


def test_mentoring_counts_in_an_office_area(pairs, detroit_office):
    table = learning.mentoring(filters=replace(FILTERS, office=detroit_office), now=NOW)
    counts = {row["measure"]: row["count"] for row in table.rows}
    assert counts["Pairs ended in these dates"] == 0  # that newcomer lives in Phoenix
    assert counts["Active pairs"] == 1


def test_the_dashboard_and_api_show_both_figures(organizer, completions, pairs):
    page = organizer.get("/admin/insights/?date_from=2026-03-02&date_to=2026-03-15")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="figure-training"' in text and 'id="figure-mentoring"' in text
    csv = organizer.get(
        "/admin/insights/csv/training-courses.csv?date_from=2026-03-02&date_to=2026-03-15"
    )
    assert csv.status_code == 200
    assert "Canvassing 101" in b"".join(csv.streaming_content).decode()
