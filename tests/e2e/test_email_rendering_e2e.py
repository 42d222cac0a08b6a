"""Every HTML email, rendered in Chromium on a 360 px wide phone: no sideways scrolling, and the
organization's name from the site settings on show (issue 18)."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.models import Site

from home.models import SiteSettings
from portal.mail import email_branding

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "emails"
# Frames and fragments that other templates include; they are rendered through them.
NOT_MESSAGES = {"base.html", "events/base.html", "mentoring/base.html"}
LONG_LINK = "https://volunteer.neighbors.example.org/join/confirm/" + "AbCdEf0123" * 12 + "/"


def _messages() -> list[str]:
    names = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name in NOT_MESSAGES or "/includes/" in name or "/blocks/" in name:
            continue
        names.append(name)
    return names


def _context() -> dict:
    """Enough of every template's context for it to draw its parts, with long links and words
    where a careless layout would overflow."""
    event = SimpleNamespace(
        title="Neighborhood canvass on Gratiot Avenue with the Eastside team",
        venue="Eastside Office",
        street_address="2100 Gratiot Ave",
        locality="Detroit",
        region="MI",
        postal_code="48207",
        is_virtual=False,
        private_instructions="Bring water.",
        accessibility_notes="Step-free entrance.",
        contact_name="Olga",
        contact_email="olga@example.org",
    )
    return {
        "name": "Ana",
        "event": event,
        "event_url": LONG_LINK,
        "manage_url": LONG_LINK,
        "confirm_url": LONG_LINK,
        "password_reset_url": LONG_LINK,
        "join_url": LONG_LINK,
        "me_url": LONG_LINK,
        "public_url": LONG_LINK,
        "dashboard_url": LONG_LINK,
        "sessions_url": LONG_LINK,
        "unsubscribe_url": LONG_LINK,
        "view_in_browser_url": LONG_LINK,
        "code": "ABCD-1234",
        "role": "Field organizing",
        "status": "applied",
        "device": "Chromium on Linux",
        "course": SimpleNamespace(title="Canvassing 101"),
        "description": "You checked in at your first shift.",
        "shoutout": SimpleNamespace(message="Thank you for the coffee and the maps!"),
        "other_name": "Marta Ruiz",
        "other_email": "marta.ruiz.with.a.very.long.address@example.org",
        "lines": [],
        "page": SimpleNamespace(subject="November: doors, calls and thanks", body=[]),
        "organization": "Neighbors United",
        "LANGUAGE_CODE": "en",
    }


@pytest.fixture
def organization(db):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organization_name = "Neighbors United"
    settings.postal_address = "2100 Gratiot Ave\nDetroit, MI 48207"
    settings.save()


@pytest.mark.parametrize("template", _messages())
def test_email_fits_a_360px_phone_and_names_the_organization(browser, organization, template):
    with translation.override("en"):
        html = render_to_string(f"emails/{template}", {**_context(), "brand": email_branding()})
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.set_content(html)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{template} scrolls sideways at 360 px: {widths}"
        assert "Neighbors United" in page.inner_text("body"), template
    finally:
        context.close()
