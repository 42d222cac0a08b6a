"""Recurring series: one rule makes a run of shifts; standing sign-ups take places as they open."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import series as series_services
from events import services
from events.models import RSVP, Series, Shift, StandingRsvp
from events.series import SeriesError, SeriesRule
from tests.events.helpers import person
from tests.factories.events import make_event


@pytest.fixture
def organizer(django_user_model):
    return django_user_model.objects.create_superuser(email="org@example.org", password="x")


@pytest.fixture
def weekly_event(events_index):
    return make_event(events_index, title="Phone bank", max_guests=2)


def _next(weekday: int) -> date:
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def _rule(**overrides) -> SeriesRule:
    values = {
        "frequency": Series.Frequency.WEEKLY,
        "starts_on": _next(1),
        "start_time": time(18, 0),
        "end_time": time(20, 0),
        "weekdays": [1],
        "count": 6,
        "capacity": 3,
    }
    values.update(overrides)
    return SeriesRule(**values)


def test_weekly_series_adds_one_shift_per_occurrence(weekly_event, organizer):
    made = series_services.series_create(event=weekly_event, rule=_rule(), by=organizer)
    shifts = list(Shift.objects.filter(series=made).order_by("start_at"))
    assert len(shifts) == 6
    assert all(shift.capacity == 3 for shift in shifts)
    local = [timezone.localtime(shift.start_at, weekly_event.zone) for shift in shifts]
    assert {start.weekday() for start in local} == {1}
    assert {start.hour for start in local} == {18}
    assert (local[1].date() - local[0].date()).days == 7
    # The original shift is still there, and the page's latest revision knows the new ones.
    assert Shift.objects.filter(page=weekly_event).count() == 7
    weekly_event.refresh_from_db()
    assert not weekly_event.has_unpublished_changes
    assert weekly_event.get_latest_revision_as_object().shifts.count() == 7


def test_every_other_week_with_exceptions_and_until(weekly_event, organizer):
    first = _next(3)
    rule = _rule(
        frequency=Series.Frequency.BIWEEKLY,
        starts_on=first,
        weekdays=[3],
        count=None,
        until=first + timedelta(weeks=8),
        exceptions=[first + timedelta(weeks=2)],
    )
    occurrences = series_services.series_occurrences(rule=rule, zone=weekly_event.zone)
    dates = [start.date() for start, _end in occurrences]
    assert dates == [
        first,
        first + timedelta(weeks=4),
        first + timedelta(weeks=6),
        first + timedelta(weeks=8),
    ]


def test_monthly_series_keeps_the_nth_weekday(weekly_event):
    first = _next(1)
    rule = _rule(frequency=Series.Frequency.MONTHLY, starts_on=first, count=3)
    starts = [s for s, _e in series_services.series_occurrences(rule=rule, zone=weekly_event.zone)]
    nth = (first.day - 1) // 7
    assert all(start.weekday() == 1 for start in starts)
    if nth < 4:
        assert all((start.day - 1) // 7 == nth for start in starts)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_time": time(17, 0)}, "end_time"),
        ({"count": None, "until": None}, "until"),
        ({"count": None, "until": date(2000, 1, 1)}, "until"),
        ({"count": 500}, "count"),
        ({"count": None, "until": date.today() + timedelta(days=3650)}, "__all__"),
        ({"count": 1, "exceptions": [_next(1)]}, "__all__"),
    ],
    ids=["ends-before-start", "no-end", "until-before-start", "500", "ten-years", "none-left"],
)
def test_bad_series_is_refused_with_a_message_and_adds_nothing(
    weekly_event, organizer, overrides, field
):
    with pytest.raises(SeriesError) as refused:
        series_services.series_create(event=weekly_event, rule=_rule(**overrides), by=organizer)
    assert refused.value.errors[field]
    assert not Series.objects.exists()
    assert Shift.objects.filter(page=weekly_event).count() == 1


def test_a_page_with_a_draft_is_refused(weekly_event, organizer):
    weekly_event.title = "Draft title"
    weekly_event.save_revision(user=organizer)
    with pytest.raises(SeriesError):
        series_services.series_create(event=weekly_event, rule=_rule(), by=organizer)
    assert Shift.objects.filter(page=weekly_event).count() == 1


def test_standing_rsvp_takes_places_within_the_horizon_then_as_they_open(weekly_event, organizer):
    made = series_services.series_create(event=weekly_event, rule=_rule(count=8), by=organizer)
    who = person("every@example.org")
    standing = series_services.standing_rsvp_create(
        series=made, person=who, source=RSVP.Source.WEB, guests=1
    )
    held = RSVP.objects.filter(standing=standing)
    horizon = timezone.now() + series_services.STANDING_HORIZON
    within = Shift.objects.filter(series=made, start_at__lte=horizon).count()
    assert held.count() == within < 8
    assert all(rsvp.guests == 1 for rsvp in held)
    # When the last held occurrence starts, the beat task takes those now within reach (how
    # many depends on the weekday the test runs: on the series' own weekday the first is a
    # week away), and so on until every occurrence is held.
    later = max(rsvp.shift.start_at for rsvp in held)
    reach = Shift.objects.filter(
        series=made, start_at__gt=later, start_at__lte=later + series_services.STANDING_HORIZON
    ).count()
    assert series_services.standing_rsvps_fill_due(now=later) == reach > 0
    last = max(rsvp.shift.start_at for rsvp in RSVP.objects.filter(standing=standing))
    assert series_services.standing_rsvps_fill_due(now=last) == 8 - within - reach
    assert RSVP.objects.filter(standing=standing).count() == 8
    # Running the task again takes nothing twice.
    assert series_services.standing_rsvps_fill_due(now=last) == 0
    for shift in Shift.objects.filter(series=made):
        assert shift.attendee_count == 2


def test_cancelling_one_occurrence_sticks_and_whole_cancel_frees_the_rest(weekly_event, organizer):
    made = series_services.series_create(event=weekly_event, rule=_rule(count=3), by=organizer)
    who = person("every@example.org")
    standing = series_services.standing_rsvp_create(series=made, person=who, source="web")
    first = RSVP.objects.filter(standing=standing).order_by("shift__start_at").first()
    services.rsvp_cancel(rsvp=first)
    series_services.standing_rsvps_fill_due(now=timezone.now() + timedelta(days=1))
    assert RSVP.objects.filter(shift=first.shift, person=who).count() == 1
    assert series_services.standing_rsvp_cancel(standing=standing) == 2
    assert not RSVP.objects.filter(person=who, status__in=RSVP.ACTIVE).exists()
    assert StandingRsvp.objects.get(pk=standing.pk).cancelled_at is not None
    assert set(Shift.objects.filter(series=made).values_list("attendee_count", flat=True)) == {0}


def test_standing_rsvp_waits_in_line_when_an_occurrence_is_full(weekly_event, organizer):
    made = series_services.series_create(
        event=weekly_event, rule=_rule(count=2, capacity=1), by=organizer
    )
    first_shift = Shift.objects.filter(series=made).order_by("start_at").first()
    services.rsvp_create(
        event=weekly_event,
        shift_ids=[first_shift.pk],
        person=person("a@example.org"),
        source="web",
    )
    standing = series_services.standing_rsvp_create(
        series=made, person=person("b@example.org"), source="web"
    )
    statuses = dict(RSVP.objects.filter(standing=standing).values_list("shift_id", "status"))
    assert statuses[first_shift.pk] == RSVP.Status.WAITLISTED
    assert Shift.objects.get(pk=first_shift.pk).attendee_count == 1


def test_standing_rsvp_refuses_too_many_guests(weekly_event, organizer):
    made = series_services.series_create(event=weekly_event, rule=_rule(count=2), by=organizer)
    with pytest.raises(services.RsvpError):
        series_services.standing_rsvp_create(
            series=made, person=person("b@example.org"), source="web", guests=3
        )
    assert not StandingRsvp.objects.exists()


def test_the_admin_form_adds_a_series_and_refuses_bad_input_with_400(
    client, weekly_event, organizer
):
    client.force_login(organizer)
    url = f"/admin/events-series/{weekly_event.pk}/"
    # The event's edit screen links here.
    assert url in client.get(f"/admin/pages/{weekly_event.pk}/edit/").content.decode()
    assert client.get(url).status_code == 200
    data = {
        "frequency": "WEEKLY",
        "weekdays": ["1", "3"],
        "starts_on": _next(1).isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "count": "4",
        "exceptions": "",
        "capacity": "6",
    }
    refused = client.post(url, {**data, "count": "500"})
    assert refused.status_code == 400
    assert "at most 200" in refused.content.decode() or "between 1 and 200" in (
        refused.content.decode()
    )
    assert client.post(url, {**data, "exceptions": "next tuesday"}).status_code == 400
    assert client.post(url, {**data, "end_time": "17:00"}).status_code == 400
    assert not Series.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302
    assert Shift.objects.filter(series__page=weekly_event).count() == 4


def test_the_admin_form_is_for_those_who_may_publish(client, weekly_event):
    from django.contrib.auth.models import Group

    intern = person("intern@example.org")
    intern.is_staff = True
    intern.save()
    intern.groups.add(Group.objects.get(name="Interns"))
    client.force_login(intern)
    response = client.get(f"/admin/events-series/{weekly_event.pk}/")
    assert response.status_code in (302, 403)
    assert not Series.objects.exists()


def test_the_manage_link_stops_every_time_and_keeps_other_sign_ups(client, weekly_event, organizer):
    from events.tokens import manage_token

    made = series_services.series_create(event=weekly_event, rule=_rule(count=3), by=organizer)
    who = person("every@example.org")
    one_off = services.rsvp_create(
        event=weekly_event,
        shift_ids=[weekly_event.shifts.order_by("pk").first().pk],
        person=who,
        source="web",
    )[0]
    standing = series_services.standing_rsvp_create(series=made, person=who, source="web")
    url = reverse("events:manage", args=[manage_token(person_id=who.pk, event_id=weekly_event.pk)])
    page = client.get(url)
    assert "Stop signing me up every time" in page.content.decode()
    response = client.post(url, {"action": "stop_standing", "standing": standing.pk})
    assert response.status_code == 302
    assert "done=stop_standing" in response["Location"]
    assert not RSVP.objects.filter(standing=standing, status__in=RSVP.ACTIVE).exists()
    one_off.refresh_from_db()
    assert one_off.status == RSVP.Status.REGISTERED


def test_the_event_page_offers_every_time_without_single_shifts(client, weekly_event, organizer):
    made = series_services.series_create(event=weekly_event, rule=_rule(count=3), by=organizer)
    page = client.get(weekly_event.url).content.decode()
    assert 'name="standing_series"' in page
    response = client.post(
        weekly_event.url,
        {
            "standing_series": [made.pk],
            "first_name": "Ana",
            "email": "ana@example.org",
            "postal_code": "48201",
            "guests": "1",
        },
    )
    assert response.status_code == 302
    standing = StandingRsvp.objects.get(series=made)
    assert standing.guests == 1
    assert RSVP.objects.filter(standing=standing).count() == 3
    # Neither a shift nor "every time": the form asks for a shift.
    assert (
        client.post(
            weekly_event.url,
            {"first_name": "Bo", "email": "bo@example.org", "postal_code": "48201"},
        ).status_code
        == 400
    )


def test_the_event_calendar_carries_the_series_rrule_and_each_occurrence(
    client, weekly_event, organizer
):
    from icalendar import Calendar

    first = _next(1)
    made = series_services.series_create(
        event=weekly_event,
        rule=_rule(starts_on=first, count=4, exceptions=[first + timedelta(weeks=1)]),
        by=organizer,
    )
    body = client.get(reverse("events:event_calendar", args=[weekly_event.slug])).content
    events = [c for c in Calendar.from_ical(body).walk("VEVENT")]
    series_uid = f"series-{made.pk}@"
    (master,) = [e for e in events if str(e["uid"]).startswith(series_uid) and "rrule" in e]
    rule = master["rrule"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["TU"] and rule["COUNT"] == [4]
    excluded = {d.dt.date() for d in master["exdate"].dts}
    assert excluded == {first + timedelta(weeks=1)}
    overrides = [e for e in events if "recurrence-id" in e]
    assert len(overrides) == 3
    assert all(str(e["uid"]) == str(master["uid"]) for e in overrides)
    # The one-off shift keeps its own event.
    assert len([e for e in events if str(e["uid"]).startswith("shift-")]) == 1


def test_the_api_lists_occurrences_as_timeslots(client, weekly_event, organizer):
    made = series_services.series_create(event=weekly_event, rule=_rule(count=3), by=organizer)
    response = client.get(f"/api/v1/events/{weekly_event.pk}")
    assert response.status_code == 200
    listed = {slot["id"] for slot in response.json()["data"]["timeslots"]}
    assert set(Shift.objects.filter(series=made).values_list("pk", flat=True)) <= listed
    assert len(listed) == 4
