"""Walk the Spanish site on the demo content the way a Spanish-speaking newcomer would: every
internal link from /es/, /es/events/, /es/training/, /es/offices/ and /es/join/."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

START = ["/es/", "/es/events/", "/es/training/", "/es/offices/", "/es/join/"]
# Words that are English and never Spanish: seen in visible text outside lang="en", the page
# speaks English to a Spanish reader.
ENGLISH = {
    "the",
    "and",
    "with",
    "your",
    "you",
    "our",
    "this",
    "that",
    "sign",
    "signed",
    "event",
    "events",
    "join",
    "from",
    "will",
    "are",
    "what",
    "where",
    "when",
    "neighbors",
    "shift",
    "shifts",
    "training",
    "trainings",
    "volunteer",
    "volunteers",
    "office",
    "offices",
    "hours",
    "read",
    "more",
    "about",
    "policy",
    "paid",
    "by",
    "mon",
    "sat",
    "ready",
}
# Not pages of the site: files, feeds and other people's addresses.
NOT_PAGES = ("/static/", "/media/", "/documents/", "/api/", "/admin/")
# Pages that need a login (or are allauth's, owned elsewhere) are not part of this walk.
SKIP = ("/es/accounts/", "/es/me/", "/es/unsubscribe/")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.links: list[tuple[str, bool]] = []
        self.spanish_text: list[str] = []
        self.html_lang = None
        self.has_rsvp_form = False

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "area", "col", "wbr"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "a" and attrs.get("href"):
            self.links.append((attrs["href"], "hreflang" in attrs))
        if tag == "input" and attrs.get("name") == "shifts":
            self.has_rsvp_form = True
        if "shift-gate" in (attrs.get("class") or "").split():
            # Shifts that need training first: the page leads to the course instead.
            self.has_rsvp_form = True
        if tag not in self.VOID:
            self.stack.append((tag, attrs.get("lang")))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def _lang(self):
        for _tag, lang in reversed(self.stack):
            if lang:
                return lang
        return self.html_lang

    def handle_data(self, data):
        if any(tag in ("script", "style", "title", "head") for tag, _ in self.stack):
            return
        if data.strip() and (self._lang() or "").startswith("es"):
            self.spanish_text.append(data.strip())


def _english_texts(texts: list[str], proper_names: list[str]) -> list[str]:
    """The visible texts holding English words (proper names, such as the organization's, are
    names in every language)."""
    found = []
    for text in texts:
        for name in proper_names:
            text = text.replace(name, "")
        words = {word.lower() for word in re.findall(r"[A-Za-z]+", text)}
        if words & ENGLISH or "sign up" in text.lower():
            found.append(text[:80])
    return found


def crawl(client, *, proper_names: list[str]) -> list[str]:
    problems = []
    queue = deque(START)
    seen = set(START)
    event_pages = 0
    while queue and len(seen) < 400:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        if page.html_lang != "es":
            problems.append(f"{url}: <html lang={page.html_lang!r}>")
        if "untranslated-note" in response.content.decode():
            # The demo is whole in Spanish: no page falls back to its English body.
            problems.append(f"{url}: served from the English page (untranslated note)")
        english = _english_texts(page.spanish_text, proper_names)
        if english:
            problems.append(f"{url}: English outside lang=en: {english[:6]}")
        if re.fullmatch(r"/es/events/[\w-]+/", url):
            event_pages += 1
            if not page.has_rsvp_form:
                problems.append(f"{url}: no sign-up form")
        for href, is_switcher in page.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme in ("mailto", "tel") or (parts.netloc and parts.netloc != "testserver"):
                continue
            path = parts.path
            if not path or path.startswith(NOT_PAGES) or path.endswith(".ics"):
                continue
            if not path.startswith("/es/"):
                if not is_switcher:
                    problems.append(f"{url}: links into English {href}")
                continue
            target = path + (f"?{parts.query}" if parts.query else "")
            if path.startswith(SKIP) or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    if not event_pages:
        problems.append("no Spanish event page was reached")
    return problems


@pytest.mark.django_db
def test_spanish_site_is_whole_on_the_demo_content(client, django_capture_on_commit_callbacks):
    from home.models import SiteSettings

    # As `make run` loads it: the seeding commits (what it defers runs).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=None)
    names = [SiteSettings.objects.get().organization_name]
    problems = crawl(client, proper_names=names) + switcher_problems(client)
    assert problems == [], "\n".join(problems[:60])


def _switcher_link(html: str, code: str) -> str | None:
    match = re.search(rf'<a href="([^"]+)" hreflang="{code}" lang="{code}">', html)
    return match.group(1) if match else None


def switcher_problems(client) -> list[str]:
    """Every event, course and internship page's other-language link answers 200, both ways."""
    from events.models import EventPage
    from recruitment.models import InternshipPage
    from training.models import CoursePage

    problems = []
    for model in (EventPage, CoursePage, InternshipPage):
        for page in model.objects.live().select_related("locale"):
            other = "es" if page.locale.language_code == "en" else "en"
            html = client.get(page.url).content.decode()
            link = _switcher_link(html, other)
            if link is None:
                problems.append(f"{page.url}: no {other} link")
            elif client.get(link).status_code != 200:
                problems.append(f"{page.url}: its {other} link {link} is not 200")
    return problems
