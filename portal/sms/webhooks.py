"""The provider's webhooks: inbound texts (STOP, HELP, C/N…) and status callbacks.

Twilio signs each request (X-Twilio-Signature); the library's own `RequestValidator` checks it
against the URL Twilio was given (PORTAL_BASE_URL + path) and the form fields. A request whose
signature does not check out is refused with a 403 and changes nothing. Mounted only when the
Twilio backend is configured, like the ESP webhooks.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from portal.links import absolute_url
from portal.sms import services
from portal.sms.signals import text_received

logger = logging.getLogger(__name__)

TWILIO_BACKEND = "portal.sms.backends.TwilioTextBackend"


def _signed(request) -> bool:
    signature = request.META.get("HTTP_X_TWILIO_SIGNATURE", "")
    if not signature or not settings.TWILIO_AUTH_TOKEN:
        return False
    validator = RequestValidator(settings.TWILIO_AUTH_TOKEN)
    params = {key: request.POST.get(key) for key in request.POST}
    return validator.validate(absolute_url(request.get_full_path()), params, signature)


def _refused() -> HttpResponse:
    return HttpResponse("Signature check failed.", status=403, content_type="text/plain")


@csrf_exempt
@require_POST
def inbound(request) -> HttpResponse:
    if not _signed(request):
        logger.warning("Refused an inbound text webhook with a bad signature.")
        return _refused()
    number = services.phone_normalize(request.POST.get("From", ""))
    body = request.POST.get("Body", "")
    reply = None
    if number:
        for _receiver, answer in text_received.send(sender=number, body=body):
            if answer:
                reply = str(answer)
                break
    response = MessagingResponse()
    if reply:
        response.message(reply)
    return HttpResponse(str(response), content_type="application/xml")


@csrf_exempt
@require_POST
def status(request) -> HttpResponse:
    if not _signed(request):
        logger.warning("Refused a text status callback with a bad signature.")
        return _refused()
    services.text_status_update(
        provider_id=request.POST.get("MessageSid", ""),
        status=request.POST.get("MessageStatus", ""),
        error_code=request.POST.get("ErrorCode", ""),
    )
    return HttpResponse(status=204)


def sms_urlpatterns(backend: str) -> list:
    """Only with the Twilio backend: others have no webhook, and a mounted URL nobody signs
    would be surface for nothing."""
    if backend != TWILIO_BACKEND:
        return []
    return [
        path("inbound/", inbound, name="sms_inbound"),
        path("status/", status, name="sms_status"),
    ]
