import csv
import io

import pytest

from events import selectors
from events.models import RSVP, DeskWalkIn, ShiftReport
from events.tokens import walk_in_token
from tests.events.helpers import person, rsvp
from tests.factories.events import make_event


@pytest.fixture
def desk_event(events_index, intern):
    event = make_event(events_index, title="Assigned canvass")
    event.interns.add(intern)
    event.save()
    rsvp(event, person("ana@example.org", "Ana", "Pérez"))
    return event


@pytest.fixture
def other_event(events_index):
    event = make_event(events_index, title="Other team canvass")
    rsvp(event, person("zed@example.org", "Zed", "Other"))
    return event


def desk_url(event):
    return f"/admin/checkin/{event.pk}/"


def test_permission_matrix(client, desk_event, other_event, intern, organizer):
    volunteer = person("vol@example.org")
    cases = [
        (None, desk_event, False),
        (volunteer, desk_event, False),
        (intern, desk_event, True),
        (intern, other_event, False),
        (organizer, desk_event, True),
        (organizer, other_event, True),
    ]
    for user, event, allowed in cases:
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(desk_url(event))
        label = f"{user} on {event.title}"
        if allowed:
            assert response.status_code == 200, label
            assert event.title.encode() in response.content
        else:
            assert response.status_code in (302, 403, 404), label
            assert b"@example.org" not in response.content, label


def test_intern_sees_only_assigned_events_in_the_desk_index(
    client, intern, desk_event, other_event
):
    client.force_login(intern)
    content = client.get("/admin/checkin/").content.decode()
    assert "Assigned canvass" in content
    assert "Other team" not in content


def test_intern_cannot_publish_or_browse_volunteers(client, intern, desk_event):
    client.force_login(intern)
    assert client.get(f"/admin/pages/{desk_event.pk}/edit/").status_code in (302, 403)
    assert client.get("/admin/users/").status_code in (302, 403)


def test_intern_checks_in_marks_no_show_and_searches(client, intern, desk_event):
    client.force_login(intern)
    ana = RSVP.objects.get(person__email="ana@example.org")
    response = client.get(desk_url(desk_event), {"q": "pérez"})
    assert b"ana@example.org" in response.content
    assert b"ana@example.org" not in client.get(desk_url(desk_event), {"q": "nobody"}).content
    client.post(f"{desk_url(desk_event)}rsvp/{ana.pk}/", {"action": "checkin"})
    ana.refresh_from_db()
    assert ana.attendance == RSVP.Attendance.ATTENDED and ana.checked_in_at
    client.post(f"{desk_url(desk_event)}rsvp/{ana.pk}/", {"action": "no_show"})
    ana.refresh_from_db()
    assert ana.attendance == RSVP.Attendance.NO_SHOW


def test_intern_cannot_touch_rsvps_of_other_events(client, intern, desk_event, other_event):
    client.force_login(intern)
    zed = RSVP.objects.get(person__email="zed@example.org")
    response = client.post(f"{desk_url(desk_event)}rsvp/{zed.pk}/", {"action": "checkin"})
    assert response.status_code == 404
    response = client.post(f"{desk_url(other_event)}rsvp/{zed.pk}/", {"action": "checkin"})
    assert response.status_code in (403, 404)
    zed.refresh_from_db()
    assert zed.attendance == ""


def test_walk_in_report_export_and_hours(client, intern, desk_event):
    client.force_login(intern)
    shift = desk_event.shifts.first()
    client.post(
        f"{desk_url(desk_event)}shift/{shift.pk}/walk-in/",
        {
            f"walkin-{shift.pk}-first_name": "Walt",
            f"walkin-{shift.pk}-last_name": "Kin",
            f"walkin-{shift.pk}-email": "walt@example.org",
            f"walkin-{shift.pk}-phone": "",
        },
    )
    # The attendance reaches an account once the address's owner confirms by the emailed link.
    assert not RSVP.objects.filter(person__email="walt@example.org").exists()
    typed = DeskWalkIn.objects.get(email="walt@example.org")
    client.post(f"/walk-in/{walk_in_token(walk_in_id=typed.pk)}/")
    walk_in = RSVP.objects.get(person__email="walt@example.org")
    assert walk_in.status == RSVP.Status.WALK_IN
    assert walk_in.attendance == RSVP.Attendance.ATTENDED
    client.post(
        f"{desk_url(desk_event)}shift/{shift.pk}/report/",
        {
            f"report-{shift.pk}-doors_knocked": "120",
            f"report-{shift.pk}-calls_made": "0",
            f"report-{shift.pk}-conversations": "35",
            f"report-{shift.pk}-voter_registrations": "4",
            f"report-{shift.pk}-notes": "Rain in the afternoon.",
        },
    )
    report = ShiftReport.objects.get(shift=shift)
    assert (report.doors_knocked, report.conversations, report.voter_registrations) == (120, 35, 4)
    response = client.get(f"{desk_url(desk_event)}export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][1] == "Given name"
    assert {row[3] for row in rows[1:]} == {"ana@example.org", "walt@example.org"}
    assert selectors.volunteer_hours_for(walk_in.person) == 3.0
    assert selectors.past_attendance_for(walk_in.person) == [walk_in]


def test_bad_report_numbers_change_nothing(client, intern, desk_event):
    client.force_login(intern)
    shift = desk_event.shifts.first()
    client.post(
        f"{desk_url(desk_event)}shift/{shift.pk}/report/",
        {f"report-{shift.pk}-doors_knocked": "-5", f"report-{shift.pk}-calls_made": "x"},
    )
    assert not ShiftReport.objects.exists()


def test_desk_is_accessible_from_the_admin_menu_for_interns_only(client, intern):
    client.force_login(intern)
    assert b"/admin/checkin/" in client.get("/admin/").content


def test_organizers_read_all_rsvps_in_the_admin_but_interns_cannot(
    client, organizer, intern, desk_event, other_event
):
    client.force_login(organizer)
    listing = client.get("/admin/event_rsvps/")
    assert listing.status_code == 200
    assert b"ana@example.org" in listing.content or b"Ana" in listing.content
    assert client.get("/admin/event_rsvps/new/").status_code in (302, 403)
    rsvp_id = RSVP.objects.get(person__email="zed@example.org").pk
    assert client.get(f"/admin/event_rsvps/edit/{rsvp_id}/").status_code in (302, 403)
    client.force_login(intern)
    response = client.get("/admin/event_rsvps/")
    assert response.status_code in (302, 403)
    assert b"zed@example.org" not in response.content
