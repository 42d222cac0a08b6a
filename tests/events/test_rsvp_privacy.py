"""The event page's RSVP form gives one answer whether or not an email is already signed up;
the person behind the address learns the truth by email (issue 13, item 6)."""

from django.core import mail

from events.models import RSVP, Notice
from tests.events.helpers import person, rsvp


def _post(client, event, shift, email, captured):
    with captured(execute=True):
        response = client.post(
            event.url,
            {
                "shifts": [shift.pk],
                "first_name": "Mallory",
                "last_name": "Curious",
                "email": email,
                "phone": "",
                "postal_code": "48201",
            },
        )
    return response, client.get(response["Location"]) if response.status_code == 302 else None


def _screen(page) -> str:
    text = page.content.decode()
    start = text.index('id="signed-up"')
    return text[start : text.index("</section>", start)]


def test_known_and_unknown_emails_get_the_same_answer(
    client, event, django_capture_on_commit_callbacks
):
    shift = event.shifts.first()
    rsvp(event, person("ana@example.org"), [shift])

    known, known_page = _post(
        client, event, shift, "ana@example.org", django_capture_on_commit_callbacks
    )
    unknown, unknown_page = _post(
        client, event, shift, "nobody@example.org", django_capture_on_commit_callbacks
    )

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert "already signed up" not in known_page.content.decode()
    assert _screen(known_page) == _screen(unknown_page)


def test_someone_already_signed_up_is_told_by_email_with_their_link(
    client, event, django_capture_on_commit_callbacks
):
    shift = event.shifts.first()
    (held,) = rsvp(event, person("ana@example.org"), [shift])
    mail.outbox.clear()

    _post(client, event, shift, "ana@example.org", django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "already signed up" in message.body
    assert event.title in message.body
    assert "/rsvp/" in message.body  # the change/cancel link
    assert Notice.objects.filter(rsvp=held, kind=Notice.Kind.ALREADY_SIGNED_UP).exists()
    assert RSVP.objects.filter(shift=shift, person__email="ana@example.org").count() == 1


def test_the_reminder_is_sent_once_a_day_at_most(client, event, django_capture_on_commit_callbacks):
    shift = event.shifts.first()
    rsvp(event, person("ana@example.org"), [shift])
    mail.outbox.clear()

    for _attempt in range(3):
        _post(client, event, shift, "ana@example.org", django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1


def test_the_reminder_is_in_the_persons_language(
    client, event, spanish, django_capture_on_commit_callbacks
):
    shift = event.shifts.first()
    (held,) = rsvp(event, person("ana@example.org"), [shift])
    RSVP.objects.filter(pk=held.pk).update(language="es")
    mail.outbox.clear()

    _post(client, event, shift, "ana@example.org", django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert "Ya está inscrito" in message.subject
    assert "Usted ya está inscrito" in message.body


def test_other_new_shifts_are_still_taken(client, events_index, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories.events import make_event

    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    event = make_event(
        events_index,
        shifts=[
            {"start_at": start, "end_at": start + timedelta(hours=2), "capacity": 5},
            {
                "start_at": start + timedelta(hours=3),
                "end_at": start + timedelta(hours=5),
                "capacity": 5,
            },
        ],
    )
    first, second = event.shifts.order_by("start_at")
    ana = person("ana@example.org")
    rsvp(event, ana, [first])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            event.url,
            {
                "shifts": [first.pk, second.pk],
                "first_name": "Ana",
                "last_name": "Pérez",
                "email": "ana@example.org",
                "phone": "",
                "postal_code": "48201",
            },
        )
    assert response.status_code == 302
    assert RSVP.objects.filter(person=ana, status__in=RSVP.ACTIVE).count() == 2
