"""/api/v1/insights/: staff keys only, the same numbers as the screen, 400 on bad filters."""

import pytest
from django.utils import timezone

from events.models import ApiKey
from tests.factories.insights import NOW
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
RANGE = "date_from=2026-03-02&date_to=2026-03-15"


def _key(owner=None, *, can_read_insights=True, is_active=True) -> str:
    raw = ApiKey.generate()
    key = ApiKey(
        name="Dashboards", owner=owner, can_read_insights=can_read_insights, is_active=is_active
    )
    key.set_key(raw)
    key.save()
    return raw


def _get(client, url, raw=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if raw else {}
    return client.get(url, **headers)


@pytest.fixture
def staff_key(organizer_user):
    return _key(organizer_user)


def test_all_sections_with_a_staff_key(client, scenario, staff_key):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: NOW)
        response = _get(client, f"/api/v1/insights/?{RANGE}", staff_key)
    assert response.status_code == 200
    body = response.json()
    assert body["filters"] == {
        "date_from": "2026-03-02",
        "date_to": "2026-03-15",
        "office": None,
        "event_type": None,
    }
    data = body["data"]
    assert set(data) >= {"signups", "funnel", "turnout", "shift_fill", "field_reports", "hours"}
    assert data["funnel"]["funnel"]["rows"][0]["signed_up"] == 6
    assert data["lapsing"]["summary"] == {
        "people": 2,
        "may_email": 1,
        "may_text": 1,
        "reachable": 1,
    }
    weeks = data["hours"]["hours"]["rows"]
    assert weeks[0] == {"week": "2026-03-02", "hours": 9.0, "people": 3, "shifts": 3}
    assert data["shift_fill"]["shift-fill"]["rows"][0]["event"] == "E5 event"


def test_one_section_with_filters(client, scenario, staff_key):
    office = scenario.offices["phoenix"].pk
    response = _get(client, f"/api/v1/insights/turnout?{RANGE}&office={office}", staff_key)
    assert response.status_code == 200
    rows = response.json()["data"]["turnout"]["turnout-offices"]["rows"]
    assert [(row["area"], row["rsvps"], row["show_up_rate"]) for row in rows] == [
        ("Phoenix office", 2, 100.0)
    ]


def test_bad_filters_are_a_400_naming_the_fields(client, staff_key):
    response = _get(
        client, "/api/v1/insights/?date_from=2026-02-30&event_type=PARADE&office=x", staff_key
    )
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"date_from", "event_type", "office"}
    unknown = _get(client, "/api/v1/insights/nothing", staff_key)
    assert unknown.status_code == 404 and "section" in unknown.json()["error"]


def test_keys_must_be_issued_to_staff_who_may_see_insights(client, intern_user, organizer_user):
    assert _get(client, "/api/v1/insights/").status_code == 401
    assert _get(client, "/api/v1/insights/", "evk_not-a-key").status_code == 401
    assert (
        _get(client, "/api/v1/insights/", _key(organizer_user, is_active=False)).status_code == 401
    )
    refused = [
        _key(None),
        _key(organizer_user, can_read_insights=False),
        _key(intern_user),
        _key(UserFactory()),
    ]
    for raw in refused:
        response = _get(client, "/api/v1/insights/funnel", raw)
        assert response.status_code == 403
        assert "authorization" in response.json()["error"]
    organizer_user.is_active = False
    organizer_user.save()
    assert _get(client, "/api/v1/insights/funnel", _key(organizer_user)).status_code == 403


def test_events_write_keys_do_not_open_insights(client, organizer_user):
    raw = _key(organizer_user, can_read_insights=False)
    assert _get(client, "/api/v1/insights/", raw).status_code == 403
