import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from portal.roles import INTERNS_GROUP, roles_apply
from tests.e2e.conftest import assert_accessible, assert_no_csp_violations, staff_sign_in


@pytest.fixture
def events_site(demo_site):
    from events.models import EventPage
    from home.models import HomePage
    from tests.factories.events import event_index, make_event

    index = event_index(HomePage.objects.get(locale__language_code="en"))
    make_event(index, title="Detroit door knock", postal_code="48207", starts_in=timedelta(days=2))
    make_event(
        index,
        title="Maryvale canvass",
        postal_code="85009",
        timezone="America/Phoenix",
        locality="Phoenix",
        region="AZ",
        venue="Westside Office",
        street_address="3320 W McDowell Rd",
        starts_in=timedelta(days=3),
    )
    demo_site.event = EventPage.objects.get(title="Maryvale canvass")
    return demo_site


def test_volunteer_finds_event_by_zip_rsvps_and_cancels_from_email(events_site, page):
    mail.outbox.clear()
    page.goto(events_site.url + "/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    assert_accessible(page)
    page.get_by_label("Near ZIP code").fill("85033")
    page.get_by_role("button", name="Find events").click()
    first = page.locator(".event-card").first
    expect(first.get_by_role("heading")).to_have_text("Maryvale canvass")
    expect(page.get_by_text("Detroit door knock")).to_have_count(0)
    assert_accessible(page)

    first.get_by_role("link", name="Maryvale canvass").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maryvale canvass")
    expect(page.get_by_text("MST").first).to_be_visible()
    assert_accessible(page)
    page.locator("input[name=shifts]").first.check()
    page.get_by_label("Given name", exact=True).fill("Rosa")
    page.get_by_label("Email", exact=True).fill("rosa@example.org")
    page.get_by_role("textbox", name="ZIP code").fill("85033")
    page.get_by_role("button", name="Sign me up").click()
    expect(page.get_by_role("heading", name="You're signed up!")).to_be_visible()
    assert_accessible(page)
    assert_no_csp_violations(page)

    (message,) = [m for m in mail.outbox if m.to == ["rosa@example.org"]]
    assert "Maryvale canvass" in message.subject
    path = re.search(r"https?://[^/\s]+(/rsvp/[^\s]+/)", message.body).group(1)
    page.goto(events_site.url + path)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maryvale canvass")
    assert_accessible(page)
    page.get_by_role("button", name="Cancel this shift").click()
    expect(page.get_by_text("Your place is cancelled")).to_be_visible()
    expect(page.get_by_text("Cancelled", exact=True)).to_be_visible()
    assert_accessible(page)


def test_intern_checks_someone_in_at_the_desk(events_site, page, django_user_model):
    from events import services
    from events.models import RSVP
    from events.people import person_match_or_create

    event = events_site.event
    intern = django_user_model.objects.create_user(
        email="ida@example.org", password="intern-pass-1", first_name="Ida", is_staff=True
    )
    roles_apply()
    intern.groups.add(Group.objects.get(name=INTERNS_GROUP))
    event.interns.add(intern)
    event.save()
    attendee = person_match_or_create(email="sam@example.org", first_name="Sam", last_name="Lee")
    services.rsvp_create(
        event=event, shift_ids=[event.shifts.first().pk], person=attendee, source=RSVP.Source.WEB
    )

    page.emulate_media(reduced_motion="reduce")
    staff_sign_in(page, events_site.url, "ida@example.org", "intern-pass-1")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(events_site.url + "/admin/checkin/")
    page.get_by_role("link", name="Maryvale canvass").click()
    # The phone-first desk filters its cards as the intern types (tests/e2e/test_desk_e2e.py).
    page.get_by_label("Find by name, email or phone").fill("sam")
    expect(page.locator(".desk-card__name", has_text="Sam Lee")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Check in Sam Lee").click()
    expect(page.get_by_text("Sam Lee: Attended")).to_be_visible()
    assert RSVP.objects.get(person=attendee).attendance == RSVP.Attendance.ATTENDED
    assert_accessible(page)
