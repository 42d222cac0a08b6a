"""Public pages: the newsletter in the browser, the archive of sent ones, and the demo content."""

import pytest
from django.utils import timezone

from portal.newsletters import demo
from portal.newsletters.models import (
    NewsletterDispatch,
    NewsletterIndexPage,
    NewsletterPage,
    ShoutOut,
    ThankYouWallPage,
)
from tests.factories.newsletters import newsletter, subscriber

pytestmark = pytest.mark.django_db


def test_view_in_browser_shows_the_newsletter_and_the_email_links_to_it(client, home_page):
    page = newsletter(home_page, subject="Spring plans")
    response = client.get(page.url)
    assert response.status_code == 200
    assert b"Spring plans" in response.content
    assert b"We knocked on 4,000 doors" in response.content

    from portal.newsletters.rendering import render_newsletter

    rendered = render_newsletter(newsletter=page)
    assert f'href="{page.full_url}"' in rendered.html
    assert page.full_url in rendered.text


def test_the_archive_lists_only_newsletters_that_were_sent(client, home_page):
    sent = newsletter(home_page, subject="Sent one")
    newsletter(home_page, subject="Not yet")
    NewsletterDispatch.objects.create(newsletter=sent, status="sent", send_at=timezone.now())
    response = client.get(sent.get_parent().url)
    assert b"Sent one" in response.content
    assert b"Not yet" not in response.content


def test_demo_content_is_created_once(db):
    from home import demo as home_demo

    list(home_demo.seed())
    for _ in range(3):
        subscriber()
    lines = list(demo.seed())
    list(demo.seed())
    assert lines[0].startswith("Newsletters:")
    assert NewsletterIndexPage.objects.count() == 2  # English and Spanish
    assert ThankYouWallPage.objects.count() == 2
    assert NewsletterPage.objects.filter(locale__language_code="es").count() == 1
    assert ShoutOut.objects.filter(show_publicly=True).count() == 3
