import json
from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import RSVP, ApiKey, Shift
from portal.activities import EventType
from tests.events.helpers import person, rsvp
from tests.factories.events import make_event


@pytest.fixture
def api_key(db):
    _key, raw = services.api_key_create(name="Partner CRM")
    return raw


def post(client, event_id, payload, key):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.post(
        f"/api/v1/events/{event_id}/attendances",
        data=body,
        content_type="application/json",
        **headers,
    )


def attendance(shift_ids, email="ana@example.org"):
    return {
        "person": {
            "given_name": "Ana",
            "family_name": "Pérez",
            "email_address": email,
            "phone_number": "313-555-0101",
            "postal_code": "48201",
        },
        "timeslots": [{"timeslot_id": shift_id} for shift_id in shift_ids],
        "referrer": {"utm_source": "crm", "utm_medium": "email", "utm_campaign": "gotv", "url": ""},
        "sms_opt_in": False,
    }


def test_list_has_mobilize_shape(client, event):
    body = client.get("/api/v1/events").json()
    assert set(body) == {"count", "next", "previous", "data"}
    assert body["count"] == 1
    item = body["data"][0]
    expected = {
        "id", "title", "summary", "description", "event_type", "browser_url", "timezone",
        "is_virtual", "location", "accessibility_status", "accessibility_notes", "timeslots",
        "created_date", "modified_date", "featured_image_url", "high_priority", "sponsor",
        "visibility", "address_visibility", "created_by_volunteer_host", "virtual_action_url",
        "contact", "tags", "approval_status", "event_campaign", "instructions", "deleted_date",
    }  # fmt: skip
    assert set(item) == expected
    assert item["timezone"] == "America/Detroit"
    assert item["browser_url"].startswith("http://testserver/events/")
    assert set(item["location"]) == {
        "venue", "address_lines", "locality", "region", "postal_code", "location", "country",
        "congressional_district", "state_leg_district", "state_senate_district",
    }  # fmt: skip
    # Mobilize promises exactly two address lines.
    assert item["location"]["address_lines"] == ["2100 Gratiot Ave", ""]
    assert item["location"]["venue"] == "Eastside Office"
    assert item["location"]["location"]["latitude"] == pytest.approx(42.35, abs=0.2)
    slot = item["timeslots"][0]
    assert set(slot) == {
        "id",
        "start_date",
        "end_date",
        "max_attendees",
        "attendee_count",
        "is_full",
        "instructions",
    }
    shift = event.shifts.first()
    assert slot["start_date"] == int(shift.start_at.timestamp())


def test_list_filters(client, events_index):
    make_event(events_index, title="Detroit", postal_code="48207")
    make_event(events_index, title="Phoenix", postal_code="85009", event_type=EventType.PHONE_BANK)
    make_event(events_index, title="Online", is_virtual=True, event_type=EventType.TRAINING)
    full = make_event(events_index, title="Full", capacity=1, postal_code="48207")
    rsvp(full, person("a@example.org"))

    def titles(query):
        return sorted(e["title"] for e in client.get("/api/v1/events" + query).json()["data"])

    assert titles("?zipcode=48201&max_dist=25") == ["Detroit", "Full"]
    assert titles("?zipcode=48201&max_dist=25&exclude_full=true") == ["Detroit"]
    assert titles("?event_types=PHONE_BANK&event_types=TRAINING") == ["Online", "Phoenix"]
    assert titles("?is_virtual=true") == ["Online"]
    later = int((timezone.now() + timedelta(days=30)).timestamp())
    assert titles(f"?timeslot_start=gte_{later}") == []
    assert len(titles(f"?timeslot_start=lt_{later}")) == 4
    assert len(titles("?timeslot_start=gte_now")) == 4
    assert titles(f"?updated_since={later}") == []


def test_list_pages(client, events_index):
    for number in range(5):
        make_event(events_index, title=f"E{number}", starts_in=timedelta(days=number + 1))
    body = client.get("/api/v1/events?per_page=2&page=2").json()
    assert body["count"] == 5
    assert [e["title"] for e in body["data"]] == ["E2", "E3"]
    # Mobilize's cursor pagination: the links carry a cursor and give the same pages.
    following = client.get(body["next"]).json()
    assert [e["title"] for e in following["data"]] == ["E4"]
    assert following["next"] is None
    back = client.get(following["previous"]).json()
    assert [e["title"] for e in back["data"]] == ["E2", "E3"]
    assert client.get("/api/v1/events?per_page=2&page=3").json()["next"] is None
    assert client.get("/api/v1/events?cursor=bogus").status_code == 400


