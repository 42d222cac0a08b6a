"""Newsletter body blocks. Each renders twice: on the web (Meta.template) and in email, where
`templates/emails/newsletters/blocks/<block_type>.html` gives table-light markup that mail clients
keep, and `block_text()` gives the plain-text part.
"""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.blocks import ImageWithCaptionBlock


class NewsletterImageBlock(ImageWithCaptionBlock):
    """The site's image with caption, drawn narrower on the newsletter's web page (in email it
    is emails/newsletters/blocks/image.html). Only the template differs: set in Meta, not as an
    argument, so the stored StreamField definition (and its migration) stays as it was."""

    class Meta:
        template = "portal/newsletters/blocks/image.html"


class FeaturedEventBlock(blocks.StructBlock):
    event = blocks.PageChooserBlock(label=_("Event"), page_type="events.EventPage")
    note = blocks.TextBlock(label=_("Why come"), required=False, max_length=400)

    class Meta:
        icon = "date"
        template = "portal/newsletters/blocks/featured_event.html"
        label = _("Featured event")


class FeaturedTrainingBlock(blocks.StructBlock):
    training = blocks.PageChooserBlock(
        label=_("Course or material"), page_type=["training.CoursePage", "training.MaterialPage"]
    )
    note = blocks.TextBlock(label=_("Why take it"), required=False, max_length=400)

    class Meta:
        icon = "doc-full"
        template = "portal/newsletters/blocks/featured_training.html"
        label = _("Featured training")


class NewsletterCallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=500)
    button_text = blocks.CharBlock(label=_("Button text"), max_length=40)
    url = blocks.URLBlock(label=_("Web address"))

    class Meta:
        icon = "pick"
        template = "portal/newsletters/blocks/call_to_action.html"
        label = _("Call to action")
        preview_value = {
            "heading": "Make calls from home",
            "text": "Two hours, a phone and a script. We train you first.",
            "button_text": "Find a phone bank",
            "url": "https://example.org/events/",
        }


class ShoutoutsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, default=_("Thank you!"))
    count = blocks.IntegerBlock(label=_("How many"), min_value=1, max_value=10, default=3)

    class Meta:
        icon = "pick"
        template = "portal/newsletters/blocks/shoutouts.html"
        label = _("Recent shout-outs")
        help_text = _(
            "Shows shout-outs the volunteers agreed to make public and that no earlier "
            "newsletter has shown."
        )


class NewsletterBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"),
        features=["h3", "bold", "italic", "link", "ol", "ul"],
        icon="pilcrow",
        template="portal/newsletters/blocks/text.html",
    )
    image = NewsletterImageBlock()
    featured_event = FeaturedEventBlock()
    featured_training = FeaturedTrainingBlock()
    call_to_action = NewsletterCallToActionBlock()
    shoutouts = ShoutoutsBlock()


def block_text(block, *, shoutouts=(), base_url: str = "") -> str:
    """The plain-text part for one body block."""
    value = block.value
    kind = block.block_type
    if kind == "text":
        return strip_tags(str(value.source).replace("</p>", "</p>\n").replace("<br/>", "\n"))
    if kind == "image":
        return value.get("caption") or ""
    if kind == "featured_event":
        return _teaser_text(
            value["event"], summary_field="summary", note=value.get("note"), base_url=base_url
        )
    if kind == "featured_training":
        return _teaser_text(
            value["training"],
            summary_field="introduction",
            note=value.get("note"),
            base_url=base_url,
        )
    if kind == "call_to_action":
        lines = [value["heading"].upper()]
        if value.get("text"):
            lines.append(value["text"])
        lines.append(f"{value['button_text']}: {value['url']}")
        return "\n".join(lines)
    if kind == "shoutouts":
        if not shoutouts:
            return ""
        lines = [value["heading"].upper()]
        lines += [f"* {item.recipient_display}: {item.message}" for item in shoutouts]
        return "\n".join(lines)
    return ""


def _teaser_text(page, *, summary_field: str, note: str | None, base_url: str) -> str:
    """A featured page in plain text: its title, its summary, the editor's note, its address."""
    if page is None:
        return ""
    page = page.specific
    lines = [page.title.upper()]
    if getattr(page, summary_field, ""):
        lines.append(getattr(page, summary_field))
    if note:
        lines.append(note)
    lines.append(f"{base_url}{page.url or ''}")
    return "\n".join(lines)
