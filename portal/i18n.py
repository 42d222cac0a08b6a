"""One record, many languages: how translated pages find the page whose data they share.

A translation copies words, never records (DESIGN.md). Shifts, RSVPs, applications and progress
belong to the page in the site's default language (or to the page itself when it was written in
another language first); its translations read through it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page
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
