"""Video embeds that never hold a page up.

Wagtail fetches an embed from the provider the first time a page shows it and keeps it in the
database. When the provider cannot be reached (offline, a firewall, an outage), the page shows a
link to the video and its transcript instead, and the failure is remembered for a few minutes
so every page view does not wait on the network again.
"""

import hashlib

from django.core.cache import cache
from wagtail.embeds.format import embed_to_frontend_html

FAILURE_SECONDS = 600


def _failure_key(url: str) -> str:
    return "training:embed-failed:" + hashlib.sha256(url.encode()).hexdigest()[:32]


def video_html(url: str) -> str:
    """The provider's embed HTML for `url`, or "" when it cannot be had right now."""
    if not url or cache.get(_failure_key(url)):
        return ""
    html = embed_to_frontend_html(url)
    if not html:
        cache.set(_failure_key(url), True, FAILURE_SECONDS)
    return html
