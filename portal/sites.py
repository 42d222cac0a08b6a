"""Which Wagtail site a request is for, remembered for a few seconds in each process.

Wagtail looks the site up once per request (`Site.find_for_request`, a query ordered by
hostname, port and default flag), and every page, API answer and email link needs it. In a rush
of sign-ups that lookup was one of the dearest queries an RSVP ran, for an answer that changes
only when someone edits the sites in the admin. This middleware hands Wagtail the site found
for the same host and port within the last PORTAL_SITE_CACHE_SECONDS; saving or deleting a
site forgets them in this process at once, and other processes within those seconds.
"""

import copy
import threading
import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Site

_lock = threading.Lock()
_found: dict[tuple[str, int], tuple[float, Site | None]] = {}


def forget_sites(**_kwargs) -> None:
    with _lock:
        _found.clear()


post_save.connect(forget_sites, sender=Site, dispatch_uid="portal.sites.saved")
post_delete.connect(forget_sites, sender=Site, dispatch_uid="portal.sites.deleted")


class RememberSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PORTAL_SITE_CACHE_SECONDS", 0)
        if seconds:
            key = (split_domain_port(request._get_raw_host())[0], request.get_port())
            now = time.monotonic()
            hit = _found.get(key)
            if hit is None or hit[0] <= now:
                site = Site.find_for_request(request)
                with _lock:
                    _found[key] = (now + seconds, copy.copy(site))
            else:
                # A copy: whatever a view sets on its site stays with its own request.
                request._wagtail_site = copy.copy(hit[1])
        return self.get_response(request)
