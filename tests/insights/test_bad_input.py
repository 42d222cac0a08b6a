"""Bad filters on the lapsing call list and the API: a 400 naming the problem, never a 500."""

import pytest

from tests.insights.test_api import _get, _key

pytestmark = pytest.mark.django_db

BAD_QUERIES = [
    "office=abc",
    "office=1.5",
    "office=-1",
    "office=%C2%B2",  # "²" is a digit to str.isdigit() but not to int()
    "office=99999999999999999999",
    "office=%00",
    "event_type=" + "X" * 2000,
    "date_from=" + "2" * 1000,
    "date_from=2026-02-30",
    "date_to=9999-12-31",
    "date_from=1999-12-31&date_to=2000-01-02",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_lapsing_call_list_refuses_bad_filters_with_a_400(organizer, query):
    response = organizer.get(f"/admin/insights/lapsing.csv?{query}")
    assert response.status_code == 400
    # NUL is refused before any view runs (portal.security.UnstorableInputMiddleware).
    if "%00" not in query:
        assert response.content.decode().startswith("Check the filters:")


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_api_refuses_bad_filters_with_a_400(client, organizer_user, query):
    raw = _key(organizer_user)
    for url in ("/api/v1/insights/", "/api/v1/insights/lapsing"):
        response = _get(client, f"{url}?{query}", raw)
        assert response.status_code == 400, url
        assert response.json()["error"]


def test_api_refuses_malformed_keys_with_a_401(client):
    for header in ("Bearer", "Bearer ", "Basic abc", "Bearer " + "x" * 10_000, "Bearer \x00"):
        response = client.get("/api/v1/insights/lapsing", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == 'Bearer realm="insights"'
