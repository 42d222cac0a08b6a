"""An organizer composes, previews, test-sends and schedules a newsletter in the Wagtail admin;
a volunteer reads the thank-you wall and unsubscribes. Public pages are checked with axe-core."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from portal.newsletters.models import NewsletterDispatch, NewsletterPage, Suppression
from portal.newsletters.rendering import unsubscribe_url
from tests.e2e.conftest import assert_accessible, assert_no_csp_violations, staff_sign_in
from tests.factories.newsletters import ShoutOutFactory, newsletter_index, subscriber


def _log_in(page, base_url, django_user_model):
    django_user_model.objects.create_superuser(
        email="organizer@example.org", password="s3cret-pass-1", first_name="Olga"
    )
    staff_sign_in(page, base_url, "organizer@example.org", "s3cret-pass-1")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_organizer_composes_previews_test_sends_and_schedules(demo_site, page, django_user_model):
    from home.models import HomePage

    home = HomePage.objects.get(locale__language_code="en")
    archive = newsletter_index(home)
    subscriber()
    subscriber(preferred_language="es")
    _log_in(page, demo_site.url, django_user_model)

    page.goto(f"{demo_site.url}/admin/pages/add/newsletters/newsletterpage/{archive.pk}/")
    page.locator("#id_title").fill("January update")
    page.locator("#id_subject").fill("January: doors, calls and a big thank-you")
    page.locator("#id_preheader").fill("What we did and what comes next")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Call to action").click()
    page.get_by_label("Heading").first.fill("Join a phone bank")
    page.get_by_label("Button text").fill("Find a shift")
    page.get_by_label("Web address").fill("https://example.org/events/")
    page.get_by_role("tab", name="Promote").click()
    page.locator("#id_slug").fill("january-update")
    page.get_by_role("tab", name="Content").click()

    # Wagtail's preview, switched to the email rendering and opened in its own tab. (The side
    # panel's iframe is blocked by the admin CSP's frame-src; see the report.)
    page.get_by_role("button", name="Toggle preview").click()
    page.get_by_label("Preview mode").select_option("email")
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Preview in new tab").click()
    preview = new_tab.value
    preview.goto(re.sub(r"mode=[^&]*", "mode=email", preview.url))
    expect(preview.get_by_role("heading", level=1)).to_have_text(
        "January: doors, calls and a big thank-you"
    )
    expect(preview.get_by_role("link", name="Find a shift")).to_be_visible()
    expect(preview.get_by_role("link", name="Unsubscribe")).to_be_visible()
    preview.goto(re.sub(r"mode=[^&]*", "mode=text", preview.url))
    expect(preview.locator("body")).to_contain_text("Find a shift: https://example.org/events/")
    preview.close()

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("created and published")).to_be_visible()
    newsletter = NewsletterPage.objects.get(title="January update")

    page.goto(f"{demo_site.url}/admin/newsletters/")
    page.get_by_role("link", name="Send or schedule").click()
    expect(page.locator("[data-recipient-count]")).to_have_text("2")

    page.get_by_role("button", name=re.compile("Send a test to me")).click()
    expect(page.get_by_text("A test was sent to organizer@example.org")).to_be_visible()
    assert [message.to for message in mail.outbox] == [["organizer@example.org"]]
    assert mail.outbox[0].subject.startswith("[Test] January")

    send_at = timezone.localtime() + timedelta(days=2)
    page.get_by_label("Send at").fill(send_at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.get_by_text("Scheduled for")).to_be_visible()
    dispatch = NewsletterDispatch.objects.get(newsletter=newsletter)
    assert dispatch.status == "scheduled"
    assert abs(dispatch.send_at - send_at) < timedelta(minutes=1)
    assert len(mail.outbox) == 1  # scheduling sent nothing yet

    # "View in browser": the published newsletter is a public page. (Only its own console counts.)
    page.console_errors.clear()
    page.goto(demo_site.url + newsletter.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "January: doors, calls and a big thank-you"
    )
    assert_accessible(page)
    assert_no_csp_violations(page)


def test_volunteer_sees_the_thank_you_wall_and_unsubscribes(demo_site, page):
    from home.models import HomePage
    from portal.newsletters.models import ThankYouWallPage

    home = HomePage.objects.get(locale__language_code="en")
    wall = ThankYouWallPage(title="Thank you", slug="thank-you")
    home.add_child(instance=wall)
    wall.save_revision().publish()
    volunteer = subscriber(user__first_name="Keisha", user__last_name="Johnson")
    ShoutOutFactory(
        recipient=volunteer.user,
        message="You registered 40 voters at the market.",
        show_publicly=True,
    )

    page.goto(demo_site.url + "/thank-you/")
    expect(page.get_by_text("You registered 40 voters at the market.")).to_be_visible()
    expect(page.get_by_text("Thank you, Keisha J.!")).to_be_visible()
    assert_accessible(page)
    assert_no_csp_violations(page)

    link = unsubscribe_url(email=volunteer.user.email).replace("http://testserver", demo_site.url)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe")
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    assert_accessible(page)
    assert_no_csp_violations(page)
    assert Suppression.objects.filter(email=volunteer.user.email.lower()).exists()

    page.goto(demo_site.url + "/unsubscribe/tampered-token/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Link not valid")
    assert_accessible(page)
