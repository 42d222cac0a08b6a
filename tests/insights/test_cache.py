"""Insights figures are kept a few minutes per filter set and say how old they are (issue 17)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from django.utils.dateformat import format as date_format

from portal.insights.tasks import refresh_default

pytestmark = pytest.mark.django_db
URL = "/admin/insights/"
RANGE = "date_from=2026-03-02&date_to=2026-03-15"
FRESH = override_settings(INSIGHTS_FRESH_SECONDS=300)


def _queries(client, url, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(captured), response


@FRESH
def test_a_second_visit_with_the_same_filters_is_served_from_the_cache(organizer, scenario):
    first, _response = _queries(organizer, f"{URL}?{RANGE}")
    again, response = _queries(organizer, f"{URL}?{RANGE}")
    # Only the request's own work is left (session, user, site settings, filter form).
    assert again <= first - 15, (first, again)
    assert "Figures as of" in response.content.decode()
    other, _response = _queries(organizer, f"{URL}?date_from=2026-03-02&date_to=2026-03-16")
    assert other >= again + 15  # another filter set is computed afresh


@FRESH
def test_the_page_says_when_the_figures_were_computed(organizer, scenario):
    organizer.get(f"{URL}?{RANGE}")
    later = timezone.now() + timedelta(minutes=2)
    _count, response = _queries(organizer, f"{URL}?{RANGE}")
    shown = response.context["as_of"]
    assert shown <= timezone.now() and shown < later
    local = timezone.localtime(shown)
    assert date_format(local, "M j, Y, H:i") in response.content.decode()


@FRESH
def test_the_refresh_task_fills_the_default_view_before_anyone_asks(organizer, scenario):
    refresh_default()
    cached, response = _queries(organizer, URL)
    assert "Figures as of" in response.content.decode()
    # With every figure already computed only the request's own queries run.
    assert cached <= 25, cached


@FRESH
def test_the_api_reports_as_of_and_reuses_the_dashboards_figures(client, organizer, scenario):
    from tests.insights.test_api import _key

    raw = _key(_owner(organizer))
    organizer.get(f"{URL}?{RANGE}")
    count, response = _queries(
        client, f"/api/v1/insights/?{RANGE}", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    body = response.json()
    assert body["as_of"] <= body["generated_at"]
    # 12 before issue 17's second pass: the key itself now comes from the shared cache, and its
    # owner is read fresh (one query), so a key's owner switched off counts at once.
    assert count <= 13, count


def _owner(organizer_client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email="organizer@example.org")
