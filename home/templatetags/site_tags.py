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
    where it has one (other languages than the default), else the site settings' own."""
    from home.models import SiteTexts
    from portal.i18n import default_language

    request = context.get("request")

    def compute():
        if (get_language() or "").split("-")[0] == default_language():
            # The site settings hold the default language's words (SiteTexts in it is only the
            # source translations are made from).
            return None
        return SiteTexts.objects.filter(locale__language_code=get_language()).order_by("pk").first()

    texts = _once_per_request(request, ("site_texts", get_language()), compute)
    value = getattr(texts, name, "") if texts is not None else ""
    if value:
        return value
    from wagtail.models import Site

    from home.models import SiteSettings

    # Pages outside any Wagtail site (an account page on an unknown host) have no settings.
    if request is None or Site.find_for_request(request) is None:
        return ""
    return getattr(SiteSettings.for_request(request), name, "")


def _live_translations(request, page) -> dict:
    """{language code: live version} of `page` (itself included), once per request."""
    if not isinstance(page, Page):
        return {}

    def compute():
        return {
            translation.locale.language_code: translation
            for translation in page.get_translations(inclusive=True).live().select_related("locale")
        }

    return _once_per_request(request, ("translations", page.pk), compute)


def _written_in(request, page) -> str | None:
    """The language `page`'s words are in (an alias carries its source's words)."""
    from portal.i18n import content_language

    if getattr(page, "alias_of_id", None):
        return content_language(page)
    for code, version in _live_translations(request, page).items():
        if version.pk == page.pk:
            return code
    return page.locale.language_code if getattr(page, "locale_id", None) else None


@register.simple_tag(takes_context=True)
def page_body_language(context) -> str:
    """The page's language when the reader's differs (its body is then marked with it)."""
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        return ""
    written_in = _written_in(request, page)
    current = (get_language() or "").split("-")[0]
    return written_in if written_in and written_in != current else ""


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language, always to a live page: the page's own translation where there is
    one, else the same page under that language's prefix (served untranslated in that
    language's chrome), else the same path. `url` keeps the query string (the switcher);
    `absolute` is the bare address for hreflang alternates."""
    from portal.i18n import url_in_language

    request = context.get("request")
    page = context.get("page")
    current = get_language()

    def compute():
        translations = _live_translations(request, page)
        written_in = _written_in(request, page) if isinstance(page, Page) else None
        query = request.META.get("QUERY_STRING", "") if request is not None else ""
        links = []
        for code, name in settings.LANGUAGES:
            translation = translations.get(code)
            if translation is not None and not translation.alias_of_id:
                path = translation.get_url(request=request)
            elif isinstance(page, Page) and page.live and written_in:
                # The fetched version has its locale loaded (the page in context may not).
                own = translations.get(written_in, page).get_url(request=request)
                path = own and url_in_language(own, written_in=written_in, language=code)
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
