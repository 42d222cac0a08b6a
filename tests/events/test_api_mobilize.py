"""The events API read by a client written for Mobilize's public API v1.

The examples below are data taken from Mobilize's documentation (the README of the public
repository mobilizeamerica/api): requests replayed against the portal, answers compared by shape
and by the values the portal can reproduce.
"""

import json
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from openapi_spec_validator import validate

from events import services
from events.models import RSVP, DeletedEvent, EventPage, EventTag
from events.people import person_match_or_create
from recruitment.models import Partner
from tests.events.helpers import person, rsvp
from tests.factories.events import make_event

# "Here's an example error response for /v1/events?organization_id=hello"
DOC_ERROR_REQUEST = "/api/v1/events?organization_id=hello"
DOC_ERROR_RESPONSE = {
    "data": None,
    "error": {"organization_id": {"0": ["A valid integer is required."]}},
}

# "Create organization event attendance": the request body example, verbatim.
DOC_ATTENDANCE_BODY = {
    "person": {
        "given_name": "myfirstname",
        "family_name": "mylastname",
        "email_address": "email@email.com",
        "phone_number": "1234567890",
        "postal_code": "11111",
    },
    "sms_opt_in": "OPT_IN",
    "timeslots": [{"timeslot_id": 1}],
    "referrer": {
        "utm_source": "",
        "utm_medium": "",
        "utm_campaign": "string",
        "utm_term": "string",
        "utm_content": "string",
        "url": "string",
    },
}
# Its response body example: the keys of each object, and the values that follow from the body.
DOC_ATTENDANCE_KEYS = {
    "id", "attended", "created_date", "modified_date", "person", "event", "timeslot", "sponsor",
    "status", "referrer",
}  # fmt: skip
DOC_PERSON = {
    "given_name": "myfirstname",
    "family_name": "mylastname",
    "email_addresses": [{"primary": True, "address": "email@email.com"}],
    "postal_addresses": [{"primary": True, "postal_code": "11111"}],
    "sms_opt_in_status": "OPT_IN",
}
DOC_REFERRER = {
    "utm_source": None,
    "utm_medium": None,
    "utm_campaign": "string",
    "utm_term": "string",
    "utm_content": "string",
    "url": "string",
}
DOC_ORGANIZATION_KEYS = {
    "id", "name", "slug", "is_coordinated", "is_independent", "is_primary_campaign", "state",
    "district", "candidate_name", "race_type", "event_feed_url", "created_date", "modified_date",
}  # fmt: skip
DOC_EVENT_KEYS = {
    "id", "description", "timezone", "title", "featured_image_url", "high_priority", "sponsor",
    "timeslots", "is_virtual", "location", "event_type", "created_date", "modified_date",
    "browser_url", "contact", "event_campaign", "instructions",
}  # fmt: skip
DOC_LOCATION_KEYS = {"venue", "address_lines", "locality", "region", "country", "postal_code"}
DOC_TIMESLOT_KEYS = {"id", "start_date", "end_date", "instructions"}


def unix(moment: datetime) -> int:
    return int(moment.timestamp())


@pytest.fixture
def api_key(db):
    return services.api_key_create(name="Partner CRM")[1]


def staff_key(django_user_model, *permissions: str) -> str:
    owner = django_user_model.objects.create_user(
        email=f"staff{len(permissions)}@example.org", password="x", is_staff=True
    )
    for codename in permissions:
        app, name = codename.split(".")
        owner.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=name)
        )
    return services.api_key_create(name="Warehouse", owner=owner)[1]


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_documented_error_example(client, db):
    response = client.get(DOC_ERROR_REQUEST)
    assert response.status_code == 400
    assert response.json() == DOC_ERROR_RESPONSE


