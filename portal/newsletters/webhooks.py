"""anymail's tracking webhooks, with guarantees added: only the configured ESP's webhook is
mounted, a payload anymail cannot parse gets a 400 (anymail would answer 500, and the ESP would
retry it forever), an oversized one a plain 413, and every refusal is logged. Authentication
stays anymail's: HTTP basic auth with ANYMAIL["WEBHOOK_SECRET"]."""

import logging
import re

from anymail.exceptions import AnymailAPIError, AnymailWebhookValidationFailure
from anymail.webhooks.amazon_ses import AmazonSESTrackingWebhookView
from anymail.webhooks.brevo import BrevoTrackingWebhookView
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.mailjet import MailjetTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from anymail.webhooks.resend import ResendTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridTrackingWebhookView
from anymail.webhooks.sparkpost import SparkPostTrackingWebhookView
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)

TRACKING_VIEWS = {
    "amazon_ses": AmazonSESTrackingWebhookView,
    "brevo": BrevoTrackingWebhookView,
    "mailgun": MailgunTrackingWebhookView,
    "mailjet": MailjetTrackingWebhookView,
    "postmark": PostmarkTrackingWebhookView,
    "resend": ResendTrackingWebhookView,
    "sendgrid": SendGridTrackingWebhookView,
    "sparkpost": SparkPostTrackingWebhookView,
}


def guarded(esp: str, view_class):
    view = view_class.as_view()

    @csrf_exempt
    def tracking_webhook(request, *args, **kwargs) -> HttpResponse:
        try:
            if _declared_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                # Refused before reading: no ESP sends an event this large.
                raise RequestDataTooBig
            return view(request, *args, **kwargs)
        except RequestDataTooBig:
            logger.warning("Refused an oversized %s webhook.", esp)
            return HttpResponse("Payload too large.", status=413, content_type="text/plain")
        except AnymailWebhookValidationFailure as error:
            logger.warning("Refused a %s webhook: %s", esp, error)
            return HttpResponseBadRequest("Webhook validation failed.", content_type="text/plain")
        except (
            AnymailAPIError,  # e.g. Amazon SES: a body that is no SNS message at all
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            IndexError,
        ) as error:
            # Nothing was recorded: events are only handled after the whole payload parsed
            # (each event in its own transaction, and a replayed one is ignored).
            logger.warning("Refused a malformed %s webhook: %r", esp, error)
            return HttpResponseBadRequest("Malformed webhook payload.", content_type="text/plain")

    return tracking_webhook


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def configured_esp() -> str | None:
    """The ESP chosen by the settings: PORTAL_TRACKING_ESP if set, else the one named by an
    anymail EMAIL_BACKEND ("anymail.backends.<esp>.EmailBackend"); None for SMTP or the console."""
    esp = getattr(settings, "PORTAL_TRACKING_ESP", None)
    if esp:
        return esp
    match = re.fullmatch(r"anymail\.backends\.(\w+)\.EmailBackend", settings.EMAIL_BACKEND)
    return match.group(1) if match else None


def tracking_urlpatterns(esp: str | None) -> list:
    """Only the configured ESP's tracking webhook is mounted. The others would answer anyone
    with a 500 (no signing key, boto3 not installed) and are surface nobody needs."""
    if esp not in TRACKING_VIEWS:
        if esp:
            logger.warning("No tracking webhook for ESP %r; bounces will not be recorded.", esp)
        return []
    return [
        path(
            f"{esp}/tracking/",
            guarded(esp, TRACKING_VIEWS[esp]),
            name=f"{esp}_tracking_webhook",
        )
    ]
