"""Issue 18 in a phone-sized Chromium (390×844): from an event page to a confirmed RSVP in one
submit, focus on the error summary after a failed submit, no layout shift while a page loads,
confirming an email logs the person in, and a confirmation step before a bulk send."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_accessible, assert_no_csp_violations, staff_sign_in
from tests.factories.events import event_index, make_event

# The live server needs committed rows; the suite's fixture puts Wagtail's tree back each time.
pytestmark = pytest.mark.django_db(transaction=True)

CLS_SCRIPT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


def test_phone_event_page_to_confirmed_rsvp_in_one_submit(live_server, home_page, phone_page):
    from events.models import RSVP

    event = make_event(event_index(home_page), title="Eastside canvass")
    page = phone_page
    page.goto(live_server.url + event.url)

    # The way to sign up is within the first screen.
    sign_up = page.get_by_role("link", name="Sign up", exact=True)
    box = sign_up.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    assert_accessible(page)
    sign_up.click()

    filled = 0
    for label, value in (
        ("Given name", "Lee"),
        ("Email", "lee@example.org"),
        ("ZIP code", "48201"),
    ):
        page.get_by_label(label, exact=True).fill(value)
        filled += 1
    assert filled <= 5
    # One shift: already ticked, nothing to choose.
    expect(page.get_by_role("checkbox", name=re.compile(r"places? left"))).to_be_checked()
    page.get_by_role("button", name="Sign me up").click()

    expect(page.get_by_role("heading", name="You're signed up!")).to_be_visible()
    expect(page.get_by_role("button", name="Sign me up")).to_have_count(0)
    expect(page.get_by_role("link", name="Google")).to_be_visible()
    expect(page.get_by_role("link", name="Apple (.ics)")).to_be_visible()
    expect(page.get_by_role("link", name="Outlook")).to_be_visible()
    expect(page.get_by_label("Link to share")).to_have_value(event.full_url)
    assert RSVP.objects.get().person.email == "lee@example.org"
    assert_accessible(page)
    assert_no_csp_violations(page)


def test_focus_lands_on_the_error_summary_after_a_failed_submit(live_server, home_page, phone_page):
    page = phone_page
    page.goto(live_server.url + "/join/")
    page.get_by_role("button", name="Sign up").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.title().startswith("Error:")
    assert_accessible(page)


def test_pages_load_on_a_phone_without_layout_shift(live_server, home_page, phone_page):
    event = make_event(event_index(home_page), title="Eastside canvass")
    page = phone_page
    for path in ("/", "/events/", event.url, "/join/"):
        page.goto(live_server.url + path, wait_until="load")
        shift = page.evaluate(CLS_SCRIPT)
        assert shift < 0.05, (path, shift)
        # The menu starts collapsed and opens on demand.
        expect(page.locator("#site-nav")).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(page.locator("#site-nav")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "true")


def test_confirming_an_email_logs_the_person_in(live_server, home_page, phone_page):
    from recruitment import services
    from recruitment.tokens import confirmation_token

    signup = services.volunteer_signup(
        email="ana@example.org",
        profile={"first_name": "Ana", "last_name": "Pérez", "postal_code": "48201"},
        consents=[],
        source=services.SignupSource(),
        language="en",
    )
    page = phone_page
    page.goto(f"{live_server.url}/join/confirm/{confirmation_token(signup.pk)}/")
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are confirmed")
    page.get_by_role("link", name="Go to My portal").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My portal")


def test_send_now_stops_at_a_confirmation_step(live_server, home_page, page, django_user_model):
    from portal.newsletters.models import NewsletterDispatch
    from tests.factories.newsletters import newsletter, subscriber

    subscriber()
    subscriber()
    letter = newsletter(home_page)
    django_user_model.objects.create_superuser(
        email="organizer@example.org", password="s3cret-pass-1", first_name="Olga"
    )
    staff_sign_in(page, live_server.url, "organizer@example.org", "s3cret-pass-1")
    page.goto(f"{live_server.url}/admin/newsletters/")
    expect(page.get_by_role("link", name="New newsletter")).to_be_visible()
    page.goto(f"{live_server.url}/admin/newsletters/{letter.pk}/")
    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_role("heading", name="Send it now to 2 people?")).to_be_visible()
    assert not NewsletterDispatch.objects.exists()
    assert not mail.outbox
    page.get_by_role("button", name="Yes, send to 2 people").click()
    expect(page.get_by_text("Sending started.")).to_be_visible()
    assert NewsletterDispatch.objects.exists()
