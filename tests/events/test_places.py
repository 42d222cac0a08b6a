"""Taking places in shifts (events/places.py): the one step a rush queues for (issue 17).

On PostgreSQL it is one statement that locks, counts, inserts and commits; these tests hold its
rules on both databases: all of an RSVP or none of it, guests counted, answers kept, and a
person's own second request refused without moving any counter.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import RSVP, Answer, Question, Shift
from events.places import AlreadyHeld, take_places
from tests.events.helpers import person
from tests.factories.events import make_event


@pytest.fixture
def two_shift_event(events_index):
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    return make_event(
        events_index,
        title="Two shifts",
        max_guests=3,
        shifts=[
            {"start_at": start, "end_at": start + timedelta(hours=2), "capacity": 3},
            {
                "start_at": start + timedelta(hours=2),
                "end_at": start + timedelta(hours=4),
                "capacity": 1,
            },
        ],
    )


def _counts(event):
    return list(Shift.objects.filter(page=event).order_by("pk").values_list("attendee_count"))


def test_each_shift_is_decided_on_its_own_room_with_guests_counted(two_shift_event):
    roomy, small = two_shift_event.shifts.order_by("pk")
    rsvps = services.rsvp_create(
        event=two_shift_event,
        shift_ids=[small.pk, roomy.pk],
        person=person("ana@example.org"),
        source=RSVP.Source.WEB,
        guests=1,
        guest_names="Lee",
    )
    by_shift = {rsvp.shift_id: rsvp for rsvp in rsvps}
    # Two places (Ana and Lee): the 3-place shift takes them, the 1-place shift waitlists.
    assert by_shift[roomy.pk].status == RSVP.Status.REGISTERED
    assert by_shift[small.pk].status == RSVP.Status.WAITLISTED
    assert _counts(two_shift_event) == [(2,), (0,)]
    # The objects handed back agree with the stored rows.
    stored = {row.pk: row for row in RSVP.objects.filter(pk__in=[r.pk for r in rsvps])}
    for rsvp in rsvps:
        assert stored[rsvp.pk].status == rsvp.status
        assert stored[rsvp.pk].guests == 1
        assert stored[rsvp.pk].told_fingerprint == rsvp.told_fingerprint != ""
    assert by_shift[roomy.pk].shift.attendee_count == 2


def test_answers_are_written_with_every_rsvp(two_shift_event):
    question = Question.objects.create(
        page=two_shift_event, sort_order=0, kind=Question.Kind.SHORT_TEXT, text="T-shirt size"
    )
    rsvps = services.rsvp_create(
        event=two_shift_event,
        shift_ids=[shift.pk for shift in two_shift_event.shifts.all()],
        person=person("ana@example.org"),
        source=RSVP.Source.API,
        answers={question.pk: "M <b>"},
    )
    answers = Answer.objects.filter(rsvp__in=rsvps)
    assert sorted(answers.values_list("rsvp_id", flat=True)) == sorted(r.pk for r in rsvps)
    assert set(answers.values_list("question_text", "value")) == {("T-shirt size", "M <b>")}


def test_a_second_request_of_the_same_person_is_refused_and_moves_no_counter(two_shift_event):
    """Two requests of one person at once both pass the check made before the lock; the
    unique constraint on active RSVPs lets one through, and the other's statement (counter
    included) is undone whole."""
    roomy, _small = two_shift_event.shifts.order_by("pk")
    plan = services.rsvp_prepare(
        event=two_shift_event,
        shift_ids=[roomy.pk],
        person=person("ana@example.org"),
        source=RSVP.Source.WEB,
    )
    (first,) = take_places(shifts=plan.shifts, template=plan.template, answers=plan.answers).rsvps
    with pytest.raises(AlreadyHeld) as refused:
        take_places(shifts=plan.shifts, template=plan.template, answers=plan.answers)
    assert [rsvp.pk for rsvp in refused.value.rsvps] == [first.pk]
    assert _counts(two_shift_event)[0] == (1,)
    assert RSVP.objects.filter(shift=roomy).count() == 1


def test_the_service_tells_the_racing_request_it_is_already_signed_up(two_shift_event):
    roomy, _small = two_shift_event.shifts.order_by("pk")
    who = person("ana@example.org")
    plan = services.rsvp_prepare(
        event=two_shift_event, shift_ids=[roomy.pk], person=who, source=RSVP.Source.WEB
    )
    services.rsvp_take(plan)
    with pytest.raises(services.AlreadySignedUp):
        services.rsvp_take(plan)
    assert _counts(two_shift_event)[0] == (1,)


def test_a_refused_rsvp_over_the_api_leaves_no_new_person(client, two_shift_event):
    from django.contrib.auth import get_user_model

    from events.services import api_key_create

    _key, raw = api_key_create(name="CRM")
    roomy, _small = two_shift_event.shifts.order_by("pk")
    response = client.post(
        f"/api/v1/events/{two_shift_event.pk}/attendances",
        data={
            "person": {"given_name": "New", "email_address": "new@example.org"},
            "timeslots": [{"timeslot_id": roomy.pk}],
            "guests": 9,
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 400
    assert "guests" in response.json()["error"]
    assert not get_user_model().objects.filter(email="new@example.org").exists()
    assert _counts(two_shift_event)[0] == (0,)
