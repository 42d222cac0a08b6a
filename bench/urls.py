"""The site's URLs plus one trivial view, the yardstick the RSVP figures are compared to."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial", trivial), *site_urlpatterns]
