"""Absolute links for emails, calendar files and anything else read away from the site."""

from django.conf import settings


def site_base_url() -> str:
    """Where the site is served, without a trailing slash (WAGTAILADMIN_BASE_URL)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    return site_base_url() + path
