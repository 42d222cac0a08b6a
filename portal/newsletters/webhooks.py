"""anymail's tracking webhooks, with two guarantees added: a payload anymail cannot parse gets a
400 (anymail would answer 500, and the ESP would retry it forever), and every refusal is logged.
Authentication stays anymail's: HTTP basic auth with ANYMAIL["WEBHOOK_SECRET"]."""

import logging

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.webhooks.amazon_ses import AmazonSESTrackingWebhookView
from anymail.webhooks.brevo import BrevoTrackingWebhookView
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.mailjet import MailjetTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from anymail.webhooks.resend import ResendTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridTrackingWebhookView
from anymail.webhooks.sparkpost import SparkPostTrackingWebhookView
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
            return view(request, *args, **kwargs)
        except AnymailWebhookValidationFailure as error:
            logger.warning("Refused a %s webhook: %s", esp, error)
            return HttpResponseBadRequest("Webhook validation failed.")
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
            # Nothing was recorded: events are only handled after the whole payload parsed
            # (each event in its own transaction, and a replayed one is ignored).
            logger.warning("Refused a malformed %s webhook: %r", esp, error)
            return HttpResponseBadRequest("Malformed webhook payload.")

    return tracking_webhook


urlpatterns = [
    path(f"{esp}/tracking/", guarded(esp, view_class), name=f"{esp}_tracking_webhook")
    for esp, view_class in TRACKING_VIEWS.items()
]
