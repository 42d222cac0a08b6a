"""The event page's form posts to its own target, events:sign_up (issue 17).

Posting to the page made Wagtail find it segment by segment and wrote a session row for the
"you are signed up" notice: about a dozen queries per sign-up that a rush repeats hundreds of
times. The form's target finds the page by id, keeps private pages private, and hands the notice
to the next page in a signed cookie instead of the session.
"""

import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from wagtail.models import PageViewRestriction

from events.models import RSVP
from events.views import JUST_SIGNED_UP_COOKIE
from tests.factories.events import make_event


def _data(shift, email="ana@example.org", **extra):
    return {
        "shifts": [shift.pk],
        "first_name": "Ana",
        "last_name": "Pérez",
        "email": email,
        "postal_code": "48201",
        **extra,
    }


def _target(event):
    return reverse("events:sign_up", args=[event.pk])


def test_the_page_form_posts_to_the_sign_up_target(client, event):
    page = client.get(event.url).content.decode()
    form = re.search(r'<form method="post"[^>]* action="([^"]+)"[^>]*>\s*<input[^>]*csrf', page)
    assert form is not None
    assert form.group(1) == _target(event)


def test_signing_up_writes_no_session_and_the_page_says_it_once(client, event):
    shift = event.shifts.get()
    response = client.post(_target(event), _data(shift))
    assert response.status_code == 302
    assert response["Location"] == event.url + "#signed-up"
    assert RSVP.objects.get(person__email="ana@example.org").shift == shift
    # Before: the notice went into a new session row for every anonymous sign-up.
    assert Session.objects.count() == 0
    cookie = response.cookies[JUST_SIGNED_UP_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"

    shown = client.get(response["Location"])
    assert 'id="signed-up"' in shown.content.decode()
    assert "Cookie" in shown["Vary"]
    # Said once: the page deletes the cookie, and a reload is the plain page.
    assert shown.cookies[JUST_SIGNED_UP_COOKIE].value == ""
    assert 'id="signed-up"' not in client.get(event.url).content.decode()


def test_a_forged_notice_cookie_is_ignored(client, event):
    client.cookies[JUST_SIGNED_UP_COOKIE] = '[{"shift": 1, "waitlisted": false}]'
    page = client.get(event.url)
    assert page.status_code == 200
    assert 'id="signed-up"' not in page.content.decode()


def test_bad_input_shows_the_page_with_its_errors_and_stores_nothing(client, event):
    shift = event.shifts.get()
    response = client.post(_target(event), _data(shift, email="not an address"))
    assert response.status_code == 400
    assert 'id="rsvp"' in response.content.decode()
    assert not RSVP.objects.exists()


@pytest.mark.parametrize("method", ["get", "put"])
def test_only_post_is_accepted(client, event, method):
    assert getattr(client, method)(_target(event)).status_code == 405


def test_unknown_and_unpublished_events_are_404(client, events_index):
    draft = make_event(events_index, title="Draft", publish=False)
    shift = draft.shifts.get()
    assert client.post(_target(draft), _data(shift)).status_code == 404
    assert client.post(reverse("events:sign_up", args=[987654]), _data(shift)).status_code == 404
    assert not RSVP.objects.exists()


def test_a_private_page_stays_private(client, event):
    PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.PASSWORD, password="door"
    )
    shift = event.shifts.get()
    response = client.post(_target(event), _data(shift))
    assert response.status_code == 302
    assert response["Location"] == event.url
    assert not RSVP.objects.exists()


def test_posting_to_the_page_itself_still_signs_up(client, event):
    # Pages rendered before the form had its own target still post to themselves.
    shift = event.shifts.get()
    assert client.post(event.url, _data(shift)).status_code == 302
    assert RSVP.objects.filter(shift=shift).count() == 1
