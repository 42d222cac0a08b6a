from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from wagtail.models import Locale, Page

SEARCH_QUERY_MAX_LENGTH = 200
RESULTS_PER_PAGE = 10


@ratelimit(key="ip", rate="60/m", block=True)
def search(request):
    query = request.GET.get("q", "").strip()
    error = ""
    results = Page.objects.none()
    if len(query) > SEARCH_QUERY_MAX_LENGTH:
        error = _("Please shorten your search to %(max)d characters or fewer.") % {
            "max": SEARCH_QUERY_MAX_LENGTH
        }
    elif query:
        results = (
            Page.objects.live().public().filter(locale=Locale.get_active()).specific().search(query)
        )

    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger):
        page = paginator.page(1)

    return render(
        request,
        "home/search.html",
        {
            "search_query": query if not error else query[:SEARCH_QUERY_MAX_LENGTH],
            "search_error": error,
            "results": page,
            "result_count": paginator.count if query and not error else 0,
            "max_length": SEARCH_QUERY_MAX_LENGTH,
            "pagination_query": urlencode({"q": query}),
        },
        status=400 if error else 200,
    )
