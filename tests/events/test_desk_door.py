"""The door desk (issue 15): intern scope on every action, walk-ins that reveal nothing, taps
applied once, QR tokens and typed codes, the venue poster's self check-in, and query counts."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from events import services
from events.desk import services as desk_services
from events.models import RSVP, DeskTap, DeskWalkIn, ShiftReport
from events.tokens import (
    checkin_code,
    poster_token,
    read_checkin_code,
    rsvp_checkin_token,
    walk_in_token,
)
from tests.events.helpers import all_at_once, person, rsvp
from tests.factories.events import make_event

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def desk_event(events_index, intern):
    event = make_event(events_index, title="Assigned canvass", starts_in=timedelta(hours=1))
    event.interns.add(intern)
    event.save()
    rsvp(event, person("ana@example.org", "Ana", "Pérez"))
    return event


@pytest.fixture
def other_event(events_index):
    event = make_event(events_index, title="Other team canvass", starts_in=timedelta(hours=1))
    rsvp(event, person("zed@example.org", "Zed", "Other"))
    return event


def base(event):
    return f"/admin/checkin/{event.pk}/"


def test_every_desk_action_refuses_an_event_not_assigned_to_the_intern(
    client, intern, desk_event, other_event
):
    client.force_login(intern)
    zed = RSVP.objects.get(person__email="zed@example.org")
    shift = other_event.shifts.get()
    other = base(other_event)
    walk_in = {
        f"walkin-{shift.pk}-first_name": "Walt",
        f"walkin-{shift.pk}-email": "walt@example.org",
    }
    report = {f"report-{shift.pk}-{name}": "5" for name in ("doors_knocked", "calls_made")}
    attempts = {
        "list": client.get(other),
        "search": client.get(other, {"q": "zed"}),
        "check in": client.post(f"{other}rsvp/{zed.pk}/", {"action": "checkin"}, **JSON),
        "undo": client.post(f"{other}rsvp/{zed.pk}/", {"action": "undo"}, **JSON),
        "no-show": client.post(f"{other}rsvp/{zed.pk}/", {"action": "no_show"}, **JSON),
        "walk-in": client.post(f"{other}shift/{shift.pk}/walk-in/", walk_in),
        "report": client.post(f"{other}shift/{shift.pk}/report/", report),
        "CSV export": client.get(f"{other}export.csv"),
        "QR scan": client.post(
            f"{other}shift/{shift.pk}/scan/", {"code": checkin_code(rsvp_id=zed.pk)}, **JSON
        ),
        "poster": client.get(f"{other}shift/{shift.pk}/poster.png"),
        # The assigned event's URLs with the other event's records: not found.
        "check in through own event": client.post(
            f"{base(desk_event)}rsvp/{zed.pk}/", {"action": "checkin"}, **JSON
        ),
        "scan through own event": client.post(
            f"{base(desk_event)}shift/{shift.pk}/scan/", {"code": checkin_code(rsvp_id=zed.pk)}
        ),
        "poster through own event": client.get(f"{base(desk_event)}shift/{shift.pk}/poster.png"),
        "other shift on own desk": client.get(base(desk_event), {"shift": shift.pk}),
    }
    for action, response in attempts.items():
        assert response.status_code in (403, 404), action
        assert b"zed@example.org" not in response.content, action
        assert b"Zed" not in response.content, action
    zed.refresh_from_db()
    assert zed.attendance == ""
    assert not DeskWalkIn.objects.exists()
    assert not ShiftReport.objects.exists()
    assert not DeskTap.objects.exists()


def test_the_assigned_desk_answers_every_action(client, intern, desk_event):
    client.force_login(intern)
    ana = RSVP.objects.get(person__email="ana@example.org")
    shift = desk_event.shifts.get()
    page = client.get(base(desk_event))
    assert page.status_code == 200
    assert "Ana Pérez" in page.content.decode()
    assert client.get(f"{base(desk_event)}shift/{shift.pk}/poster.png")["Content-Type"] == (
        "image/png"
    )
    answer = client.post(f"{base(desk_event)}rsvp/{ana.pk}/", {"action": "checkin"}, **JSON)
    assert answer.json()["attendance"] == "ATTENDED"
    answer = client.post(f"{base(desk_event)}rsvp/{ana.pk}/", {"action": "undo"}, **JSON)
    assert answer.json()["attendance"] == ""
    ana.refresh_from_db()
    assert (ana.attendance, ana.checked_in_at) == ("", None)


def test_walk_in_with_a_known_email_reveals_nothing_of_the_account(
    client, intern, desk_event, django_capture_on_commit_callbacks, mailoutbox
):
    owner = person("demo.volunteer08@example.org", "Valentina", "Peña")
    rsvps_before = RSVP.objects.filter(person=owner).count()
    shift = desk_event.shifts.get()
    client.force_login(intern)

    def add(email, first_name):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                f"{base(desk_event)}shift/{shift.pk}/walk-in/",
                {f"walkin-{shift.pk}-first_name": first_name, f"walkin-{shift.pk}-email": email},
                follow=True,
            )

    known = add("Demo.Volunteer08@example.org", "Zed").content.decode()
    unknown = add("nobody-yet@example.org", "Yan").content.decode()
    for html in (known, unknown):
        assert "Valentina" not in html and "Peña" not in html
    assert "Zed is added and checked in." in known
    assert "Yan is added and checked in." in unknown
    owner.refresh_from_db()
    assert (owner.first_name, owner.last_name) == ("Valentina", "Peña")
    assert RSVP.objects.filter(person=owner).count() == rsvps_before
    export = client.get(f"{base(desk_event)}export.csv").content.decode()
    assert "Valentina" not in export and "Zed" in export
    # Each address gets the same confirmation email, with the name the desk typed.
    assert sorted(message.to[0] for message in mailoutbox) == [
        "Demo.Volunteer08@example.org",
        "nobody-yet@example.org",
    ]
    link = re.search(r"/walk-in/[^/\s\"]+/", mailoutbox[0].body).group(0)
    assert "Hi Zed" in mailoutbox[0].body
    # The owner confirms: the attendance reaches their account, their name is untouched, and
    # the desk still shows only what it typed.
    client.logout()
    client.post(link)
    attended = RSVP.objects.get(person=owner, shift=shift)
    assert (attended.status, attended.attendance) == (RSVP.Status.WALK_IN, "ATTENDED")
    owner.refresh_from_db()
    assert owner.first_name == "Valentina"
    client.force_login(intern)
    html = client.get(base(desk_event)).content.decode()
    assert "Valentina" not in html and "Zed" in html
    assert "Valentina" not in client.get(f"{base(desk_event)}export.csv").content.decode()


def test_walk_in_added_twice_is_one_walk_in(intern, desk_event):
    shift = desk_event.shifts.get()
    for email in ("same@example.org", "SAME@example.org"):
        desk_services.walk_in_add(shift=shift, email=email, first_name="Sam", by=intern)
    assert DeskWalkIn.objects.filter(shift=shift).count() == 1


def test_a_tap_sent_again_is_not_applied_twice(intern, desk_event):
    ana = RSVP.objects.get(person__email="ana@example.org")
    desk_services.desk_tap(rsvp=ana, action="checkin", by=intern, key="tap-1")
    desk_services.desk_tap(rsvp=ana, action="undo", by=intern, key="tap-2")
    # The phone's queue sends the first tap again after reconnecting: the undo stands.
    desk_services.desk_tap(rsvp=ana, action="checkin", by=intern, key="tap-1")
    ana.refresh_from_db()
    assert ana.attendance == ""
    assert ModelLogEntry.objects.filter(action=services.CHECKIN).count() == 1


def test_double_tap_gives_one_attendance_and_one_log_entry(client, intern, desk_event):
    client.force_login(intern)
    ana = RSVP.objects.get(person__email="ana@example.org")
    for key in ("a", "b", "b"):
        client.post(f"{base(desk_event)}rsvp/{ana.pk}/", {"action": "checkin", "key": key}, **JSON)
    ana.refresh_from_db()
    assert ana.attendance == "ATTENDED"
    assert RSVP.objects.filter(shift=ana.shift, person=ana.person).count() == 1
    assert ModelLogEntry.objects.filter(action=services.CHECKIN).count() == 1


def test_codes_are_unique_and_read_back_forgivingly():
    codes = {checkin_code(rsvp_id=n) for n in range(1, 5001)}
    assert len(codes) == 5000
    code = checkin_code(rsvp_id=4242)
    assert len(code) == 6
    assert read_checkin_code(f" {code[:3].lower()}-{code[3:]} ") == 4242
    assert read_checkin_code("ABC") is None


def test_scan_checks_in_by_token_and_by_code_for_this_shift_only(
    client, intern, desk_event, events_index
):
    client.force_login(intern)
    shift = desk_event.shifts.get()
    ana = RSVP.objects.get(person__email="ana@example.org")
    scan = f"{base(desk_event)}shift/{shift.pk}/scan/"
    token = rsvp_checkin_token(rsvp_id=ana.pk, shift_id=shift.pk)
    assert client.post(scan, {"code": token}, **JSON).json()["attendance"] == "ATTENDED"
    client.post(f"{base(desk_event)}rsvp/{ana.pk}/", {"action": "undo"}, **JSON)
    answer = client.post(scan, {"code": checkin_code(rsvp_id=ana.pk).lower()}, **JSON)
    assert answer.json()["rsvp"] == ana.pk
    # A token made for another shift, and a code of someone in another event, are refused.
    forged_shift = rsvp_checkin_token(rsvp_id=ana.pk, shift_id=shift.pk + 1000)
    assert client.post(scan, {"code": forged_shift}, **JSON).status_code == 400
    stranger = make_event(events_index, title="Elsewhere")
    (theirs,) = rsvp(stranger, person("far@example.org", "Far", "Away"))
    answer = client.post(scan, {"code": checkin_code(rsvp_id=theirs.pk)}, **JSON)
    assert answer.status_code == 400
    assert "Far" not in answer.content.decode()


def test_poster_link_checks_in_the_rsvp_holder_with_one_tap(client, desk_event):
    shift = desk_event.shifts.get()
    ana = RSVP.objects.get(person__email="ana@example.org")
    url = f"/checkin/{poster_token(shift_id=shift.pk)}/"
    client.force_login(ana.person)
    page = client.get(url).content.decode()
    assert "I&#x27;m here: check me in" in page or "I'm here: check me in" in page
    client.post(url, {"action": "checkin", "key": "k1"})
    client.post(url, {"action": "checkin", "key": "k1"})
    ana.refresh_from_db()
    assert ana.attendance == "ATTENDED"
    assert ModelLogEntry.objects.filter(action=services.CHECKIN).count() == 1


def test_poster_link_offers_the_walk_in_path_to_anyone_else(
    client, desk_event, django_capture_on_commit_callbacks, mailoutbox
):
    shift = desk_event.shifts.get()
    url = f"/checkin/{poster_token(shift_id=shift.pk)}/"
    client.force_login(person("walker@example.org", "Wally", "Walker"))
    page = client.get(url).content.decode()
    assert "Add me as a walk-in" in page and "check me in" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "action": "walk_in",
                "walkin-first_name": "Wally",
                "walkin-email": "walker@example.org",
            },
        )
    assert DeskWalkIn.objects.filter(shift=shift, email="walker@example.org").exists()
    assert mailoutbox[0].to == ["walker@example.org"]


def test_poster_typed_code_checks_in_without_logging_in(client, desk_event):
    shift = desk_event.shifts.get()
    ana = RSVP.objects.get(person__email="ana@example.org")
    client.post(
        f"/checkin/{poster_token(shift_id=shift.pk)}/",
        {"action": "code", "code": checkin_code(rsvp_id=ana.pk)},
    )
    ana.refresh_from_db()
    assert ana.attendance == "ATTENDED"


def test_broken_poster_and_walk_in_links_are_refused(client, db):
    assert client.get("/checkin/not-a-token/").status_code == 400
    assert client.get(f"/walk-in/{walk_in_token(walk_in_id=999999)}/").status_code == 400
    assert client.get("/checkin/qr/not-a-token.png").status_code == 404


def test_rsvp_code_is_shown_on_the_manage_page_me_and_the_confirmation_email(
    client, events_index, django_capture_on_commit_callbacks, mailoutbox
):
    from events.emails import manage_url

    event = make_event(events_index, title="Code canvass")
    vera = person("vera@example.org", "Vera", "Volunteer")
    with django_capture_on_commit_callbacks(execute=True):
        (mine,) = rsvp(event, vera)
    code = checkin_code(rsvp_id=mine.pk)
    assert code in mailoutbox[0].body
    html_part = mailoutbox[0].alternatives[0][0]
    assert "/checkin/qr/" in html_part and code in html_part
    png = re.search(r'src="https?://[^/]+(/checkin/qr/[^"]+)"', html_part).group(1)
    assert client.get(png)["Content-Type"] == "image/png"
    manage = client.get(manage_url(person_id=vera.pk, event_id=event.pk)).content.decode()
    assert code in manage and 'class="qr-code"' in manage
    # /me/ shows it through the events include the dashboard renders.
    request = RequestFactory().get("/me/")
    request.user = vera
    html = Template('{% include "events/includes/my_shifts.html" %}').render(
        Context({"request": request})
    )
    assert code in html and 'class="qr-code"' in html


def test_desk_actions_cost_a_fixed_number_of_queries(client, intern, events_index):
    event = make_event(events_index, title="Big canvass", capacity=None)
    event.interns.add(intern)
    event.save()
    shift = event.shifts.get()
    people = [person(f"p{n}@example.org", f"P{n}", "Crowd") for n in range(60)]
    for who in people:
        rsvp(event, who)
    client.force_login(intern)
    client.get(base(event))  # Warm the caches.
    with CaptureQueriesContext(connection) as page_queries:
        response = client.get(base(event))
    assert response.content.decode().count('value="checkin"') == 60
    assert len(page_queries.captured_queries) <= 25
    target = RSVP.objects.filter(shift=shift).first()
    with CaptureQueriesContext(connection) as tap_queries:
        client.post(f"{base(event)}rsvp/{target.pk}/", {"action": "checkin", "key": "q"}, **JSON)
    assert len(tap_queries.captured_queries) <= 30
    with CaptureQueriesContext(connection) as scan_queries:
        client.post(
            f"{base(event)}shift/{shift.pk}/scan/", {"code": checkin_code(rsvp_id=target.pk)}
        )
    assert len(scan_queries.captured_queries) <= 30


def test_export_lists_walk_ins_as_typed(client, intern, desk_event):
    shift = desk_event.shifts.get()
    desk_services.walk_in_add(shift=shift, email="w@example.org", first_name="Wes", by=intern)
    client.force_login(intern)
    rows = list(
        csv.reader(io.StringIO(client.get(f"{base(desk_event)}export.csv").content.decode()))
    )
    assert {row[1] for row in rows[1:]} == {"Ana", "Wes"}


def test_two_interns_at_once_give_one_attendance(transactional_db):
    """Real threads: two desks (and a double tap on each) checking the same person in."""

    from celery._state import _set_task_join_will_block, task_join_will_block

    from tests.factories.events import standalone_index

    before = task_join_will_block()
    event = make_event(standalone_index(), title="Race canvass")
    (target,) = rsvp(event, person("race@example.org", "Rae", "Race"))
    desks = [person(f"desk{n}@example.org", "Desk", str(n)) for n in range(2)]
    errors = all_at_once(
        [
            lambda desk=desks[n % 2], key=f"key-{n % 4}": desk_services.desk_tap(
                rsvp=target, action="checkin", by=desk, key=key
            )
            for n in range(6)
        ]
    )
    _set_task_join_will_block(before)
    assert not errors, errors
    target.refresh_from_db()
    assert target.attendance == "ATTENDED"
    assert ModelLogEntry.objects.filter(action=services.CHECKIN).count() == 1
    assert DeskTap.objects.count() == 4
