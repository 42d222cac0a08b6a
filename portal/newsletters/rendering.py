"""Turn a newsletter page into email: HTML that mail clients keep, a plain-text part, and the
headers bulk mail must carry. Rendering happens once per language; each recipient's message only
swaps in their own unsubscribe link."""

from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.links import site_base_url
from portal.mail import email_branding, email_sender
from portal.newsletters.blocks import block_text
from portal.newsletters.tokens import unsubscribe_token

# Stands in for the recipient's own link in the once-per-language rendering.
UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/placeholder/"


@dataclass(frozen=True)
class RenderedNewsletter:
    subject: str
    html: str
    text: str
    # The organization's sender (site settings), worked out once per rendering, not per person.
    from_email: str = ""


def unsubscribe_url(*, email: str, language: str = "en") -> str:
    with translation.override(language):
        path = reverse("newsletters:unsubscribe", args=[unsubscribe_token(email=email)])
    return site_base_url() + path


def unsubscribe_mailto() -> str:
    address = getattr(settings, "NEWSLETTER_UNSUBSCRIBE_MAILTO", "") or _from_address()
    return f"mailto:{address}?subject=unsubscribe"


def _from_address() -> str:
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "unsubscribe@localhost"


def message_domain() -> str:
    return _from_address().rpartition("@")[2] or "localhost"


def organization_name() -> str:
    from home.selectors import organization_contact

    return organization_contact()["name"]


def render_newsletter(*, newsletter, unsubscribe_url: str = UNSUBSCRIBE_PLACEHOLDER):
    """Render one language version (the page passed in) of a newsletter."""
    from portal.newsletters.selectors import shoutouts_for_newsletter

    language = newsletter.locale.language_code
    shoutouts = shoutouts_for_newsletter(newsletter=newsletter.source)
    page_url = newsletter.full_url or ""
    brand = email_branding()
    with translation.override(language):
        context = {
            "page": newsletter,
            "brand": brand,
            "LANGUAGE_CODE": language,
            "language": language,
            "shoutouts": shoutouts,
            "unsubscribe_url": unsubscribe_url,
            "view_in_browser_url": page_url,
            "organization": organization_name(),
            "base_url": site_base_url(),
        }
        html = render_to_string("emails/newsletters/newsletter.html", context)
        blocks = [
            block_text(block, shoutouts=shoutouts, base_url=site_base_url())
            for block in newsletter.body
        ]
        context["text_blocks"] = [text.strip() for text in blocks if text and text.strip()]
        text = render_to_string("emails/newsletters/newsletter.txt", context)
    return RenderedNewsletter(
        subject=newsletter.subject, html=html, text=text, from_email=email_sender(brand)
    )


def build_message(
    *, rendered: RenderedNewsletter, email: str, language: str, message_id: str | None = None
) -> EmailMultiAlternatives:
    """One recipient's message: their unsubscribe link in the body and in the headers."""
    link = unsubscribe_url(email=email, language=language)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text.replace(UNSUBSCRIBE_PLACEHOLDER, link),
        from_email=rendered.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[email],
        headers={
            # RFC 2369 and RFC 8058: mailbox providers show an "Unsubscribe" button and POST to
            # the https link without cookies; the mailto is for clients that only do email.
            "List-Unsubscribe": f"<{link}>, <{unsubscribe_mailto()}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": message_id or make_msgid(domain=message_domain()),
            "Auto-Submitted": "auto-generated",
            "Precedence": "bulk",
        },
    )
    message.attach_alternative(rendered.html.replace(UNSUBSCRIBE_PLACEHOLDER, link), "text/html")
    return message
