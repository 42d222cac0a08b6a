"""The door desk on a phone (issue 15): layout at 390×844, check-in by typed code and by QR
token, self check-in from the poster's link, taps kept offline and each recorded once, axe."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import ModelLogEntry

from tests.e2e.conftest import assert_accessible, assert_no_csp_violations, staff_sign_in

PEOPLE = 12


@pytest.fixture
def door(transactional_db, live_server):
    """An event starting within the hour, an intern assigned to it, and people signed up."""
    from django.contrib.auth import get_user_model

    from events import services
    from events.models import RSVP
    from portal.roles import INTERNS_GROUP, roles_apply
    from tests.factories.events import make_event, standalone_index

    User = get_user_model()
    roles_apply()
    event = make_event(standalone_index(), title="Door canvass", starts_in=timedelta(minutes=30))
    intern = User.objects.create_user(
        email="ida@example.org", password="intern-pass-1", first_name="Ida", is_staff=True
    )
    intern.groups.add(Group.objects.get(name=INTERNS_GROUP))
    event.interns.add(intern)
    event.save()
    shift = event.shifts.get()
    rsvps = []
    for n in range(PEOPLE):
        who = User.objects.create_user(
            email=f"person{n:02d}@example.org", first_name=f"Person{n:02d}", last_name="Doe"
        )
        (made,) = services.rsvp_create(
            event=event,
            shift_ids=[shift.pk],
            person=who,
            source=RSVP.Source.WEB,
            phone=f"313555{n:04d}",
        )
        rsvps.append(made)
    live_server.event, live_server.shift, live_server.rsvps = event, shift, rsvps
    return live_server


def _open_desk(page, door):
    staff_sign_in(page, door.url, "ida@example.org", "intern-pass-1")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(f"{door.url}/admin/checkin/{door.event.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Door canvass")


def _attendance(rsvp):
    rsvp.refresh_from_db()
    return rsvp.attendance


def test_desk_fits_a_phone_and_checks_in_by_code_and_by_token(phone_page, door):
    from events.tokens import checkin_code, rsvp_checkin_token

    page = phone_page
    staff_sign_in(page, door.url, "ida@example.org", "intern-pass-1")
    page.goto(f"{door.url}/admin/checkin/")
    assert_accessible(page)
    page.get_by_role("link", name="Door canvass").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Door canvass")
    # The heading can be there before the stylesheet is: measure the laid-out page.
    page.wait_for_load_state("load")
    first = page.get_by_role("button", name=re.compile(r"^Check in Person")).first
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert box["height"] >= 44, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    assert_no_csp_violations(page)

    # Search as you type: name, last four digits of a phone.
    search = page.get_by_label("Find by name, email or phone")
    search.fill("0007")
    expect(page.locator(".desk-card:visible")).to_have_count(1)
    search.fill("")

    by_code, by_token = door.rsvps[0], door.rsvps[1]
    page.get_by_label("Check-in code").fill(checkin_code(rsvp_id=by_code.pk).lower())
    page.get_by_role("button", name="Check in by code").click()
    expect(page.get_by_text("Person00 Doe: Attended")).to_be_visible()
    assert _attendance(by_code) == "ATTENDED"

    token = rsvp_checkin_token(rsvp_id=by_token.pk, shift_id=door.shift.pk)
    page.get_by_label("Check-in code").fill(token)
    page.get_by_role("button", name="Check in by code").click()
    expect(page.get_by_text("Person01 Doe: Attended")).to_be_visible()
    assert _attendance(by_token) == "ATTENDED"
    expect(page.locator('[data-count="ATTENDED"]')).to_have_text("2")
    # A card's own buttons: Check in, then Undo in its place.
    page.get_by_role("button", name="Check in Person09 Doe", exact=True).click()
    expect(page.get_by_text("Person09 Doe: Attended")).to_be_visible()
    expect(page.locator('[data-count="ATTENDED"]')).to_have_text("3")
    page.get_by_role("button", name="Undo Person09 Doe", exact=True).click()
    expect(page.get_by_text("Person09 Doe: Not yet recorded")).to_be_visible()
    assert _attendance(door.rsvps[9]) == ""
    assert_accessible(page)


def test_taps_made_offline_are_sent_on_reconnect_and_recorded_once(phone_page, door):
    page = phone_page
    _open_desk(page, door)
    page.context.set_offline(True)
    chosen = door.rsvps[2:5]
    for rsvp in chosen:
        name = rsvp.person.get_full_name()
        page.get_by_role("button", name=f"Check in {name}", exact=True).click()
    expect(page.get_by_text("3 check-ins waiting to send")).to_be_visible()
    assert all(_attendance(rsvp) == "" for rsvp in chosen)
    page.context.set_offline(False)
    expect(page.locator("#desk-queue")).to_be_hidden(timeout=20_000)
    assert all(_attendance(rsvp) == "ATTENDED" for rsvp in chosen)
    for rsvp in chosen:
        assert (
            ModelLogEntry.objects.filter(action="events.checkin", object_id=str(rsvp.pk)).count()
            == 1
        )
    # A reload sends nothing again.
    page.reload()
    expect(page.locator('[data-count="ATTENDED"]')).to_have_text("3")
    assert ModelLogEntry.objects.filter(action="events.checkin").count() == 3


def test_self_check_in_from_the_poster_link(phone_page, door):
    from events.tokens import checkin_code, poster_token

    page = phone_page
    mine = door.rsvps[6]
    page.goto(f"{door.url}/checkin/{poster_token(shift_id=door.shift.pk)}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Door canvass")
    assert_accessible(page)
    assert_no_csp_violations(page)
    page.get_by_label("Or type the check-in code from your confirmation email").fill(
        checkin_code(rsvp_id=mine.pk)
    )
    page.get_by_role("button", name="Check in", exact=True).click()
    expect(page.get_by_text("You are checked in. Welcome!").first).to_be_visible()
    assert _attendance(mine) == "ATTENDED"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