@pytest.mark.parametrize(
    "query, field",
    [
        ("?per_page=101", "per_page"),
        ("?per_page=abc", "per_page"),
        ("?page=0", "page"),
        ("?zipcode=abc", "zipcode"),
        ("?zipcode=00000", "zipcode"),
        ("?max_dist=25", "zipcode"),
        ("?zipcode=48201&max_dist=-4", "max_dist"),
        ("?event_types=PARTY", "event_types"),
        ("?is_virtual=maybe", "is_virtual"),
        ("?exclude_full=2", "exclude_full"),
        ("?timeslot_start=tomorrow", "timeslot_start"),
        ("?timeslot_start=gte_99999999999999", "timeslot_start"),
        ("?updated_since=yesterday", "updated_since"),
    ],
)
def test_list_bad_filters_are_400_with_field_errors(client, db, query, field):
    response = client.get("/api/v1/events" + query)
    assert response.status_code == 400
    assert field in response.json()["error"]


def test_detail(client, event, events_index):
    assert client.get(f"/api/v1/events/{event.pk}").json()["data"]["id"] == event.pk
    assert client.get("/api/v1/events/999999").status_code == 404
    draft = make_event(events_index, title="Draft", publish=False)
    assert client.get(f"/api/v1/events/{draft.pk}").status_code == 404


def test_post_attendance_registers_then_waitlists(client, events_index, api_key):
    event = make_event(events_index, capacity=1)
    shift = event.shifts.first()
    first = post(client, event.pk, attendance([shift.pk], "a@example.org"), api_key)
    assert first.status_code == 201
    data = first.json()["data"]
    assert [(a["timeslot"]["id"], a["status"]) for a in data] == [(shift.pk, "REGISTERED")]
    second = post(client, event.pk, attendance([shift.pk], "b@example.org"), api_key)
    assert second.json()["data"][0]["status"] == "WAITLISTED"
    saved = RSVP.objects.get(person__email="a@example.org")
    assert saved.source == RSVP.Source.API
    assert saved.utm_campaign == "gotv"
    assert saved.phone == "+13135550101"
    assert ApiKey.objects.get().last_used_at is not None


def test_post_without_or_with_bad_key_is_403(client, event):
    # Mobilize: "malformed, missing or otherwise incorrect API keys will return HTTP status 403".
    shift = event.shifts.first()
    assert post(client, event.pk, attendance([shift.pk]), None).status_code == 403
    response = post(client, event.pk, attendance([shift.pk]), "evk_wrong")
    assert response.status_code == 403
    assert "authorization" in response.json()["error"]
    assert not RSVP.objects.exists()


def test_revoked_key_is_403(client, event, api_key):
    ApiKey.objects.update(is_active=False)
    assert post(client, event.pk, attendance([event.shifts.first().pk]), api_key).status_code == 403


def test_only_the_hash_of_a_key_is_stored(api_key):
    stored = ApiKey.objects.get()
    assert api_key not in (stored.key_hash, stored.prefix)
    assert stored.prefix == api_key[:10]


@pytest.mark.parametrize(
    "payload, field",
    [
        ("{not json", "body"),
        ("[]", "body"),
        (b"\xff\xfe", "body"),
        ({"person": "ana", "timeslots": [{"timeslot_id": 1}]}, "person"),
        (
            {"person": {"given_name": "Ana"}, "timeslots": [{"timeslot_id": 1}]},
            "person.email_address",
        ),
        ({"person": {"given_name": "Ana", "email_address": "nope"}}, "person.email_address"),
        ({"person": {"given_name": 7, "email_address": "a@example.org"}}, "person.given_name"),
        (
            {
                "person": {
                    "given_name": "Ana",
                    "email_address": "a@example.org",
                    "phone_number": "12",
                }
            },
            "person.phone_number",
        ),
        (
            {"person": {"given_name": "Ana", "email_address": "a@example.org"}, "timeslots": "1"},
            "timeslots",
        ),
        (
            {
                "person": {"given_name": "Ana", "email_address": "a@example.org"},
                "timeslots": [{"timeslot_id": "1"}],
            },
            "timeslots",
        ),
        (
            {
                "person": {"given_name": "Ana", "email_address": "a@example.org"},
                "timeslots": [{"timeslot_id": True}],
            },
            "timeslots",
        ),
        (
            {
                "person": {"given_name": "Ana", "email_address": "a@example.org"},
                "timeslots": [{"timeslot_id": 1}] * 51,
            },
            "timeslots",
        ),
        (
            {
                "person": {"given_name": "Ana", "email_address": "a@example.org"},
                "timeslots": [{"timeslot_id": 1}],
                "sms_opt_in": "yes",
            },
            "sms_opt_in",
        ),
        (
            {
                "person": {"given_name": "Ana", "email_address": "a@example.org"},
                "timeslots": [{"timeslot_id": 1}],
                "referrer": [],
            },
            "referrer",
        ),
    ],
)
def test_post_bad_input_is_400_and_changes_nothing(client, event, api_key, payload, field):
    response = post(client, event.pk, payload, api_key)
    assert response.status_code == 400
    errors = response.json()["error"]
    assert any(name == field or name.startswith(field + ".") for name in errors), errors
    assert not RSVP.objects.exists()


