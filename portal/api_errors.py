"""Every answer under /api/ is JSON, errors included (DESIGN.md, events API contract).

API views answer their own errors in JSON. What they cannot reach — an unknown path, a wrong
method refused by require_GET/require_POST, a body too large for Django, a CSRF or rate-limit
refusal, an unexpected 500, Django's debug pages — passes through `ApiJsonErrorsMiddleware`,
which rewrites the body as Mobilize's `{"data": null, "error": {"detail": [...]}}` and keeps status and headers (Allow,
Retry-After, the security headers).
"""

from __future__ import annotations

import json
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

API_PREFIX = "/api/"

MESSAGES = {
    400: gettext_lazy("The request is malformed."),
    403: gettext_lazy("You may not do this."),
    404: gettext_lazy("Nothing is here. Check the address."),
    405: gettext_lazy("This address does not accept this method."),
    413: gettext_lazy("The request body is too large."),
    429: gettext_lazy("Too many requests. Try again in a minute."),
    500: gettext_lazy("Something went wrong on our side. Try again later."),
}


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def error_body(status: int) -> dict:
    message = MESSAGES.get(status)
    if message is None:
        try:
            message = HTTPStatus(status).phrase
        except ValueError:
            message = _("The request could not be answered.")
    return {"data": None, "error": {"detail": [str(message)]}}


@csrf_exempt
def api_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Catch-all for /api/ paths no API pattern matched. Being a match, it also keeps Django's
    APPEND_SLASH from redirecting (or, for a POST with DEBUG on, raising) on API paths."""
    return JsonResponse(error_body(404), status=404)


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            is_api_request(request)
            and response.status_code >= 400
            and not response.streaming
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            response.content = json.dumps(error_body(response.status_code)).encode()
            response["Content-Type"] = "application/json"
        return response