def test_the_documented_attendance_example(client, events_index, api_key):
    event = make_event(events_index, contact_name="Dana")
    body = dict(DOC_ATTENDANCE_BODY, timeslots=[{"timeslot_id": event.shifts.first().pk}])
    response = client.post(
        f"/api/v1/organizations/1/events/{event.pk}/attendances",
        data=json.dumps(body),
        content_type="application/json",
        **bearer(api_key),
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["error"] is None
    (attendance,) = answer["data"]
    assert set(attendance) >= DOC_ATTENDANCE_KEYS
    assert attendance["status"] == "REGISTERED"
    assert attendance["attended"] is None
    assert DOC_PERSON.items() <= attendance["person"].items()
    assert attendance["referrer"] == DOC_REFERRER
    assert attendance["event"]["id"] == event.pk
    assert set(attendance["sponsor"]) >= DOC_ORGANIZATION_KEYS
    saved = RSVP.objects.get()
    assert (saved.utm_term, saved.utm_content, saved.sms_opt_in) == ("string", "string", True)
    assert saved.transactional_sms_opt_in is True


def test_the_documented_objects(client, events_index, api_key):
    tag = EventTag.objects.create(name="Weekend")
    event = make_event(events_index, high_priority=True)
    event.tags.add(tag)
    event.save_revision().publish()
    Partner.objects.create(name="Neighbors United", slug="neighbors")
    organizations = client.get("/api/v1/organizations").json()["data"]
    assert next(o["id"] for o in organizations) == 1
    assert all(set(o) >= DOC_ORGANIZATION_KEYS for o in organizations)
    promoted = client.get("/api/v1/organizations/1/promoted_organizations", **bearer(api_key))
    assert [o["name"] for o in promoted.json()["data"]] == ["Neighbors United"]
    # Promoted organizations are for the organization's members only.
    assert client.get("/api/v1/organizations/1/promoted_organizations").status_code == 403
    public = client.get(f"/api/v1/organizations/1/events/{event.pk}").json()["data"]
    assert set(public) >= DOC_EVENT_KEYS
    assert set(public["location"]) >= DOC_LOCATION_KEYS
    assert set(public["timeslots"][0]) >= DOC_TIMESLOT_KEYS
    assert public["location"]["address_lines"] == ["2100 Gratiot Ave", ""]
    assert public["location"]["country"] == "US"
    assert public["sponsor"]["id"] == 1
    assert public["tags"] == [{"id": tag.pk, "name": "Weekend"}]
    assert public["high_priority"] is True
    assert public["approval_status"] == "APPROVED"
    assert public["visibility"] == "PUBLIC"
    # Contact and instructions are for authenticated requests only.
    assert public["contact"] is None and public["instructions"] is None
    keyed = client.get(f"/api/v1/events/{event.pk}", **bearer(api_key)).json()["data"]
    assert keyed["contact"]["email_address"] == "organizer@example.org"
    assert keyed["instructions"] == "Bring water and comfortable shoes."
    assert keyed["timeslots"][0]["instructions"] == ""


def test_a_cancelled_event_is_reported_deleted_and_in_updated_since(client, events_index):
    before = unix(timezone.now()) - 1
    kept = make_event(events_index, title="Kept")
    cancelled = make_event(events_index, title="Cancelled")
    cancelled.is_cancelled = True
    cancelled.save_revision().publish()
    cancelled.refresh_from_db()
    assert cancelled.cancelled_at is not None
    deleted = client.get("/api/v1/events/deleted").json()
    assert deleted["data"] == [{"id": cancelled.pk, "deleted_date": unix(cancelled.cancelled_at)}]
    assert client.get("/api/v1/organizations/1/events/deleted").json()["data"] == deleted["data"]
    assert client.get(f"/api/v1/events/deleted?updated_since={before + 3600}").json()["count"] == 0
    changed = client.get(f"/api/v1/events?updated_since={before}").json()["data"]
    by_id = {item["id"]: item for item in changed}
    assert set(by_id) == {kept.pk, cancelled.pk}
    assert by_id[cancelled.pk]["deleted_date"] == unix(cancelled.cancelled_at)
    # The plain list leaves it out; a detail request still tells what happened.
    assert [e["id"] for e in client.get("/api/v1/events").json()["data"]] == [kept.pk]
    detail = client.get(f"/api/v1/events/{cancelled.pk}").json()["data"]
    assert detail["deleted_date"] == unix(cancelled.cancelled_at)


def test_a_deleted_or_unpublished_event_is_reported_deleted(client, events_index):
    gone = make_event(events_index, title="Gone")
    hidden = make_event(events_index, title="Hidden")
    gone_id = gone.pk
    gone.delete()
    hidden.unpublish()
    ids = {item["id"] for item in client.get("/api/v1/events/deleted").json()["data"]}
    assert ids == {gone_id, hidden.pk}
    hidden.save_revision().publish()
    assert not DeletedEvent.objects.filter(event_id=hidden.pk).exists()


def test_a_timeslot_range_returns_the_events_and_only_their_timeslots_in_it(client, events_index):
    base = timezone.now().replace(microsecond=0) + timedelta(days=10)

    def shift(day: int) -> dict:
        start = base + timedelta(days=day)
        return {"start_at": start, "end_at": start + timedelta(hours=2), "capacity": 5}

    both = make_event(events_index, title="Both", shifts=[shift(0), shift(5)])
    inside = make_event(events_index, title="Inside", shifts=[shift(1)])
    make_event(events_index, title="Outside", shifts=[shift(8)])
    past = make_event(events_index, title="Past", starts_in=timedelta(days=-3))
    start, end = unix(base - timedelta(hours=1)), unix(base + timedelta(days=3))
    body = client.get(f"/api/v1/events?timeslot_start=gte_{start}&timeslot_start=lt_{end}").json()
    found = {item["title"]: item for item in body["data"]}
    assert set(found) == {"Both", "Inside"}
    assert [slot["start_date"] for slot in found["Both"]["timeslots"]] == [unix(base)]
    assert len(found["Inside"]["timeslots"]) == 1
    assert both.pk and inside.pk
    ends = client.get(f"/api/v1/events?timeslot_end=lte_{unix(base)}").json()["data"]
    assert [item["title"] for item in ends] == ["Past"]
    # Past events are listed too unless asked otherwise, as in Mobilize.
    assert past.pk in {e["id"] for e in client.get("/api/v1/events").json()["data"]}
    assert past.pk not in {
        e["id"] for e in client.get("/api/v1/events?timeslot_start=gte_now").json()["data"]
    }


def test_exclude_full_leaves_out_full_timeslots(client, events_index):
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    event = make_event(
        events_index,
        shifts=[
            {"start_at": start, "end_at": start + timedelta(hours=1), "capacity": 1},
            {"start_at": start + timedelta(hours=2), "end_at": start + timedelta(hours=3)},
        ],
    )
    rsvp(event, person("a@example.org"))
    (item,) = client.get("/api/v1/events?exclude_full=true").json()["data"]
    assert [slot["is_full"] for slot in item["timeslots"]] == [False]


@pytest.mark.parametrize(
    "query, field",
    [
        ("timeslot_end=soon", "timeslot_end"),
        ("timeslot_start=eq_5", "timeslot_start"),
        ("tag_id=x", "tag_id"),
        ("visibility=HIDDEN", "visibility"),
        ("high_priority_only=perhaps", "high_priority_only"),
        ("approval_status=MAYBE", "approval_status"),
        ("state=Michigan", "state"),
        ("cursor=%%%", "cursor"),
    ],
)
def test_invalid_filters_are_400_in_the_documented_shape(client, db, query, field):
    response = client.get(f"/api/v1/organizations/1/events?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["data"] is None and field in body["error"]


def test_filters_by_tag_priority_state_and_visibility(client, events_index, api_key):
    tag = EventTag.objects.create(name="Spanish")
    tagged = make_event(events_index, title="Tagged")
    tagged.tags.add(tag)
    tagged.save_revision().publish()
    make_event(events_index, title="Pinned", high_priority=True, region="OH")
    make_event(events_index, title="Unlisted", visibility="PRIVATE")

    def titles(query, **headers):
        response = client.get("/api/v1/organizations/1/events?" + query, **headers)
        return sorted(e["title"] for e in response.json()["data"])

    assert titles(f"tag_id={tag.pk}") == ["Tagged"]
    assert titles("high_priority_only=true") == ["Pinned"]
    assert titles("state=oh") == ["Pinned"]
    assert titles("") == ["Pinned", "Tagged"]
    assert titles("organization_id=1005") == []
    assert client.get("/api/v1/organizations/1/events?visibility=PRIVATE").status_code == 403
    assert titles("visibility=PRIVATE", **bearer(api_key)) == ["Unlisted"]
    assert titles("approval_status=NEEDS_APPROVAL", **bearer(api_key)) == []
    # One private event: the public route answers 404, the organization's route needs a key.
    unlisted = EventPage.objects.get(title="Unlisted")
    assert client.get(f"/api/v1/events/{unlisted.pk}", **bearer(api_key)).status_code == 404
    org_route = f"/api/v1/organizations/1/events/{unlisted.pk}"
    assert client.get(org_route).status_code == 404
    assert client.get(org_route, **bearer(api_key)).json()["data"]["visibility"] == "PRIVATE"


def test_attendances_and_people_need_a_key_of_staff_who_may_see_them(
    client, event, api_key, django_user_model
):
    rsvp(event, person_match_or_create(email="ana@example.org", first_name="Ana"))
    urls = [
        "/api/v1/organizations/1/attendances",
        f"/api/v1/organizations/1/events/{event.pk}/attendances",
        "/api/v1/organizations/1/people",
    ]
    for url in urls:
        assert client.get(url).status_code == 403
        # A key issued to nobody may sign people up but not read who they are.
        assert client.get(url, **bearer(api_key)).status_code == 403
    key = staff_key(django_user_model, "events.view_rsvp", "recruitment.view_volunteer")
    attendances = client.get(urls[1], **bearer(key)).json()
    assert attendances["count"] == 1
    assert attendances["data"][0]["person"]["email_addresses"][0]["address"] == "ana@example.org"
    people = client.get(urls[2], **bearer(key)).json()["data"]
    assert "ana@example.org" in {p["email_addresses"][0]["address"] for p in people}
    only_rsvps = staff_key(django_user_model, "events.view_rsvp")
    assert client.get(urls[2], **bearer(only_rsvps)).status_code == 403


def test_unknown_organization_is_404(client, db):
    for url in ("/api/v1/organizations/7", "/api/v1/organizations/7/events"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["data"] is None


@pytest.mark.parametrize(
    "method, url, status",
    [
        ("get", "/api/v1/anything-unknown", 404),
        ("get", "/api/v1/", 404),
        ("get", "/api/v1/events/", 404),
        ("post", "/api/v1/organizations/1/events/15/attendances/", 404),
        ("delete", "/api/v1/events", 405),
        ("put", "/api/v1/organizations/1/events/15/attendances", 405),
    ],
)
def test_every_answer_under_api_is_json(client, db, method, url, status):
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["data"] is None


def test_too_many_requests_are_429_with_retry_after(client, db, settings):
    settings.PORTAL_API_RATES = {"read": "2/m", "write": "1/m"}
    statuses = [client.get("/api/v1/organizations").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get("/api/v1/organizations")
    assert response["Retry-After"] == "1"
    assert response.json()["error"]


def test_the_openapi_document_validates_and_the_docs_page_renders(client, db):
    response = client.get("/api/v1/openapi.json")
    document = response.json()
    assert document["openapi"].startswith("3.1")
    validate(document)
    paths = set(document["paths"])
    for path in (
        "/api/v1/organizations",
        "/api/v1/organizations/{organization_id}/promoted_organizations",
        "/api/v1/organizations/{organization_id}/events/deleted",
        "/api/v1/events/deleted",
        "/api/v1/organizations/{organization_id}/events/{event_id}/attendances",
        "/api/v1/organizations/{organization_id}/people",
    ):
        assert path in paths, path
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert b"openapi.json" in page.content and b"<script" not in page.content


def test_featured_image_url_is_the_image_address(client, events_index):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Canvass", file=get_test_image_file())
    event = make_event(events_index, featured_image=image)
    item = client.get(f"/api/v1/events/{event.pk}").json()["data"]
    assert item["featured_image_url"] == f"http://testserver{image.file.url}"
    plain = make_event(events_index, title="Plain")
    assert client.get(f"/api/v1/events/{plain.pk}").json()["data"]["featured_image_url"] == ""
