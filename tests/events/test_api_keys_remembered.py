"""API keys are kept in the shared cache for a rush, and a revoked key stops at once (issue 17)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.models import ApiKey
from tests.events.helpers import api_sign_up
from tests.factories.events import make_event


@pytest.fixture
def rush_event(events_index):
    return make_event(events_index, title="Rush canvass", capacity=50)


@pytest.fixture
def key(db):
    return services.api_key_create(name="Rush CRM")


def _post(client, event, raw, number):
    return api_sign_up(client, event, raw, f"ana{number}@example.org")


def test_the_key_is_read_once_and_its_use_written_once_a_minute(client, rush_event, key):
    _key, raw = key
    assert _post(client, rush_event, raw, 1).status_code == 201
    assert ApiKey.objects.get().last_used_at is not None
    with CaptureQueriesContext(connection) as captured:
        assert _post(client, rush_event, raw, 2).status_code == 201
    assert not [q for q in captured.captured_queries if '"events_apikey"' in q["sql"]]


def test_a_revoked_key_is_refused_at_once(client, rush_event, key):
    _key, raw = key
    assert _post(client, rush_event, raw, 1).status_code == 201
    assert services.api_key_revoke(name="Rush CRM") == 1
    assert _post(client, rush_event, raw, 2).status_code == 403


def test_a_key_switched_off_or_deleted_in_the_admin_is_refused_at_once(client, rush_event, key):
    stored, raw = key
    assert _post(client, rush_event, raw, 1).status_code == 201
    stored.is_active = False
    stored.save()
    assert _post(client, rush_event, raw, 2).status_code == 403
    stored.is_active = True
    stored.save()
    assert _post(client, rush_event, raw, 3).status_code == 201
    stored.delete()
    assert _post(client, rush_event, raw, 4).status_code == 403


def test_an_unknown_key_stays_unknown_and_a_new_key_works_at_once(client, rush_event):
    assert _post(client, rush_event, "not-a-key", 1).status_code == 403
    _stored, raw = services.api_key_create(name="New CRM")
    assert _post(client, rush_event, raw, 2).status_code == 201
