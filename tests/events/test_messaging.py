"""Staff messages to an event's people: who gets them, the ledger, limits, the admin screen."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from wagtail.models import PageLogEntry

from events import messaging, services
from events.models import RSVP, EventMessage, EventMessageDelivery
from tests.events.helpers import person, rsvp
from tests.factories.events import make_event


@pytest.fixture
def two_shifts(events_index):
    from django.utils import timezone

    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    return make_event(
        events_index,
        title="Phone bank",
        shifts=[
            {"start_at": start, "end_at": start + timedelta(hours=2), "capacity": 1},
            {
                "start_at": start + timedelta(hours=3),
                "end_at": start + timedelta(hours=5),
                "capacity": 5,
            },
        ],
    )


def _shifts(event):
    return list(event.shifts.order_by("start_at"))


def send(event, by, *, shift=None, audience="active", subject="Parking moved", body="Use lot B."):
    return messaging.event_message_send(
        event=event, shift=shift, audience=audience, subject=subject, body=body, by=by
    )


def test_recipients_follow_shift_and_status(two_shifts):
    first, second = _shifts(two_shifts)
    ana, ben, cy = person("ana@example.org"), person("ben@example.org"), person("cy@example.org")
    rsvp(two_shifts, ana, [first])
    rsvp(two_shifts, ben, [first])  # first shift is full: Ben waits
    rsvp(two_shifts, cy, [first, second])  # waits on the first, registered on the second

    def emails(**kwargs):
        return sorted(
            r.person.email for r in messaging.message_recipients(event=two_shifts, **kwargs)
        )

    assert emails(shift=first, audience="registered") == ["ana@example.org"]
    assert emails(shift=first, audience="waitlisted") == ["ben@example.org", "cy@example.org"]
    assert emails(shift=None, audience="registered") == ["ana@example.org", "cy@example.org"]
    # One person with two sign-ups is one recipient.
    assert len(emails(shift=None, audience="active")) == 3


def test_attended_and_no_show_audiences(event, organizer):
    ana, ben = person("ana@example.org"), person("ben@example.org")
    (a,) = rsvp(event, ana)
    (b,) = rsvp(event, ben)
    services.checkin_record(rsvp=a, by=organizer)
    services.checkin_mark_no_show(rsvp=b, by=organizer)
    attended = messaging.message_recipients(event=event, shift=None, audience="attended")
    no_show = messaging.message_recipients(event=event, shift=None, audience="no_show")
    assert [r.person for r in attended] == [ana]
    assert [r.person for r in no_show] == [ben]


def test_a_message_with_no_recipients_is_refused_and_nothing_is_recorded(event, organizer):
    with pytest.raises(messaging.MessageError):
        send(event, organizer, audience="waitlisted")
    assert not EventMessage.objects.exists()


def test_an_unknown_audience_is_refused(event, organizer):
    rsvp(event, person("ana@example.org"))
    with pytest.raises(messaging.MessageError):
        send(event, organizer, audience="everyone-ever")


def test_each_recipient_gets_one_email_even_if_the_task_runs_twice(
    event, organizer, django_capture_on_commit_callbacks
):
    rsvp(event, person("ana@example.org"))
    rsvp(event, person("ben@example.org"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = send(event, organizer)
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "ben@example.org"]
    assert messaging.event_message_deliver(message_id=message.pk) == 0
    assert len(mail.outbox) == 2
    email = mail.outbox[0]
    assert email.reply_to == ["organizer@example.org"]
    assert "Use lot B." in email.body
    assert "Parking moved" in email.subject
    assert EventMessageDelivery.objects.filter(sent_at__isnull=False).count() == 2


def test_emails_are_in_each_persons_language(event, organizer, django_capture_on_commit_callbacks):
    ana = person("ana@example.org")
    services.rsvp_create(
        event=event,
        shift_ids=[s.pk for s in event.shifts.all()],
        person=ana,
        source=RSVP.Source.WEB,
        language="es",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send(event, organizer)
    assert "Hola" in mail.outbox[0].body


def test_a_lost_worker_is_swept_once(event, organizer, django_capture_on_commit_callbacks):
    from django.utils import timezone

    rsvp(event, person("ana@example.org"))
    with django_capture_on_commit_callbacks(execute=False):
        message = send(event, organizer)  # the task never ran
    mail.outbox.clear()
    later = timezone.now() + timedelta(minutes=11)
    assert messaging.deliveries_resend_lost(now=later) == 1
    assert messaging.deliveries_resend_lost(now=later + timedelta(minutes=11)) == 0
    # The original task arriving late sends nothing: the sweep took the row.
    assert messaging.event_message_deliver(message_id=message.pk) == 0
    assert len(mail.outbox) == 1


def test_the_same_message_twice_is_refused(event, organizer):
    rsvp(event, person("ana@example.org"))
    send(event, organizer)
    with pytest.raises(messaging.MessageError):
        send(event, organizer)
    assert EventMessage.objects.count() == 1


def test_senders_are_rate_limited(event, organizer):
    rsvp(event, person("ana@example.org"))
    for n in range(messaging.PER_EVENT_PER_DAY):
        send(event, organizer, subject=f"Update {n}")
    with pytest.raises(messaging.MessageError):
        send(event, organizer, subject="One more")


def test_sending_is_audit_logged(event, organizer):
    rsvp(event, person("ana@example.org"))
    send(event, organizer)
    entry = PageLogEntry.objects.get(action=messaging.EVENT_MESSAGE)
    assert entry.user == organizer
    assert entry.data["recipients"] == 1


def test_interns_and_hosts_only_where_the_organizer_allows(event, intern):
    host = person("host@example.org")
    event.interns.add(intern)
    event.host = host
    event.save()
    rsvp(event, person("ana@example.org"))
    assert not messaging.may_message_event(user=intern, event=event)
    assert not messaging.may_message_event(user=host, event=event)
    with pytest.raises(PermissionDenied):
        send(event, intern)
    event.staff_may_message = True
    event.save()
    assert messaging.may_message_event(user=intern, event=event)
    assert messaging.may_message_event(user=host, event=event)
    assert not messaging.may_message_event(user=person("other@example.org"), event=event)


def test_admin_screen_previews_the_count_then_sends(
    client, event, organizer, django_capture_on_commit_callbacks
):
    rsvp(event, person("ana@example.org"))
    rsvp(event, person("ben@example.org"))
    client.force_login(organizer)
    url = f"/admin/event-messages/{event.pk}/"
    assert client.get(url).status_code == 200
    shift = event.shifts.get()
    data = {"shift": shift.pk, "audience": "registered", "subject": "Hi", "body": "Lot B."}
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200
    assert b'data-recipient-count="2"' in preview.content
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {**data, "send": "1"})
    assert sent.status_code == 302
    assert len(mail.outbox) == 2


def test_admin_screen_no_recipients_is_a_clear_400(client, event, organizer):
    client.force_login(organizer)
    response = client.post(
        f"/admin/event-messages/{event.pk}/",
        {"shift": "", "audience": "waitlisted", "subject": "Hi", "body": "x", "send": "1"},
    )
    assert response.status_code == 400
    assert "Nobody matches" in response.content.decode()


def test_admin_screen_refuses_an_intern_not_allowed(client, event, intern):
    event.interns.add(intern)
    event.save()
    client.force_login(intern)
    assert client.get(f"/admin/event-messages/{event.pk}/").status_code in (302, 403)


def test_messages_received_lists_sent_ones(event, organizer, django_capture_on_commit_callbacks):
    ana = person("ana@example.org")
    rsvp(event, ana)
    with django_capture_on_commit_callbacks(execute=True):
        send(event, organizer)
    assert [d.message.subject for d in messaging.messages_received(user=ana)] == ["Parking moved"]


def test_the_host_writes_from_the_site_where_allowed(
    client, event, django_capture_on_commit_callbacks
):
    host = person("host@example.org")
    event.host = host
    event.save()
    rsvp(event, person("ana@example.org"))
    client.force_login(host)
    url = f"/host-an-event/{event.pk}/message/"
    assert client.get(url).status_code == 403
    assert "Message this event" not in client.get(event.url).content.decode()
    event.staff_may_message = True
    event.save()
    assert "Message this event" in client.get(event.url).content.decode()
    data = {"shift": "", "audience": "active", "subject": "Snacks", "body": "Bring some."}
    preview = client.post(url, {**data, "preview": "1"})
    assert b'data-recipient-count="1"' in preview.content
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**data, "send": "1"}).status_code == 302
    assert [m.to[0] for m in mail.outbox] == ["ana@example.org"]
    assert EventMessage.objects.get().sender == host


def test_another_volunteer_cannot_use_the_hosts_page(client, event):
    event.staff_may_message = True
    event.save()
    client.force_login(person("someone@example.org"))
    assert client.get(f"/host-an-event/{event.pk}/message/").status_code == 403


def test_the_persons_admin_history_lists_their_messages(
    client, event, organizer, django_capture_on_commit_callbacks
):
    from tests.factories.recruitment import VolunteerFactory

    ana = person("ana@example.org")
    volunteer = VolunteerFactory(user=ana)
    rsvp(event, ana)
    with django_capture_on_commit_callbacks(execute=True):
        send(event, organizer, subject="Bring a clipboard")
    client.force_login(organizer)
    page = client.get(f"/admin/volunteers/inspect/{volunteer.pk}/")
    assert page.status_code == 200
    assert "Bring a clipboard" in page.content.decode()
