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
    request = context.get("request")
    if _in_readers_language_like_the_served_page(context, page):
        return page.get_url(request=request) or ""
    return i18n.localized_url(page, request=request) or ""


def _in_readers_language_like_the_served_page(context, page) -> bool:
    """A page in the same locale as the page being read, when that one is in the reader's
    language, links to itself: no lookup per link (the served page's locale is read once)."""
    served = context.get("page")
    locale_id = getattr(page, "locale_id", None)
    if served is None or locale_id is None or locale_id != getattr(served, "locale_id", None):
        return False
    if getattr(served, "alias_of_id", None) or getattr(page, "alias_of_id", None):
        return False
    reading = (get_language() or i18n.default_language()).split("-")[0]
    return served.locale.language_code == reading


@register.simple_tag
def untranslated_language(page) -> str:
    """The language code of `page`'s words when they differ from the reader's, else ""."""
    if page is None or not hasattr(page, "locale_id"):
        return ""
    written_in = i18n.content_language(page)
    reading = (get_language() or i18n.default_language()).split("-")[0]
    return "" if written_in == reading else written_in


@register.simple_tag(takes_context=True)
def localroutablepageurl(context, page, url_name, *args, **kwargs) -> str:
    """Like `routablepageurl`, under the reader's language prefix (see `localpageurl`)."""
    request = context.get("request")
    if _in_readers_language_like_the_served_page(context, page):
        base, version = page.get_url(request=request) or "", page
    else:
        base = i18n.localized_url(page, request=request) or ""
        version = i18n.in_language(page)
    return base.rstrip("/") + "/" + version.reverse_subpage(url_name, args=args, kwargs=kwargs)


@register.filter
def default_language_name(value) -> str:
    """A name organizers write once, in the site's default language (e.g. a qualification),
    marked with that language when the reader's differs, so it is read out correctly."""
    from django.utils.html import format_html

    default = i18n.default_language()
    if (get_language() or default).split("-")[0] == default:
        return value
    return format_html('<span lang="{}">{}</span>', default, value)


@register.filter
def in_readers_language(item, field: str = "name") -> str:
    """A row's `field` in the reader's language where the row has it (e.g. a qualification's
    `name_es`), else the default-language text marked with its language."""
    text, translated = item.in_language(field, get_language())
    return text if translated else default_language_name(text)
