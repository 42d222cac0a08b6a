"""A newcomer asks for a mentor on a phone, an organizer runs and publishes matching in the
admin, and the newcomer sees their mentor on My portal; every page passes axe-core."""

import re

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from recruitment.mentoring.models import MentorPair, MentorRequest
from tests.e2e.conftest import assert_accessible, assert_no_csp_violations, staff_sign_in
from tests.factories.mentoring import MentorProfileFactory
from tests.factories.recruitment import VolunteerFactory


def _logged_in_as(page, base_url: str, user) -> None:
    """Give the browser a session for `user` (logging in has its own browser test)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert client.session[SESSION_KEY] == str(user.pk)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def _settled(page) -> None:
    # The admin's messages fade in; audit their final colours, not a frame of the animation.
    page.wait_for_function(
        "() => [...document.getAnimations()].every(a => a.playState !== 'running')"
    )


def test_newcomer_asks_organizer_matches_and_publishes_newcomer_sees_mentor(
    demo_site, page, phone_page, django_user_model
):
    MentorProfileFactory(
        volunteer__user__first_name="Marta",
        volunteer__user__last_name="Ruiz",
        volunteer__postal_code="48207",
        languages=["en", "es"],
        interests=["phone_banking"],
    )
    MentorProfileFactory(volunteer__user__first_name="Bob", volunteer__postal_code="48207")
    newcomer = VolunteerFactory(
        user__first_name="Nico", user__last_name="Vega", postal_code="48201"
    )
    newcomer.interests.create(activity="phone_banking")

    # The newcomer, on a phone, asks for a Spanish-speaking mentor.
    _logged_in_as(phone_page, demo_site.url, newcomer.user)
    phone_page.goto(demo_site.url + "/me/")
    expect(phone_page.get_by_role("heading", name="Mentoring")).to_be_visible()
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name="Ask for a mentor").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Ask for a mentor")
    assert_accessible(phone_page)
    phone_page.get_by_label("Language you would like to be mentored in").select_option("")
    phone_page.get_by_label("Only a mentor who speaks this language").check()
    phone_page.get_by_role("button", name="Ask for a mentor").click()
    # Bad input: a required language must be named. The message says so, nothing is stored.
    expect(phone_page.get_by_role("heading", name="Please check the form")).to_be_visible()
    assert_accessible(phone_page)
    assert not MentorRequest.objects.exists()
    phone_page.get_by_label("Language you would like to be mentored in").select_option("es")
    phone_page.get_by_role("button", name="Ask for a mentor").click()
    expect(phone_page.get_by_text("We will introduce you to a mentor")).to_be_visible()
    assert_accessible(phone_page)
    assert_no_csp_violations(phone_page)

    # The organizer runs matching, reviews the explained proposal and publishes it.
    django_user_model.objects.create_superuser(
        email="organizer@example.org", password="s3cret-pass-1", first_name="Olga"
    )
    page.emulate_media(reduced_motion="reduce")
    staff_sign_in(page, demo_site.url, "organizer@example.org", "s3cret-pass-1")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(demo_site.url + "/admin/mentoring/matching/")
    assert_accessible(page)
    page.get_by_role("button", name="Run matching").click()
    row = page.get_by_role("row").filter(has_text="Nico Vega")
    expect(row).to_contain_text("Marta Ruiz")
    expect(row).to_contain_text("both speak Spanish")
    expect(row).to_contain_text("both like phone banking")
    _settled(page)
    assert_accessible(page)
    mail.outbox.clear()
    page.get_by_role("button", name="Publish and introduce").click()
    # A confirmation step stands before the emails go (issue 18).
    expect(
        page.get_by_role("heading", name="Publish and send 2 introduction emails?")
    ).to_be_visible()
    assert not mail.outbox
    page.get_by_role("button", name="Yes, publish and send 2 emails").click()
    expect(page.get_by_text("Published 1 pairs")).to_be_visible()
    _settled(page)
    assert_accessible(page)
    page.goto(demo_site.url + "/admin/mentoring/")
    expect(page.get_by_role("cell", name="Nico Vega", exact=True)).to_be_visible()
    assert_accessible(page)

    assert MentorPair.objects.get().newcomer == newcomer
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [newcomer.email, MentorPair.objects.get().mentor.email]
    )

    # Back on the phone, My portal shows the mentor.
    phone_page.goto(demo_site.url + "/me/")
    expect(phone_page.get_by_role("heading", name="Your mentor")).to_be_visible()
    expect(phone_page.get_by_text("Marta Ruiz")).to_be_visible()
    assert_accessible(phone_page)
    assert_no_csp_violations(phone_page)
