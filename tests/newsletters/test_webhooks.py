"""ESP tracking webhooks feed the suppression list: authenticated, idempotent, never a 5xx."""

import base64
import json
from unittest import mock

import pytest

from portal.newsletters import webhooks
from portal.newsletters.models import Suppression, TrackingEvent

pytestmark = pytest.mark.django_db

SECRET = "anymail-test:s3cret-webhook"
URL = "/anymail/postmark/tracking/"


@pytest.fixture(autouse=True)
def _webhook_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


def _auth(secret=SECRET) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def postmark_bounce(email="gone@example.org", event_id=4323372036854775807, kind="HardBounce"):
    """Shaped like Postmark's documented bounce webhook."""
    return {
        "RecordType": "Bounce",
        "ID": event_id,
        "Type": kind,
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "newsletter",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "ServerID": 23,
        "MessageStream": "broadcast",
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email,
        "From": "hello@example.org",
        "BouncedAt": "2026-11-20T16:09:19Z",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "What we did in November",
        "Metadata": {},
    }


def _post(client, payload, **extra):
    body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
    return client.post(URL, data=body, content_type="application/json", **extra)


def test_a_hard_bounce_suppresses_the_address(client):
    response = _post(client, postmark_bounce(email="Gone@Example.org"), **_auth())
    assert response.status_code == 200
    suppression = Suppression.objects.get()
    assert (suppression.email, suppression.reason, suppression.source) == (
        "gone@example.org",
        "bounced",
        "Postmark",
    )


def test_replaying_a_webhook_changes_nothing(client):
    payload = postmark_bounce()
    _post(client, payload, **_auth())
    before = list(Suppression.objects.values())
    for _ in range(3):
        assert _post(client, payload, **_auth()).status_code == 200
    assert list(Suppression.objects.values()) == before
    assert TrackingEvent.objects.count() == 1


def test_spam_complaints_and_unsubscribes_suppress_soft_bounces_do_not(client):
    complaint = {
        "RecordType": "SpamComplaint",
        "ID": 42,
        "Type": "SpamComplaint",
        "Email": "angry@example.org",
        "MessageID": "m-1",
        "BouncedAt": "2026-11-20T16:09:19Z",
    }
    unsubscribed = {
        "RecordType": "SubscriptionChange",
        "MessageID": "m-2",
        "Recipient": "done@example.org",
        "SuppressSending": True,
        "SuppressionReason": "ManualSuppression",
        "ChangedAt": "2026-11-20T16:09:19Z",
    }
    for payload in (complaint, unsubscribed, postmark_bounce("soft@example.org", 7, "SoftBounce")):
        assert _post(client, payload, **_auth()).status_code == 200
    assert dict(Suppression.objects.values_list("email", "reason")) == {
        "angry@example.org": "complained",
        "done@example.org": "unsubscribed",
    }


@pytest.mark.parametrize("auth", [{}, _auth("anymail-test:wrong")])
def test_unsigned_or_wrongly_signed_webhooks_are_refused_and_logged(client, auth):
    with mock.patch.object(webhooks.logger, "warning") as warning:
        response = _post(client, postmark_bounce(), **auth)
    assert response.status_code == 400
    assert not Suppression.objects.exists()
    assert not TrackingEvent.objects.exists()
    assert warning.call_args.args[0].startswith("Refused a %s webhook")


@pytest.mark.parametrize("body", ["{not json", "[]", '"a string"', b"\xff\xfe"])
def test_malformed_payloads_get_a_400_and_change_nothing(client, body):
    with mock.patch.object(webhooks.logger, "warning") as warning:
        response = _post(client, body, **_auth())
    assert response.status_code == 400
    assert warning.called
    assert not Suppression.objects.exists()
    assert not TrackingEvent.objects.exists()


def test_anymail_tracking_signal_from_any_esp_is_handled(db):
    from anymail.signals import AnymailTrackingEvent, tracking

    event = AnymailTrackingEvent(
        event_type="rejected", recipient="blocked@example.org", event_id="evt-1"
    )
    tracking.send(sender=object, event=event, esp_name="Mailgun")
    tracking.send(sender=object, event=event, esp_name="Mailgun")
    assert Suppression.objects.get().reason == "rejected"
    assert TrackingEvent.objects.count() == 1
