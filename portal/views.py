from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail import views as wagtail_views
from wagtail.models import Site

from portal.i18n import default_language, in_language


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context on purpose: whatever broke may be in a context processor.
    return render(request, "500.html", status=500, using=None)


def csrf_failure(request, reason=""):
    return render(
        request,
        "403.html",
        {
            "message": _(
                "Your session expired or the form was sent twice. Please go back, reload "
                "the page and try again."
            )
        },
        status=403,
    )


def rate_limited(request, exception=None):
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


def favicon(request):
    # Browsers and crawlers ask for /favicon.ico whatever the pages declare; the file itself is a
    # static asset (hashed, cached for long), so this only points there.
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("portal/img/favicon.ico"))


def serve_page(request, path):
    """Wagtail's page view, with no dead ends in other languages: under /es/ a page that is not
    translated yet is served from the default language's tree (Spanish chrome, its English body
    marked lang="en" by the templates) instead of a 404."""
    try:
        return wagtail_views.serve(request, path)
    except Http404:
        if (get_language() or "").split("-")[0] == default_language():
            raise
        site = Site.find_for_request(request)
        if site is None:
            raise
        root = in_language(site.root_page.specific, default_language())
        components = [component for component in path.split("/") if component]
        # Route through the default tree; a miss there is a real 404.
        request._wagtail_route_for_request = root.specific.route(request, components)
        return wagtail_views.serve(request, path)
