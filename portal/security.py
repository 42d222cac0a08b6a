from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language_from_path

from portal.text import is_storable

# Wagtail's admin still relies on inline scripts and styles; the public site does not, so only the
# admin gets this allowance. Everything else keeps the strict policy from settings.
ADMIN_ALLOWANCE = {
    "script-src": ["'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
    # The page editor shows its live preview in a same-origin frame.
    "frame-src": ["'self'"],
}
# Replaced rather than added to: 'none' cannot stand beside another source.
ADMIN_REPLACEMENTS = {"frame-ancestors": ["'self'"]}
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIXES):
            parts.update = {**(parts.update or {}), **ADMIN_ALLOWANCE}
            parts.replace = {**(parts.replace or {}), **ADMIN_REPLACEMENTS}
        elif getattr(request, "is_dummy", False):
            # Wagtail renders previews through a stand-in request for the page's public URL, shown
            # inside the admin's preview frame: the public policy applies, framed by the admin.
            parts.replace = {**(parts.replace or {}), **ADMIN_REPLACEMENTS}
            # A nonce would make browsers ignore 'unsafe-inline'.
            parts.nonce = None
        return parts


class UnstorableInputMiddleware:
    """Refuses, with a 400, a URL path or query string carrying NUL or an unpaired surrogate.

    Forms and the API give field errors for such text (portal.text); this covers what reaches
    views without a form — GET filters read straight from request.GET, slugs in paths — so that
    such text never gets to the database (PostgreSQL refuses NUL: a 500).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_storable(request.path_info) or not is_storable(list(request.GET.lists())):
            raise BadRequest("NUL or an unpaired surrogate in the URL.")
        return self.get_response(request)


class UploadSizeLimitMiddleware:
    """Answers 413 to a public upload whose declared size is over the limit, before its body is
    read: without it a 50 MB upload is received in full and only then refused by the form.

    The public site's only upload is the internship résumé (2 MB); the admin, with its own limits
    for images and documents, and the ESP webhooks, which are not uploads, are left alone.
    """

    EXEMPT_PREFIXES = (*ADMIN_PREFIXES, "/anymail/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.content_type == "multipart/form-data"
            and not request.path_info.startswith(self.EXEMPT_PREFIXES)
            and _declared_length(request) > settings.PUBLIC_UPLOAD_MAX_BYTES
        ):
            # Before LocaleMiddleware: the page speaks the language of the path it answers.
            with translation.override(get_language_from_path(request.path_info)):
                return render(request, "413.html", status=413)
        return self.get_response(request)


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
