"""Each process remembers which Wagtail site a host is for (portal/sites.py, issue 17).

Wagtail looked the site up with a query on every request; in a rush of sign-ups it was one of
the dearest queries each RSVP ran. Tests switch the memory off (rolled-back transactions make
and drop sites under it); these switch it on.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from portal import sites


@pytest.fixture
def remembering(settings):
    settings.PORTAL_SITE_CACHE_SECONDS = 30
    sites.forget_sites()
    yield
    sites.forget_sites()


def _site_queries(client, path="/bench-nowhere/"):
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return [q["sql"] for q in captured.captured_queries if "wagtailcore_site" in q["sql"]]


def test_the_site_is_looked_up_once_per_host_then_remembered(client, home_page, remembering):
    assert _site_queries(client)
    # Before: every request ran the lookup again.
    assert _site_queries(client) == []
    assert _site_queries(client, "/") == []


def test_editing_a_site_forgets_what_was_remembered(client, home_page, remembering):
    assert _site_queries(client)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Renamed"
    site.save()
    assert _site_queries(client)


def test_each_request_gets_its_own_copy(rf, home_page, remembering):
    seen = []

    def view(request):
        site = Site.find_for_request(request)
        seen.append((site, site.site_name))
        site.site_name = "changed by a view"
        from django.http import HttpResponse

        return HttpResponse()

    middleware = sites.RememberSiteMiddleware(view)
    for _request in range(3):
        middleware(rf.get("/"))
    # What one view did to its site is not what the next request gets.
    assert len({id(site) for site, _name in seen}) == 3
    assert {name for _site, name in seen} == {Site.objects.get(is_default_site=True).site_name}


def test_off_when_the_setting_is_zero(client, home_page, settings):
    settings.PORTAL_SITE_CACHE_SECONDS = 0
    sites.forget_sites()
    assert _site_queries(client)
    assert _site_queries(client)
