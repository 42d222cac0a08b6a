"""/api/v1/insights/: the dashboard's numbers as JSON, for staff with an API key.

`Authorization: Bearer <key>`, where the key is active, marked "may read insights" and issued to
an active staff member who may see Insights in the admin. No key or an unknown one is a 401; a
key without that right a 403; bad filters a 400 naming the fields; never a 500.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from events.services import api_key_authenticate
from home.models import SiteSettings
from portal.insights.access import may_view_insights
from portal.insights.cache import figure_results
from portal.insights.figures import FIGURES, FIGURES_BY_KEY, InsightsContext
from portal.insights.filters import filters_from
from portal.insights.selectors.reports import goals_from


def _error(errors: dict[str, list[str]], status: int) -> JsonResponse:
    response = JsonResponse({"error": errors}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="insights"'
    return response


def _refusal(request: HttpRequest) -> JsonResponse | None:
    key = api_key_authenticate(authorization=request.META.get("HTTP_AUTHORIZATION", ""))
    if key is None:
        return _error({"authorization": [_("Send a valid API key as: Bearer <key>.")]}, 401)
    if not key.can_read_insights or not may_view_insights(key.owner):
        return _error(
            {
                "authorization": [
                    _("This key may not read insights: it must be issued to staff who may.")
                ]
            },
            403,
        )
    return None


def _respond(request: HttpRequest, figures) -> JsonResponse:
    refusal = _refusal(request)
    if refusal is not None:
        return refusal
    filters, errors = filters_from(request.GET)
    if errors:
        return _error(errors, 400)
    ctx = InsightsContext(
        filters=filters, now=timezone.now(), goals=goals_from(SiteSettings.for_request(request))
    )
    results, as_of = figure_results(ctx=ctx, figures=figures)
    return JsonResponse(
        {
            "filters": {
                "date_from": filters.date_from.isoformat(),
                "date_to": filters.date_to.isoformat(),
                "office": filters.office.pk if filters.office else None,
                "event_type": filters.event_type or None,
            },
            "generated_at": int(ctx.now.timestamp()),
            # When the oldest figure below was computed (they are kept a few minutes).
            "as_of": int(as_of.timestamp()),
            "data": {result.key: result.api() for result in results},
        }
    )


@require_GET
def insights_all(request: HttpRequest) -> JsonResponse:
    return _respond(request, FIGURES)


@require_GET
def insights_section(request: HttpRequest, section: str) -> JsonResponse:
    figure = FIGURES_BY_KEY.get(section)
    if figure is None:
        refusal = _refusal(request)
        return refusal or _error(
            {
                "section": [
                    _("Unknown section. Use one of: %(keys)s.")
                    % {"keys": ", ".join(FIGURES_BY_KEY)}
                ]
            },
            404,
        )
    return _respond(request, [figure])
