import pytest

from tests.factories.events import make_event

# Full-width digits, stray characters, huge and numeric-looking values.
ODD = ["４８２０１", "48201-", "99999", "%00", "a" * 5000, "-1", "1e9", "0x10", " ", "48201\n"]


@pytest.mark.parametrize("value", ODD)
def test_odd_filter_values_never_cause_a_server_error(client, events_index, value):
    make_event(events_index)
    for url, params in [
        (
            "/events/",
            {
                "zip": value,
                "radius": value,
                "type": value,
                "virtual": value,
                "date_from": value,
                "page": value,
            },
        ),
        ("/api/v1/events", {"zipcode": value}),
        ("/api/v1/events", {"zipcode": "48201", "max_dist": value}),
        ("/api/v1/events", {"per_page": value, "page": value, "updated_since": value}),
        ("/api/v1/events", {"timeslot_start": value, "is_virtual": value}),
    ]:
        response = client.get(url, params)
        assert response.status_code < 500, (url, params, response.status_code)
