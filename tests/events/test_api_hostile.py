"""Hostile input to the events API: always a JSON 4xx naming what is wrong, never a 500, never a
write. Run with DEBUG off and on: with DEBUG on Django's own error machinery (APPEND_SLASH, debug
pages) answers differently."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from events import services
from events.models import RSVP

pytestmark = pytest.mark.django_db

BROKEN_TEXT = ["\ud800", "Ana\udfff", "An\x00a", "\x00"]
PERSON_FIELDS = ["given_name", "family_name", "postal_code", "email_address", "phone_number"]


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


@pytest.fixture
def client():
    # Server errors come back as responses, as a real client would see them.
    return Client(raise_request_exception=False)


@pytest.fixture
def api_key(db):
    _key, raw = services.api_key_create(name="Partner CRM")
    return raw


def attendance(shift_id: int) -> dict:
    return {
        "person": {
            "given_name": "Ana",
            "family_name": "Pérez",
            "email_address": "ana@example.org",
            "phone_number": "313-555-0101",
            "postal_code": "48201",
        },
        "timeslots": [{"timeslot_id": shift_id}],
        "referrer": {"utm_source": "crm", "url": ""},
    }


def post(client, path, body, key):
    return client.post(
        path,
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def counts():
    return RSVP.objects.count(), get_user_model().objects.count()


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    return response.json()["error"]


@pytest.mark.parametrize("field", PERSON_FIELDS)
@pytest.mark.parametrize("text", BROKEN_TEXT)
def test_nul_or_lone_surrogate_in_a_person_field_is_a_field_error(
    client, debug, event, api_key, field, text
):
    payload = attendance(event.shifts.first().pk)
    payload["person"][field] = text
    before = counts()
    # json.dumps writes "\ud800" and "\u0000" as escapes, exactly as a hostile client would.
    response = post(client, f"/api/v1/events/{event.pk}/attendances", json.dumps(payload), api_key)
    errors = assert_json_error(response, 400)
    assert f"person.{field}" in errors
    assert "cannot be stored" in errors[f"person.{field}"][0]
    assert counts() == before


def test_broken_text_in_the_referrer_is_a_field_error(client, debug, event, api_key):
    payload = attendance(event.shifts.first().pk)
    payload["referrer"]["utm_campaign"] = "gotv\ud800"
    before = counts()
    response = post(client, f"/api/v1/events/{event.pk}/attendances", json.dumps(payload), api_key)
    assert "referrer.utm_campaign" in assert_json_error(response, 400)
    assert counts() == before


def test_raw_surrogate_bytes_in_the_body_are_a_400(client, debug, event, api_key):
    body = json.dumps(attendance(event.shifts.first().pk)).replace("Ana", "\\ud800").encode()
    body = body.replace(b"\\ud800", b"\xed\xa0\x80")
    before = counts()
    response = post(client, f"/api/v1/events/{event.pk}/attendances", body, api_key)
    # The field holding the undecodable text is named.
    assert "person.given_name" in assert_json_error(response, 400)
    assert counts() == before


@pytest.mark.parametrize("event_id", ["AAA", "-1", "99999999999999999999", "1.5", "%00"])
def test_attendances_for_a_malformed_event_id_are_a_json_404(
    client, debug, event, api_key, event_id
):
    before = counts()
    response = post(
        client,
        f"/api/v1/events/{event_id}/attendances",
        json.dumps(attendance(event.shifts.first().pk)),
        api_key,
    )
    assert response.status_code in (400, 404)
    assert_json_error(response, response.status_code)
    assert counts() == before


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing", "/api/v1/events/", "/api/v1/events/1/", "/api/", "/api/v2/events"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_api_paths_are_a_json_404_without_redirect(client, debug, db, path, method):
    response = getattr(client, method)(path)
    assert_json_error(response, 404)


def test_wrong_methods_are_a_json_405_with_allow(client, debug, event, api_key):
    response = client.get(f"/api/v1/events/{event.pk}/attendances")
    assert_json_error(response, 405)
    assert response["Allow"] == "POST"
    for method in ("post", "put", "delete"):
        response = getattr(client, method)("/api/v1/events")
        assert_json_error(response, 405)
        assert response["Allow"] == "GET"


@pytest.mark.parametrize("query", ["zipcode=%00", "event_types=%00", "per_page=1%00"])
def test_nul_in_api_filters_is_a_json_400(client, debug, event, query):
    response = client.get(f"/api/v1/events?{query}")
    assert_json_error(response, 400)


@pytest.mark.parametrize("query", ["zipcode=%ED%A0%80", "event_types=%ED%A0%80", "page=%ff"])
def test_undecodable_bytes_in_api_filters_are_a_json_400(client, debug, event, query):
    # Django decodes broken UTF-8 in a query string to U+FFFD, which then fails validation.
    response = client.get(f"/api/v1/events?{query}")
    assert_json_error(response, 400)


def test_an_oversized_api_body_is_a_json_4xx(client, debug, event, api_key, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = counts()
    response = client.post(
        f"/api/v1/events/{event.pk}/attendances",
        data="x" * 5000,
        content_type="text/plain",
        HTTP_AUTHORIZATION=f"Bearer {api_key}",
    )
    assert 400 <= response.status_code < 500
    assert_json_error(response, response.status_code)
    assert counts() == before
