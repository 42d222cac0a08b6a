"""One-tap shift rating (issue 19): tapping a score in the thank-you email records it at once,
while a fetch that runs no script (a mail scanner) records nothing."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_no_csp_violations


@pytest.fixture
def past(transactional_db, live_server, home_page):
    from tests.events.test_followup import _past_event
    from tests.factories.events import event_index

    return _past_event(event_index(home_page))


def test_opening_the_rating_link_records_the_score_then_a_comment_can_be_added(
    past, live_server, page
):
    from events import followup
    from events.models import ShiftRating

    token = followup.rating_token(rsvp_id=past.a.pk)
    page.goto(f"{live_server.url}/rate/{token}/?score=4")
    # No further tap: the page sends the tapped score by itself.
    expect(page.get_by_role("status")).to_contain_text("You rated it 4")
    rating = ShiftRating.objects.get(rsvp=past.a)
    assert (rating.score, rating.comment) == (4, "")
    assert_accessible(page)
    assert_no_csp_violations(page)

    page.get_by_label("Anything to tell the organizers? (optional)").fill("Great team")
    page.get_by_role("button", name="Send my comment").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for your comment")
    rating.refresh_from_db()
    assert (rating.score, rating.comment, ShiftRating.objects.count()) == (4, "Great team", 1)

    # Changing the score updates the same rating; reloading the confirmation adds nothing.
    page.get_by_role("radio", name="2").check()
    page.get_by_role("button", name="Change my rating").click()
    expect(page.get_by_role("status")).to_contain_text("You rated it 2")
    page.reload()
    expect(page.get_by_role("status")).to_contain_text("You rated it 2")
    rating.refresh_from_db()
    assert (rating.score, rating.comment, ShiftRating.objects.count()) == (2, "Great team", 1)
    assert_accessible(page)
