"""Links and language marks for pages read in another language than they are written in."""

from django import template
from django.utils.translation import get_language

from portal import i18n

register = template.Library()


@register.simple_tag(takes_context=True)
def localpageurl(context, page) -> str:
    """Like `pageurl`, but stays in the reader's language: the page's translation, or the
    untranslated page under the same language prefix."""
    if page is None:
        return ""
    return i18n.localized_url(page, request=context.get("request")) or ""


@register.simple_tag
def untranslated_language(page) -> str:
    """The language code of `page`'s words when they differ from the reader's, else ""."""
    if page is None or not hasattr(page, "locale_id"):
        return ""
    written_in = i18n.content_language(page)
    reading = (get_language() or i18n.default_language()).split("-")[0]
    return "" if written_in == reading else written_in
