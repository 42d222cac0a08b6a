"""Navigation and language links shared by every page's header and footer."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized


@register.simple_tag(takes_context=True)
def main_menu(context):
    request = context.get("request")
    root = _site_root(request) if request else None
    if root is None:
        return []
    return list(root.get_children().live().public().in_menu().specific().only("title", "url_path"))


@register.simple_tag(takes_context=True)
def site_root_url(context):
    request = context.get("request")
    root = _site_root(request) if request else None
    return root.url if root else "/"


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: the page's own translation where there is one, else the same path."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = None
        if isinstance(page, Page):
            try:
                translation = page.get_translation_or_none(Locale.objects.get(language_code=code))
            except Locale.DoesNotExist:
                translation = None
            if translation is not None and translation.live:
                url = translation.url
        if url is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url or "/", "current": code == current})
    return links
