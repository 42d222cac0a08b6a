"""Event notices by text, replies through Twilio's signed webhook, and STOP/START/HELP.

The provider is a local stand-in reached through the `twilio` library's own HTTP client; the
webhook requests are signed with the library's own RequestValidator, as Twilio signs them."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.test import Client, TestCase
from django.utils import timezone
from twilio.request_validator import RequestValidator

from events import services
from events.models import RSVP
from portal.sms.models import TextMessage, TextOptOut
from recruitment.models import Consent, Volunteer
from tests.events.helpers import person
from tests.factories.events import event_index, make_event
from tests.sms.standin import AUTH_TOKEN

pytestmark = pytest.mark.django_db

NUMBER = "+13135550188"


@pytest.fixture
def event(home_page):
    return make_event(event_index(home_page), title="Eastside canvass", starts_in=timedelta(days=3))


def sign_up(event, email, *, phone=NUMBER, sms=True, language="en", zip_code="48207"):
    who = person(email)
    (made,) = services.rsvp_create(
        event=event,
        shift_ids=[event.shifts.first().pk],
        person=who,
        source=RSVP.Source.WEB,
        phone=phone,
        postal_code=zip_code,
        sms_opt_in=sms,
        language=language,
    )
    return made


def day_before(rsvp):
    return services.reminder_due_at(shift=rsvp.shift, kind="day_before") + timedelta(minutes=1)


def send_reminders(moment):
    # Texts are handed to their sender after commit, as in production.
    with (
        mock.patch("django.utils.timezone.now", return_value=moment),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        return services.reminders_send_due(now=moment)


def test_day_before_reminder_goes_by_text_to_those_who_asked_once(event, twilio):
    asked = sign_up(event, "a@example.org")
    sign_up(event, "b@example.org", phone="+13135550199", sms=False)
    moment = day_before(asked)
    send_reminders(moment)
    send_reminders(moment + timedelta(minutes=5))
    assert twilio.count == 1
    (sent,) = twilio.received
    assert sent["To"] == NUMBER
    assert "Eastside canvass" in sent["Body"] and "Reply C" in sent["Body"]
    assert TextMessage.objects.get().state == TextMessage.State.SENT


def test_reminder_is_in_the_persons_language(event, twilio):
    rsvp = sign_up(event, "a@example.org", language="es")
    send_reminders(day_before(rsvp))
    assert "Responda C" in twilio.received[0]["Body"]


def test_no_text_after_the_person_said_no_to_texts(event, twilio):
    rsvp = sign_up(event, "a@example.org")
    volunteer = Volunteer.objects.create(user=rsvp.person)
    Consent.objects.create(
        volunteer=volunteer, channel="sms", granted=False, wording_version="x", source="dashboard"
    )
    send_reminders(day_before(rsvp))
    assert twilio.count == 0


def test_cancellation_and_promotion_go_by_text(event, twilio, django_capture_on_commit_callbacks):
    shift = event.shifts.first()
    shift.capacity = 1
    shift.save()
    first = sign_up(event, "a@example.org", phone="+13135550101")
    second = sign_up(event, "b@example.org", phone="+13135550102")
    assert second.status == RSVP.Status.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_cancel(rsvp=first)
    assert [m["To"] for m in twilio.received] == ["+13135550102"]
    assert "place opened up" in twilio.received[0]["Body"]
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event)
    assert [m["To"] for m in twilio.received][1:] == ["+13135550102"]
    assert "cancelled" in twilio.received[1]["Body"]


# --- The webhook ------------------------------------------------------------------------------


def post_signed(path, fields, *, token=AUTH_TOKEN):
    url = "http://testserver" + path
    signature = RequestValidator(token).compute_signature(url, fields)
    return Client().post(path, fields, HTTP_X_TWILIO_SIGNATURE=signature)


def inbound(body, number=NUMBER, **options):
    return post_signed(
        "/sms/inbound/", {"From": number, "Body": body, "MessageSid": "SMx"}, **options
    )


def test_stop_from_a_number_shared_by_two_accounts_opts_out_both_and_start_restores(
    event, webhooks_mounted
):
    first = sign_up(event, "a@example.org")
    second = sign_up(event, "b@example.org")
    for rsvp in (first, second):
        Volunteer.objects.create(user=rsvp.person)
    answer = inbound("Stop")
    assert answer.status_code == 200
    assert "no more texts" in answer.content.decode()
    assert TextOptOut.objects.filter(number=NUMBER).exists()
    latest = {c.volunteer.user.email: c.granted for c in Consent.objects.filter(channel="sms")}
    assert latest == {"a@example.org": False, "b@example.org": False}
    # Confirmed once: a second STOP gets no answer and no new rows.
    again = inbound("STOP")
    assert "<Message>" not in again.content.decode()
    assert Consent.objects.filter(channel="sms").count() == 2
    send_reminders(day_before(first))
    assert webhooks_mounted.count == 0
    # Their profiles said no: nothing is recorded to send; anything recorded is "not sent".
    assert not TextMessage.objects.exclude(state="skipped").exists()

    assert "texts are on again" in inbound("start").content.decode()
    assert not TextOptOut.objects.exists()
    granted = Consent.objects.filter(channel="sms", granted=True)
    assert {c.volunteer.user.email for c in granted} == {"a@example.org", "b@example.org"}


@pytest.mark.parametrize("word", ["STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"])
def test_every_carrier_stop_word_opts_out(event, webhooks_mounted, word):
    sign_up(event, "a@example.org")
    inbound(word)
    assert TextOptOut.objects.filter(number=NUMBER).exists()


def test_help_answers_with_the_organizations_name_and_contact(event, webhooks_mounted):
    answer = inbound("help").content.decode()
    assert "volunteer texts" in answer and "STOP" in answer


def test_forged_webhook_changes_nothing(event, webhooks_mounted):
    sign_up(event, "a@example.org")
    Volunteer.objects.create(user=RSVP.objects.get().person)
    forged = inbound("STOP", token="not-the-auth-token")
    unsigned = Client().post("/sms/inbound/", {"From": NUMBER, "Body": "STOP"})
    assert forged.status_code == 403 and unsigned.status_code == 403
    assert not TextOptOut.objects.exists()
    assert not Consent.objects.filter(channel="sms").exists()
    status = post_signed(
        "/sms/status/", {"MessageSid": "SM1", "MessageStatus": "delivered"}, token="wrong"
    )
    assert status.status_code == 403


def test_reply_c_confirms_and_n_frees_the_place(event, webhooks_mounted):
    rsvp = sign_up(event, "a@example.org")
    send_reminders(day_before(rsvp))
    assert "thank you" in inbound("C").content.decode()
    rsvp.refresh_from_db()
    assert rsvp.confirmed_at is not None
    inbound("n")
    rsvp.refresh_from_db()
    assert rsvp.status == RSVP.Status.CANCELLED


def test_status_callback_records_delivery_and_failure(event, webhooks_mounted):
    rsvp = sign_up(event, "a@example.org")
    send_reminders(day_before(rsvp))
    text = TextMessage.objects.get()
    answer = post_signed(
        "/sms/status/", {"MessageSid": text.provider_id, "MessageStatus": "delivered"}
    )
    assert answer.status_code == 204
    text.refresh_from_db()
    assert text.state == TextMessage.State.DELIVERED


# --- Quiet hours ------------------------------------------------------------------------------


def record_at(moment, zip_code, key):
    from portal.sms import services as sms

    return sms.text_record(
        message_key=key, to=NUMBER, body="Hi", zip_code=zip_code, now=moment, enqueue=False
    )


@pytest.mark.quiet_hours
@pytest.mark.parametrize(
    ("moment", "zip_code", "expected"),
    [
        # 22:30 EST on Saturday 7 March 2026 (New York): held until 08:00 EDT on Sunday, the
        # morning clocks spring forward: 12:00 UTC, not 13:00.
        (datetime(2026, 3, 8, 3, 30, tzinfo=UTC), "10001", datetime(2026, 3, 8, 12, 0, tzinfo=UTC)),
        # The same instant is 19:30 PST in Los Angeles: it goes at once.
        (datetime(2026, 3, 8, 3, 30, tzinfo=UTC), "90012", datetime(2026, 3, 8, 3, 30, tzinfo=UTC)),
        # 06:30 EST on Sunday 1 November 2026, after clocks fell back: 08:00 EST is 13:00 UTC.
        (
            datetime(2026, 11, 1, 11, 30, tzinfo=UTC),
            "10001",
            datetime(2026, 11, 1, 13, 0, tzinfo=UTC),
        ),
        # 23:30 PDT on Saturday 31 October in Los Angeles: 08:00 PST on Sunday is 16:00 UTC.
        (
            datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
            "90012",
            datetime(2026, 11, 1, 16, 0, tzinfo=UTC),
        ),
        # 20:59 in New York is still daytime.
        (
            datetime(2026, 6, 11, 0, 59, tzinfo=UTC),
            "10001",
            datetime(2026, 6, 11, 0, 59, tzinfo=UTC),
        ),
    ],
)
def test_quiet_hours_hold_texts_until_8_local_across_dst_and_zones(moment, zip_code, expected):
    text = record_at(moment, zip_code, "quiet")
    assert text.state == TextMessage.State.QUEUED
    assert text.send_after == expected


@pytest.mark.quiet_hours
def test_held_text_goes_out_in_the_morning_not_before(twilio):
    from portal.sms import services as sms

    night = datetime(2026, 3, 8, 3, 30, tzinfo=UTC)
    text = record_at(night, "10001", "night")
    assert sms.texts_send_due(now=night) == 0
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime(2026, 3, 8, 11, 59, tzinfo=UTC)
    ):
        assert sms.texts_send_due() == 0
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
    ):
        assert sms.texts_send_due() == 1
    text.refresh_from_db()
    assert text.state == TextMessage.State.SENT and twilio.count == 1


@pytest.mark.quiet_hours
def test_urgent_text_ignores_quiet_hours():
    from portal.sms import services as sms

    night = datetime(2026, 3, 8, 3, 30, tzinfo=UTC)
    text = sms.text_record(
        message_key="u",
        to=NUMBER,
        body="Hi",
        zip_code="10001",
        now=night,
        urgent=True,
        enqueue=False,
    )
    assert text.send_after == night
    assert timezone.is_aware(text.send_after)


def test_webhooks_are_not_mounted_without_the_twilio_backend(client):
    # Test settings use the in-memory backend: no provider, so no webhook surface.
    assert client.post("/sms/inbound/", {"From": NUMBER, "Body": "STOP"}).status_code == 404
    assert not TextOptOut.objects.exists()


def test_status_callback_records_a_carrier_failure(event, webhooks_mounted):
    rsvp = sign_up(event, "a@example.org")
    send_reminders(day_before(rsvp))
    text = TextMessage.objects.get()
    fields = {"MessageSid": text.provider_id, "MessageStatus": "undelivered", "ErrorCode": "30005"}
    assert post_signed("/sms/status/", fields).status_code == 204
    text.refresh_from_db()
    assert text.state == TextMessage.State.FAILED and "30005" in text.error
