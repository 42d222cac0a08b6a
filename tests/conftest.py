import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Locale, Page, Site

from home.models import HomePage


@pytest.fixture(autouse=True)
def _isolated():
    # Rate-limit counters and axes lockouts live in the cache; each test starts from zero, in
    # English, whatever the test before it activated.
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)


def _transactional(request) -> bool:
    # Asked for by a marker or by a fixture (live_server and transactional_db flush too).
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        return True
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))


@pytest.fixture(autouse=True)
def _wagtail_tree(request):
    """Wagtail's root page, locale and default site come from its migrations; a transactional
    test's flush takes them away for every transactional test after it (pytest-django runs those
    last), so each one starts with them back."""
    if not _transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Site.objects.filter(is_default_site=True).exists():
        welcome = root.add_child(instance=Page(title="Welcome", slug="welcome", locale=locale))
        Site.objects.create(hostname="localhost", root_page=welcome, is_default_site=True)
    yield


@pytest.fixture
def home_page(db) -> HomePage:
    """A published English home page that the default site serves at `/`."""
    from tests.factories.home import published_home_page

    return published_home_page()


@pytest.fixture
def spanish(db) -> Locale:
    return Locale.objects.get_or_create(language_code="es")[0]


def pytest_sessionstart(session):
    from tests import staff_mfa

    # Staff logged in by force_login pass the second factor as a real sign-in would.
    staff_mfa.install()

    from tests.ci_guard import ci_backends_problem

    problem = ci_backends_problem(
        os.environ,
        database_engine=settings.DATABASES["default"]["ENGINE"],
        broker_url=settings.CELERY_BROKER_URL,
    )
    if problem:
        pytest.exit(f"CI=true but {problem}.", returncode=3)
