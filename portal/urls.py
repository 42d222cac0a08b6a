from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from portal import health
from portal import views as portal_views
from portal.api_errors import api_not_found
from portal.newsletters import webhooks
from portal.sms import webhooks as sms_webhooks

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", portal_views.favicon, name="favicon"),
    path("api/v1/insights/", include("portal.insights.api_urls")),
    path("api/v1/", include("events.api_urls")),
    # Anything else under /api/ is a JSON 404, never a page, a redirect or APPEND_SLASH's error.
    re_path(r"^api/", api_not_found),
    # One door for staff: allauth's login, whose stages ask for the second factor. Wagtail's own
    # password-only form would skip it.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="staff_login_redirect",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    # The configured ESP's tracking webhook (bounces, complaints) feeding the suppression list;
    # not translated. Other ESPs' webhooks are not mounted (a 404).
    path("anymail/", include(webhooks.tracking_urlpatterns(webhooks.configured_esp()))),
    # Twilio's inbound texts and status callbacks, signed; mounted only with the Twilio backend.
    path("sms/", include(sms_webhooks.sms_urlpatterns(settings.SMS_BACKEND))),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", home_views.search, name="search"),
    path("", include("recruitment.urls")),
    path("", include("recruitment.mentoring.urls")),
    path("", include("events.urls")),
    path("me/", include("portal.dashboard.urls")),
    path("", include("portal.newsletters.urls")),
    # Accounts are made by the volunteer sign-up at /join/; allauth only logs people in.
    path("accounts/signup/", RedirectView.as_view(pattern_name="recruitment:join")),
    path("accounts/", include("allauth.urls")),
    # Wagtail's catch-all serves the page tree; it must stay last. Its page view is ours: in
    # Spanish a page not translated yet answers in Spanish chrome instead of a 404.
    path(
        "",
        include(
            [
                *(p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"),
                re_path(wagtail_urls.serve_pattern, portal_views.serve_page, name="wagtail_serve"),
            ]
        ),
    ),
    prefix_default_language=False,
)
