"""Newsletter pages and the people they go to."""

import factory
from django.utils import timezone

from portal.newsletters.models import NewsletterIndexPage, NewsletterPage, ShoutOut
from recruitment.models import Consent
from tests.factories.recruitment import VolunteerFactory
from tests.factories.users import UserFactory


def subscriber(*, email_consent: bool = True, confirmed: bool = True, **volunteer_fields):
    """A volunteer who confirmed their address and (by default) agreed to email updates."""
    volunteer = VolunteerFactory(
        confirmed_at=timezone.now() if confirmed else None, **volunteer_fields
    )
    if email_consent is not None:
        Consent.objects.create(
            volunteer=volunteer,
            channel=Consent.Channel.EMAIL,
            granted=email_consent,
            wording_version="email-test",
            source=Consent.Source.SIGNUP,
        )
    return volunteer


def newsletter_index(home) -> NewsletterIndexPage:
    existing = NewsletterIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    index = NewsletterIndexPage(title="Newsletters", slug="newsletters")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def newsletter(home, *, publish: bool = True, body=None, **fields) -> NewsletterPage:
    index = newsletter_index(home)
    count = NewsletterPage.objects.count() + 1
    page = NewsletterPage(
        title=fields.pop("title", f"November update {count}"),
        slug=fields.pop("slug", f"november-update-{count}"),
        subject=fields.pop("subject", "What we did in November"),
        preheader=fields.pop("preheader", "Doors knocked, calls made, and what is next"),
        body=body
        if body is not None
        else [
            {"type": "text", "value": "<p>We knocked on 4,000 doors this month.</p>"},
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Join a phone bank",
                    "text": "Two hours from home.",
                    "button_text": "Sign up",
                    "url": "https://example.org/events/",
                },
            },
        ],
        live=publish,
        **fields,
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


class ShoutOutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShoutOut

    recipient = factory.SubFactory(UserFactory)
    author = factory.SubFactory(UserFactory)
    message = "Thank you for running the Saturday canvass!"
    status = ShoutOut.Status.APPROVED
    approved_at = factory.LazyFunction(timezone.now)
