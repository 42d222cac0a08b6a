import importlib

import pytest
from django.urls import clear_url_caches

from portal.sms.backends import LocmemTextBackend, reset_text_backend
from tests.sms.standin import ACCOUNT_SID, AUTH_TOKEN, TwilioStandIn

TWILIO = "portal.sms.backends.TwilioTextBackend"


@pytest.fixture
def standin():
    with TwilioStandIn() as server:
        yield server


@pytest.fixture
def twilio(settings, standin):
    """The production backend, through the library's own HTTP client, aimed at the stand-in."""
    settings.SMS_BACKEND = TWILIO
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM_NUMBER = "+15005550006"
    settings.TWILIO_MESSAGING_SERVICE_SID = ""
    settings.TWILIO_API_BASE_URL = standin.base_url
    settings.SMS_PROVIDER_TIMEOUT = 0.5
    reset_text_backend()
    yield standin
    reset_text_backend()


@pytest.fixture
def webhooks_mounted(twilio):
    """portal.urls reads SMS_BACKEND when it loads: reloaded with the Twilio backend set."""
    importlib.reload(importlib.import_module("portal.urls"))
    clear_url_caches()
    yield twilio
    from django.conf import settings

    settings.SMS_BACKEND = "portal.sms.backends.LocmemTextBackend"
    importlib.reload(importlib.import_module("portal.urls"))
    clear_url_caches()


@pytest.fixture(autouse=True)
def quiet_hours(request, settings):
    """Quiet hours only where a test is about them (marked `quiet_hours`, with its own clock):
    the others would fail whenever the suite runs after 21:00 in New York."""
    settings.SMS_QUIET_HOURS = request.node.get_closest_marker("quiet_hours") is not None


@pytest.fixture(autouse=True)
def empty_outbox():
    LocmemTextBackend.outbox.clear()
    reset_text_backend()
    yield
    LocmemTextBackend.outbox.clear()
