"""The Insights screens: who may see them, the filters, CSV downloads and the home panel."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import RSVP, ShiftReport
from portal.activities import EventType
from recruitment.models import Signup
from tests.factories.events import event_index, make_event
from tests.factories.insights import NOW
from tests.factories.recruitment import VolunteerFactory

pytestmark = pytest.mark.django_db

URL = "/admin/insights/"
RANGE = "date_from=2026-03-02&date_to=2026-03-15"


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_organizer_sees_every_figure(organizer, scenario):
    response = organizer.get(f"{URL}?{RANGE}")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Sign-ups",
        "Funnel",
        "RSVPs and attendance",
        "Shifts that need people",
        "Field totals",
        "Volunteer hours",
        "Newsletter delivery",
        "Diversity of the volunteer team",
        "Lapsing volunteers",
    ):
        assert f">{heading}</h2>" in html, heading
    assert html.count('role="img"') >= 6
    assert "<title id=" in html and "<desc id=" in html
    assert "Showing Mar 2, 2026 to Mar 15, 2026" in html


def test_interns_and_volunteers_get_403_everywhere(client, intern_user, scenario):
    volunteer = VolunteerFactory().user
    for user in (intern_user, volunteer):
        client.force_login(user)
        for url in (
            URL,
            f"{URL}csv/funnel.csv",
            f"{URL}lapsing.csv",
        ):
            response = client.get(url)
            assert response.status_code in (302, 403), (user, url)
            assert response.status_code == 403 or "/login/" in response["Location"]
    client.force_login(intern_user)
    assert client.get(URL).status_code == 403
    home = client.get("/admin/").content.decode()
    assert 'href="/admin/insights/"' not in home and "insights-summary" not in home


def test_menu_item_and_home_panel_for_organizers(organizer, scenario):
    home = organizer.get("/admin/").content.decode()
    assert "/admin/insights/" in home
    assert 'id="insights-summary' in home or "insights-summary" in home


def test_invalid_filters_give_a_clear_400(organizer):
    response = organizer.get(
        f"{URL}?date_from=2026-03-20&date_to=2026-03-01&office=abc&event_type=X"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The end date must be on or after the start date." in html
    assert "Choose one of the offices in the list." in html
    assert "Choose one of the event types in the list." in html
    assert organizer.get(f"{URL}?date_from=yesterday").status_code == 400
    assert organizer.get(f"{URL}?office=99999999999999999999999").status_code == 400
    assert organizer.get(f"{URL}csv/funnel.csv?date_to=1999-01-01").status_code == 400
    assert organizer.get(f"{URL}csv/nope.csv").status_code == 404


def test_filters_default_to_the_last_twelve_weeks(organizer):
    response = organizer.get(URL)
    assert response.status_code == 200
    today = timezone.localdate()
    assert f'value="{today:%Y-%m-%d}"' in response.content.decode()


def test_table_csv_follows_the_filters(organizer, scenario):
    rows = _csv(organizer.get(f"{URL}csv/turnout-types.csv?{RANGE}&event_type=PHONE_BANK"))
    assert rows[0][:3] == ["Event type", "RSVPs", "Attended"]
    assert rows[1:] == [["Phone bank", "2", "2", "0", "0", "100.0", "0"]]
    weekly = _csv(organizer.get(f"{URL}csv/signups-weekly.csv?{RANGE}"))
    assert weekly[1][0] == "2026-03-02" and weekly[1][-1] == "2"


def test_csv_cells_that_look_like_formulas_are_defused(organizer, scenario):
    from portal.insights.csv import safe_cell

    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)" and safe_cell("-2+3") == "'-2+3"
    assert safe_cell(12) == "12" and safe_cell(None) == ""
    scenario.events["E5"].title = "=cmd|' /C calc'!A0"
    scenario.events["E5"].save_revision().publish()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: NOW)
        rows = _csv(organizer.get(f"{URL}csv/shift-fill.csv"))
    assert rows[1][0] == "'=cmd|' /C calc'!A0"


def test_lapsing_call_list_respects_consent(organizer, scenario):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: NOW)
        rows = _csv(organizer.get(f"{URL}lapsing.csv"))
    assert rows[0] == [
        "Given name",
        "Family name",
        "Email (if they agreed to email)",
        "Mobile phone (if they agreed to texts)",
        "ZIP code",
    ]
    # K lapsed too, but agreed to neither email nor texts: not on the list.
    assert rows[1:] == [["H", "Tester", "h@example.org", "'+13135550123", "48207"]]


def _more_history(home_page, count: int):
    """More of everything the dashboard counts, to show the query count does not grow."""
    index = event_index(home_page)
    now = timezone.now()
    for number in range(count):
        event = make_event(
            index,
            title=f"Extra {number}",
            event_type=EventType.PHONE_BANK if number % 2 else EventType.CANVASS,
            starts_in=-timedelta(days=3 + number),
        )
        shift = event.shifts.get()
        ShiftReport.objects.create(shift=shift, doors_knocked=10)
        for person in range(3):
            volunteer = VolunteerFactory()
            Signup.objects.create(volunteer=volunteer, utm_source=f"source{person}")
            RSVP.objects.create(
                shift=shift,
                person=volunteer.user,
                status=RSVP.Status.REGISTERED,
                attendance=RSVP.Attendance.ATTENDED if person else RSVP.Attendance.NO_SHOW,
                source=RSVP.Source.WEB,
                created_at=now - timedelta(days=40),
            )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_dashboard_runs_a_fixed_number_of_queries(
    organizer, scenario, home_page, django_assert_max_num_queries
):
    url = f"{URL}?date_from=2026-01-01&date_to={timezone.localdate():%Y-%m-%d}"
    detroit = f"{url}&office={scenario.offices['detroit'].pk}&event_type=CANVASS"
    organizer.get(detroit)  # warm the office-area ZIP lists and the site lookup
    small, small_filtered = _queries(organizer, url), _queries(organizer, detroit)
    _more_history(home_page, 6)
    with django_assert_max_num_queries(small):
        assert organizer.get(url).status_code == 200
    with django_assert_max_num_queries(small_filtered):
        assert organizer.get(detroit).status_code == 200
    # One more query for the chosen office; the rest is the same fixed set (48, and two for the
    # shift ratings figure: per event type and per event).
    assert small_filtered <= small + 1 and small <= 50
