"""Navigation and language links shared by every page's header and footer.

Header, footer and <head> all ask for these, so each is computed once per request and kept on it.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, Site

register = template.Library()


def _once_per_request(request, key, compute):
    if request is None:
        return compute()
    cache = request.__dict__.setdefault("_site_tags_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _site_root(request):
    def compute():
        site = Site.find_for_request(request)
        return site.root_page.localized if site else None

    return _once_per_request(request, ("root", get_language()), compute)


@register.simple_tag(takes_context=True)
def main_menu(context):
    request = context.get("request")

    def compute():
        root = _site_root(request) if request else None
        if root is None:
            return []
        return list(root.get_children().live().public().in_menu().specific())

    return _once_per_request(request, ("menu", get_language()), compute)


@register.simple_tag(takes_context=True)
def site_root_url(context):
    request = context.get("request")
    root = _site_root(request) if request else None
    return root.url if root else "/"


@register.simple_tag(takes_context=True)
def site_text(context, name: str):
    """A site settings text in the reader's language: the SiteTexts of the active language
    where it has one, else the site settings' own."""
    from home.models import SiteTexts

    request = context.get("request")

    def compute():
        return SiteTexts.objects.filter(locale__language_code=get_language()).order_by("pk").first()

    texts = _once_per_request(request, ("site_texts", get_language()), compute)
    value = getattr(texts, name, "") if texts is not None else ""
    if value:
        return value
    from home.models import SiteSettings

    if request is None:
        return ""
    return getattr(SiteSettings.for_request(request), name, "")


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language, always to a live page: the page's own translation where there is
    one, else the same page under that language's prefix (served untranslated in that
    language's chrome), else the same path. `url` keeps the query string (the switcher);
    `absolute` is the bare address for hreflang alternates."""
    from portal.i18n import localized_url

    request = context.get("request")
    page = context.get("page")
    current = get_language()

    def compute():
        translations = {}
        if isinstance(page, Page):
            translations = {
                translation.locale.language_code: translation
                for translation in page.get_translations(inclusive=True)
                .live()
                .select_related("locale")
            }
        query = request.META.get("QUERY_STRING", "") if request is not None else ""
        links = []
        for code, name in settings.LANGUAGES:
            translation = translations.get(code)
            if translation is not None and not translation.alias_of_id:
                path = translation.get_url(request=request)
            elif isinstance(page, Page) and page.live:
                path = localized_url(page, request=request, language=code)
            else:
                path = None
            if path and query:
                url = f"{path}?{query}"
            elif path:
                url = path
            elif request is not None:
                url = translate_url(request.get_full_path(), code)
                path = url.split("?", 1)[0]
            else:
                url = path = "/"
            absolute = request.build_absolute_uri(path) if request is not None else path
            links.append(
                {
                    "code": code,
                    "name": name,
                    "url": url or "/",
                    "absolute": absolute,
                    "current": code == current,
                }
            )
        return links

    return _once_per_request(request, ("languages", current, getattr(page, "pk", None)), compute)