def test_post_huge_payload_is_400(client, event, api_key):
    payload = attendance([event.shifts.first().pk])
    payload["person"]["family_name"] = "x" * 100_000
    response = post(client, event.pk, payload, api_key)
    assert response.status_code == 400
    assert "person.family_name" in response.json()["error"]


def test_post_unknown_or_foreign_timeslot_is_400(client, event, events_index, api_key):
    other = make_event(events_index, title="Other")
    response = post(client, event.pk, attendance([other.shifts.first().pk]), api_key)
    assert response.status_code == 400
    assert "timeslots" in response.json()["error"]
    response = post(client, event.pk, attendance([987654]), api_key)
    assert response.status_code == 400
    assert not RSVP.objects.exists()


def test_post_duplicate_is_400(client, event, api_key):
    shift = event.shifts.first()
    assert post(client, event.pk, attendance([shift.pk]), api_key).status_code == 201
    response = post(client, event.pk, attendance([shift.pk]), api_key)
    assert response.status_code == 400
    response = post(client, event.pk, attendance([shift.pk, shift.pk], "z@example.org"), api_key)
    assert response.status_code == 400
    assert RSVP.objects.count() == 1
    assert Shift.objects.get(pk=shift.pk).attendee_count == 1


def test_post_to_past_or_cancelled_event_is_400(client, events_index, api_key):
    past = make_event(events_index, title="Past", starts_in=timedelta(days=-2))
    response = post(client, past.pk, attendance([past.shifts.first().pk]), api_key)
    assert response.status_code == 400
    cancelled = make_event(events_index, title="Cancelled", is_cancelled=True)
    response = post(client, cancelled.pk, attendance([cancelled.shifts.first().pk]), api_key)
    assert response.status_code == 400
    assert not RSVP.objects.exists()


def test_post_to_unknown_event_is_404(client, db, api_key):
    assert post(client, 424242, attendance([1]), api_key).status_code == 404


def test_api_runs_the_same_queries_for_10_and_100_events(
    client, events_index, django_assert_max_num_queries
):
    from tests.events.test_pages import _queries

    url = "/api/v1/events"
    near = {"zipcode": "48201", "max_dist": "25", "per_page": "100"}
    for number in range(10):
        make_event(events_index, title=f"E{number}")
    client.get(url)
    small = (_queries(client, url), _queries(client, url, near))
    for number in range(10, 100):
        make_event(events_index, title=f"E{number}")
    # Per request: the site and its settings (the sponsor), count, ids, pages, shifts, tags.
    with django_assert_max_num_queries(14):
        large = (_queries(client, url), _queries(client, url, near))
    assert small == large
    assert client.get(url, near).json()["count"] == 100


def test_one_bearer_key_check_serves_every_api(db):
    key, raw = services.api_key_create(name="Partner CRM")
    assert services.api_key_authenticate(authorization=f"Bearer {raw}") == key
    assert services.api_key_authenticate(authorization=f"bearer  {raw} ") == key
    assert ApiKey.objects.get().last_used_at is not None
    for refused in ("", raw, f"Basic {raw}", "Bearer ", "Bearer " + "x" * 201, "Bearer nope"):
        assert services.api_key_authenticate(authorization=refused) is None, refused
    # Revoked as the admin and the command do: kept keys are forgotten at once (issue 17).
    services.api_key_revoke(name="Partner CRM")
    assert services.api_key_authenticate(authorization=f"Bearer {raw}") is None
