"""After a shift: thank-you with hours and a rating, "we missed you", once per attendance."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone

from events import followup, services
from events.models import RSVP, Notice, ShiftRating
from events.tasks import around_events
from tests.events.helpers import person
from tests.factories.events import make_event


def _past_event(events_index, **fields):
    """An event whose shift ended three hours ago, with Ana (came) and Ben (did not)."""
    event = make_event(events_index, title="Past canvass", starts_in=timedelta(days=1), **fields)
    later = make_event(events_index, title="Next canvass", starts_in=timedelta(days=4))
    ana, ben = person("ana@example.org"), person("ben@example.org")
    services.rsvp_create(
        event=event,
        shift_ids=[event.shifts.get().pk],
        person=ana,
        source=RSVP.Source.WEB,
        postal_code="48207",
    )
    services.rsvp_create(
        event=event, shift_ids=[event.shifts.get().pk], person=ben, source=RSVP.Source.WEB
    )
    a = RSVP.objects.get(person=ana)
    b = RSVP.objects.get(person=ben)
    services.checkin_record(rsvp=a)
    services.checkin_mark_no_show(rsvp=b)
    # Move the shift into the past (the services refuse sign-ups to past shifts).
    shift = event.shifts.get()
    end = timezone.now() - timedelta(hours=3)
    type(shift).objects.filter(pk=shift.pk).update(start_at=end - timedelta(hours=3), end_at=end)
    return SimpleNamespace(event=event, later=later, a=a, b=b)


def test_thank_you_and_missed_you_are_sent_once_even_if_the_task_runs_twice(events_index):
    past = _past_event(events_index)
    mail.outbox.clear()
    around_events()
    around_events()
    by_to = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 2
    thanks, missed = by_to["ana@example.org"], by_to["ben@example.org"]
    assert "Thank you for coming" in thanks.subject
    assert "3.0 hours" in thanks.body
    assert "/rate/" in thanks.body and "?score=5" in thanks.body
    assert "Next canvass" in thanks.body
    assert "We missed you" in missed.subject
    assert "Next canvass" in missed.body
    assert "/rate/" not in missed.body
    assert Notice.objects.filter(kind__in=followup.KINDS, sent_at__isnull=False).count() == 2
    # A direct second send of the same follow-up is refused by the ledger.
    assert followup.followup_send(rsvp_id=past.a.pk, kind=Notice.Kind.THANK_YOU) is False


def test_organizers_can_switch_either_email_off(events_index):
    _past_event(events_index, send_thank_you=False, send_missed_you=False)
    mail.outbox.clear()
    assert followup.followups_due() == []
    around_events()
    assert mail.outbox == []


def test_not_yet_due_right_after_the_shift(events_index):
    past = _past_event(events_index)
    shift = past.event.shifts.get()
    type(shift).objects.filter(pk=shift.pk).update(end_at=timezone.now() - timedelta(minutes=30))
    assert followup.followups_due() == []


def test_a_lost_follow_up_is_swept_once(events_index):
    past = _past_event(events_index)
    Notice.objects.create(rsvp=past.a, kind=Notice.Kind.THANK_YOU)  # claimed, worker lost
    mail.outbox.clear()
    soon = timezone.now() + timedelta(minutes=11)
    assert followup.followups_resend_lost(now=soon) == 1
    assert followup.followups_resend_lost(now=soon) == 0
    assert [m.to[0] for m in mail.outbox] == ["ana@example.org"]


def test_the_rating_link_shows_the_tapped_score_and_the_post_records_it(client, events_index):
    past = _past_event(events_index)
    token = followup.rating_token(rsvp_id=past.a.pk)
    page = client.get(f"/rate/{token}/?score=4")
    assert page.status_code == 200
    assert re.search(r'value="4"[^>]*checked', page.content.decode())
    # Opening the link (as mail scanners do) records nothing.
    assert not ShiftRating.objects.exists()
    response = client.post(f"/rate/{token}/", {"score": "4", "comment": "Great team"})
    assert response.status_code == 302
    rating = ShiftRating.objects.get()
    assert (rating.score, rating.comment) == (4, "Great team")
    client.post(f"/rate/{token}/", {"score": "5", "comment": ""})
    rating.refresh_from_db()
    assert (rating.score, rating.comment, ShiftRating.objects.count()) == (5, "Great team", 1)


@pytest.mark.parametrize("score", ["0", "6", "x", ""])
def test_a_bad_score_is_a_clear_400(client, events_index, score):
    past = _past_event(events_index)
    token = followup.rating_token(rsvp_id=past.a.pk)
    assert client.post(f"/rate/{token}/", {"score": score}).status_code == 400
    assert not ShiftRating.objects.exists()


def test_forged_links_and_no_shows_cannot_rate(client, events_index):
    past = _past_event(events_index)
    assert client.get("/rate/forged-token/").status_code == 400
    token = followup.rating_token(rsvp_id=past.b.pk)
    assert client.post(f"/rate/{token}/", {"score": "1"}).status_code == 400
    assert not ShiftRating.objects.exists()


def test_opening_a_rating_link_records_nothing_however_often_it_is_fetched(client, events_index):
    """Mail scanners fetch every link (no script runs): the page only carries the script that
    sends the tapped score for a person's browser, from a static file the CSP allows."""
    past = _past_event(events_index)
    token = followup.rating_token(rsvp_id=past.a.pk)
    for score in ("1", "2", "3", "4", "5", ""):
        page = client.get(f"/rate/{token}/?score={score}")
        assert page.status_code == 200
    assert not ShiftRating.objects.exists()
    html = client.get(f"/rate/{token}/?score=4").content.decode()
    assert "data-rating-autosend" in html
    assert re.search(r'<script src="[^"]*events/rating\.js" defer></script>', html)
    # A bare link (no score tapped) waits for the person: nothing is sent by itself.
    assert "data-rating-autosend" not in client.get(f"/rate/{token}/").content.decode()


def test_after_the_send_the_page_confirms_and_a_second_tap_changes_the_same_rating(
    client, events_index
):
    past = _past_event(events_index)
    token = followup.rating_token(rsvp_id=past.a.pk)
    sent = client.post(f"/rate/{token}/?score=4", {"score": "4", "comment": ""}, follow=True)
    assert "You rated it 4 out of 5." in sent.content.decode()
    # Going back to the emailed link shows the confirmation; it does not send again.
    again = client.get(f"/rate/{token}/?score=4").content.decode()
    assert "You rated it 4 out of 5." in again and "data-rating-autosend" not in again
    # Tapping another score in the email is sent (by the script) and replaces the first.
    other = client.get(f"/rate/{token}/?score=2").content.decode()
    assert "data-rating-autosend" in other
    commented = client.post(f"/rate/{token}/", {"score": "4", "comment": "Great team"}, follow=True)
    assert "Thank you for your comment." in commented.content.decode()
    client.post(f"/rate/{token}/", {"score": "2"})
    rating = ShiftRating.objects.get()
    assert (rating.score, rating.comment, ShiftRating.objects.count()) == (2, "Great team", 1)
