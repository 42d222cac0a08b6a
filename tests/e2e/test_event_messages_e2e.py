"""Issue 19: an organizer writes to one shift's people, sees who and how many before sending,
and each of them gets exactly one email."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from portal.roles import roles_apply
from tests.e2e.conftest import assert_accessible, assert_no_csp_violations, staff_sign_in


@pytest.fixture
def shift_people(transactional_db, live_server, django_user_model):
    from events import services
    from events.models import RSVP
    from events.people import person_match_or_create
    from tests.factories.events import make_event, standalone_index

    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    event = make_event(
        standalone_index(),
        title="Parking lot canvass",
        shifts=[
            {"start_at": start, "end_at": start + timedelta(hours=3), "capacity": 10},
            {
                "start_at": start + timedelta(hours=4),
                "end_at": start + timedelta(hours=6),
                "capacity": 10,
            },
        ],
    )
    first, second = event.shifts.order_by("start_at")
    for email, name, shift in (
        ("sam@example.org", "Sam", first),
        ("lee@example.org", "Lee", first),
        ("kim@example.org", "Kim", second),
    ):
        person = person_match_or_create(email=email, first_name=name, last_name="Volunteer")
        services.rsvp_create(
            event=event, shift_ids=[shift.pk], person=person, source=RSVP.Source.WEB
        )
    organizer = django_user_model.objects.create_user(
        email="olu@example.org", password="organizer-pass-1", first_name="Olu", is_staff=True
    )
    roles_apply()
    organizer.groups.add(Group.objects.get(name="Moderators"))
    live_server.event = event
    live_server.first_shift = first
    return live_server


def test_organizer_messages_a_shift_sees_the_count_and_each_gets_one_email(shift_people, page):
    event = shift_people.event
    staff_sign_in(page, shift_people.url, "olu@example.org", "organizer-pass-1")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(f"{shift_people.url}/admin/checkin/{event.pk}/")
    page.get_by_role("link", name="Message this event's people").click()

    page.get_by_label("Shift").select_option(str(shift_people.first_shift.pk))
    page.get_by_label("Who").select_option("registered")
    page.get_by_label("Subject").fill("Parking moved")
    page.get_by_label("Message").fill("Please park in lot B behind the library.")
    page.get_by_role("button", name="Preview recipients").click()
    expect(page.get_by_role("heading", name="2 people will get this message")).to_be_visible()
    expect(page.get_by_text("Kim Volunteer")).to_have_count(0)
    assert_accessible(page)

    mail.outbox.clear()
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_text("Your message is on its way to 2 people.")).to_be_visible()
    assert_no_csp_violations(page)

    about = [m for m in mail.outbox if "Parking moved" in m.subject]
    assert Counter(m.to[0] for m in about) == {"sam@example.org": 1, "lee@example.org": 1}
    assert all(m.reply_to == ["organizer@example.org"] for m in about)
