"""Only the configured ESP's tracking webhook is mounted, and it answers hostile bodies with a 4xx.

The ESP is chosen by the settings (PORTAL_TRACKING_ESP, else an anymail EMAIL_BACKEND); the URLconf
reads them when it loads, so these tests reload it under the settings they need."""

import base64
import importlib
from contextlib import contextmanager

import pytest
from django.test import Client, override_settings
from django.urls import clear_url_caches

from portal.newsletters import webhooks
from portal.newsletters.models import Suppression, TrackingEvent

pytestmark = pytest.mark.django_db

SECRET = "anymail-test:s3cret-webhook"
ANYMAIL = {
    "WEBHOOK_SECRET": SECRET,
    "MAILGUN_API_KEY": "key-test",
    "MAILGUN_WEBHOOK_SIGNING_KEY": "signing-test",
}
# Amazon SES needs boto3, installed only where SES is the ESP.
ESPS = [
    esp
    for esp in webhooks.TRACKING_VIEWS
    if esp != "amazon_ses" or importlib.util.find_spec("boto3") is not None
]


def reload_urls():
    importlib.reload(importlib.import_module("portal.urls"))
    clear_url_caches()


@contextmanager
def urls_under(**overrides):
    try:
        with override_settings(**overrides):
            reload_urls()
            yield
    finally:
        reload_urls()


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def auth(secret=SECRET) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def nothing_recorded():
    return not Suppression.objects.exists() and not TrackingEvent.objects.exists()


@pytest.mark.parametrize("esp", ["mailgun", "amazon_ses", "sendgrid", "sparkpost", "brevo"])
def test_webhooks_of_other_esps_are_not_mounted(client, esp):
    # Test settings configure Postmark.
    response = client.post(f"/anymail/{esp}/tracking/", data="{}", content_type="application/json")
    assert response.status_code == 404
    assert nothing_recorded()


def test_without_an_anymail_backend_no_webhook_is_mounted(client):
    with urls_under(
        PORTAL_TRACKING_ESP="", EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"
    ):
        for esp in webhooks.TRACKING_VIEWS:
            response = client.post(
                f"/anymail/{esp}/tracking/", data="{}", content_type="text/plain"
            )
            assert response.status_code == 404, esp


@pytest.mark.parametrize("esp", ESPS)
@pytest.mark.parametrize("debug", [False, True])
def test_the_esp_named_by_email_backend_is_the_only_one_mounted_and_refuses_hostile_bodies(
    client, esp, debug
):
    with urls_under(
        PORTAL_TRACKING_ESP="",
        EMAIL_BACKEND=f"anymail.backends.{esp}.EmailBackend",
        ANYMAIL=ANYMAIL,
        DEBUG=debug,
        DATA_UPLOAD_MAX_MEMORY_SIZE=10_000,
    ):
        url = f"/anymail/{esp}/tracking/"
        for other in webhooks.TRACKING_VIEWS:
            if other != esp:
                response = client.post(f"/anymail/{other}/tracking/", data="{}", content_type="a/b")
                assert response.status_code == 404, other
        refused = [
            ({}, "{}", "application/json"),  # unsigned
            (auth("anymail-test:wrong"), "{}", "application/json"),  # wrongly signed
            (auth(), "{not json", "application/json"),
            (auth(), b"\xff\xfe\x00", "application/json"),
        ]
        for headers, body, content_type in refused:
            response = client.post(url, data=body, content_type=content_type, **headers)
            assert 400 <= response.status_code < 500, (esp, body, response.status_code)
        assert nothing_recorded()
        # Signed but meaningless: accepted or refused as the ESP's format says, never a 5xx.
        for body, content_type in [
            ('{"a": "\\ud800\\u0000"}', "application/json"),
            ("a=%00&b=%ED%A0%80", "application/x-www-form-urlencoded"),
            ("[]", "application/json"),
        ]:
            response = client.post(url, data=body, content_type=content_type, **auth())
            assert response.status_code < 500, (esp, body, response.status_code)
        oversized = client.post(url, data="x" * 20_000, content_type="application/json", **auth())
        assert oversized.status_code == 413
        assert oversized["Content-Type"].startswith("text/plain")
        assert b"<html" not in oversized.content.lower()
    assert not Suppression.objects.exists()
