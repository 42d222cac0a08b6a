"""One home for admin views: every stand-alone admin URL is served from an app's admin_views.py;
wagtail_hooks.py only registers (README, "Layout")."""

import inspect

from django.urls import URLPattern, URLResolver
from wagtail import hooks


def _patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def test_every_registered_admin_url_is_served_from_an_admin_views_module():
    project = ("portal", "home", "recruitment", "events", "training")
    misplaced = []
    for register in hooks.get_hooks("register_admin_urls"):
        if not register.__module__.startswith(project):
            continue
        for pattern in _patterns(register()):
            view = inspect.unwrap(pattern.callback)
            if not view.__module__.endswith(".admin_views"):
                misplaced.append(f"{pattern.name}: {view.__module__}.{view.__qualname__}")
    assert misplaced == []
