"""Milestones come from verified check-ins and referrals, once each, with a badge and an email."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.template.loader import render_to_string

from events.models import RSVP
from portal.newsletters.milestones import milestones_award
from portal.newsletters.models import Milestone
from portal.newsletters.selectors import badges_for
from tests.factories.events import event_index, make_event
from tests.factories.newsletters import subscriber

pytestmark = pytest.mark.django_db


def _attend(person, event, attendance="ATTENDED"):
    return RSVP.objects.create(
        shift=event.shifts.first(),
        person=person,
        status="REGISTERED",
        attendance=attendance,
        source="desk",
    )


def _kinds(user) -> set[str]:
    return set(Milestone.objects.filter(user=user).values_list("kind", flat=True))


def test_first_shift_five_shifts_and_ten_hours_are_recognised_once(home_page, run_on_commit):
    index = event_index(home_page)
    volunteer = subscriber()
    for days_ago in range(2, 7):  # five past three-hour shifts: 15 hours
        _attend(volunteer.user, make_event(index, starts_in=timedelta(days=-days_ago)))
    upcoming = make_event(index, starts_in=timedelta(days=2))
    _attend(volunteer.user, upcoming, attendance="")  # not yet: does not count

    created = run_on_commit(milestones_award)

    assert {m.kind for m in created} == {"first_shift", "shifts_5", "hours_10"}
    assert len(mail.outbox) == 3
    assert all(message.to == [volunteer.user.email] for message in mail.outbox)

    # The nightly job runs again: nothing new, nobody emailed twice.
    assert run_on_commit(milestones_award) == []
    assert len(mail.outbox) == 3


def test_no_shows_earn_nothing(home_page, run_on_commit):
    volunteer = subscriber()
    _attend(
        volunteer.user, make_event(event_index(home_page), starts_in=timedelta(days=-3)), "NO_SHOW"
    )
    assert run_on_commit(milestones_award) == []


def test_a_recruit_who_showed_up_earns_the_recruiter_a_badge(home_page, run_on_commit):
    recruiter = subscriber()
    recruit = subscriber(referred_by=recruiter)
    never_came = subscriber(referred_by=subscriber())
    index = event_index(home_page)
    _attend(recruit.user, make_event(index, starts_in=timedelta(days=-2)))
    _attend(never_came.user, make_event(index, starts_in=timedelta(days=4)), attendance="")

    run_on_commit(milestones_award)

    assert "first_recruit" in _kinds(recruiter.user)
    assert _kinds(recruit.user) == {"first_shift"}
    assert Milestone.objects.filter(kind="first_recruit").count() == 1


def test_the_database_keeps_each_milestone_once(home_page):
    volunteer = subscriber()
    Milestone.objects.create(user=volunteer.user, kind="first_shift")
    with pytest.raises(IntegrityError):
        Milestone.objects.create(user=volunteer.user, kind="first_shift")


def test_badges_for_the_dashboard(home_page, rf):
    from django.contrib.auth.models import AnonymousUser

    volunteer = subscriber()
    Milestone.objects.create(user=volunteer.user, kind="first_shift")
    badges = badges_for(volunteer.user)
    assert [badge.label for badge in badges] == ["First shift"]
    html = render_to_string("portal/newsletters/includes/badges.html", {"badges": badges})
    assert "First shift" in html and "<ul" in html
    assert badges_for(AnonymousUser()) == []
