"""One record, many languages: how translated pages find the page whose data they share.

A translation copies words, never records (DESIGN.md). Shifts, RSVPs, applications and progress
belong to the page in the site's default language (or to the page itself when it was written in
another language first); its translations read through it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.fields import BaseTranslatableField


class NotTranslated(BaseTranslatableField):
    """A child relation that stays with the source page: wagtail-localize neither translates nor
    synchronizes it, so no copy of it is ever made per language (e.g. an event's shifts)."""

    def __repr__(self) -> str:
        return f"<NotTranslated {self.field_name}>"


def default_language() -> str:
    return settings.LANGUAGE_CODE.split("-")[0]


def source_of(page: Page) -> Page:
    """The page holding the shared records for `page`'s translations: its default-language
    version when there is one, else `page` itself."""
    if page.locale_id and page.locale.language_code == default_language():
        return page
    source = (
        type(page)
        .objects.filter(
            translation_key=page.translation_key, locale__language_code=default_language()
        )
        .first()
    )
    return source or page


def in_language(page: Page, language: str | None = None) -> Page:
    """`page`'s live translation in `language` (the active one by default), else `page`."""
    language = (language or translation.get_language() or default_language()).split("-")[0]
    if page.locale_id and page.locale.language_code == language:
        return page
    translated = (
        type(page)
        .objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=language)
        .first()
    )
    return translated or page


def locale_for(language: str) -> Locale | None:
    return Locale.objects.filter(language_code=language).first()


def content_language(page: Page) -> str:
    """The language `page`'s words are written in: an alias (a page Wagtail/wagtail-localize
    keeps in another locale until it is translated) still carries its source's words."""
    if getattr(page, "alias_of_id", None):
        page = Page.objects.select_related("locale").get(pk=page.alias_of_id)
    return page.locale.language_code


def source_is_gone(page: Page) -> bool:
    """True for a translation whose source page was unpublished or deleted: it must not stand
    alone (its shifts, applications and progress live with the source)."""
    from wagtail_localize.models import TranslationSource

    source_locales = (
        TranslationSource.objects.filter(object_id=page.translation_key)
        .exclude(locale_id=page.locale_id)
        .values_list("locale_id", flat=True)
    )
    if not source_locales:
        return False
    return (
        not Page.objects.live()
        .filter(translation_key=page.translation_key, locale_id__in=list(source_locales))
        .exists()
    )


def localized_url(page: Page, request=None, language: str | None = None) -> str:
    """The address of `page` for someone reading in `language` (the active one by default): its
    live translation's, else the untranslated page under that language's prefix (served in
    that language's chrome, see portal.views.serve_page), never a jump into another language."""
    language = (language or translation.get_language() or default_language()).split("-")[0]
    version = in_language(page, language)
    url = version.get_url(request=request)
    if not url or version.locale.language_code == language:
        return url
    return url_in_language(url, written_in=version.locale.language_code, language=language)


def url_in_language(url: str, *, written_in: str, language: str) -> str:
    """The same address under `language`'s prefix (a page's URL in `written_in`)."""
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    with translation.override(written_in):
        try:
            match = resolve(url)
        except Resolver404:
            return url
    with translation.override(language):
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return url


def translation_out_of_date(page: Page) -> bool:
    """True when the words of `page`'s source changed since they were last sent for translation
    (shared data such as shift times never makes a translation out of date)."""
    from django.core.exceptions import ObjectDoesNotExist
    from wagtail_localize.models import SourceDeletedError, TranslationSource
    from wagtail_localize.segments import StringSegmentValue
    from wagtail_localize.segments.extract import extract_segments

    source = (
        TranslationSource.objects.filter(object_id=page.translation_key)
        .exclude(locale_id=page.locale_id)
        .first()
    )
    if source is None:
        return False
    try:
        current = source.get_source_instance()
        extracted = source.as_instance()
    except (ObjectDoesNotExist, SourceDeletedError):
        # A deleted source is not "out of date": its translation answers 404 (source_is_gone).
        return False

    def words(instance) -> list:
        return sorted(
            (segment.path, segment.string.data)
            for segment in extract_segments(instance)
            if isinstance(segment, StringSegmentValue)
        )

    return words(current) != words(extracted)


def translate_page(page, language: str, words: dict[str, str], *, publish=True):
    """Translate `page` (or a translatable snippet) the way a volunteer translator does with wagtail-localize: export its PO
    file, fill in the strings found in `words` (source text → translation), import it back and
    save the translated page. Strings left out keep the source text until someone translates
    them. Parents missing in `language` are created (as copies) on the way."""
    from wagtail_localize.models import Translation, TranslationSource

    locale = Locale.objects.get(language_code=language)
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    po = translation.export_po()
    for entry in po:
        if entry.msgid in words:
            entry.msgstr = words[entry.msgid]
    translation.import_po(po)
    # wagtail-localize publishes after commit; seeding (one transaction) and tests want the
    # translation live at once, so drafts are saved and published here.
    drafts = isinstance(page, DraftStateMixin)
    translation.save_target(publish=not drafts)
    translated = page.get_translation(locale)
    if isinstance(translated, Page):
        translated = translated.specific
    if drafts and publish:
        translated.get_latest_revision().publish()
        translated.refresh_from_db()
    return translated
