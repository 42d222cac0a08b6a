"""The text ledger against a stand-in for Twilio's REST API, reached through the `twilio`
library's own HTTP client: recorded before sending, sent once, failures and lost answers told
apart, lost workers' texts looked up at the provider before anything is sent again."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from portal.sms import services
from portal.sms.backends import get_text_backend
from portal.sms.models import TextMessage
from portal.sms.segments import segment_count

pytestmark = pytest.mark.django_db

NUMBER = "+12025550143"
NOON_UTC = datetime(2026, 6, 10, 16, 0, tzinfo=UTC)  # 12:00 in New York


def record(**options):
    values = {"message_key": "test:1", "to": NUMBER, "body": "Hello from Neighbors United"}
    return services.text_record(**{**values, **options})


def test_recorded_text_goes_out_once_through_the_twilio_library(
    twilio, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        text = record()
    text.refresh_from_db()
    assert twilio.count == 1
    assert twilio.received[0]["To"] == NUMBER
    assert twilio.received[0]["Body"] == "Hello from Neighbors United"
    assert twilio.received[0]["From"] == "+15005550006"
    assert text.state == TextMessage.State.SENT
    assert text.provider_id == twilio.received[0]["sid"]
    # The same message to the same number is recorded once, and a second send takes nothing.
    assert record() is None
    assert services.text_send(text_id=text.pk) is False
    assert twilio.count == 1


def test_text_the_provider_refuses_is_failed_with_its_reason(
    twilio, django_capture_on_commit_callbacks
):
    twilio.plan.append(("refuse", 21211))
    with django_capture_on_commit_callbacks(execute=True):
        text = record()
    text.refresh_from_db()
    assert text.state == TextMessage.State.FAILED
    assert "21211" in text.error


def test_lost_answer_is_unknown_and_never_sent_again(twilio, django_capture_on_commit_callbacks):
    twilio.plan.append(("hang", 2))
    with django_capture_on_commit_callbacks(execute=True):
        text = record()
    text.refresh_from_db()
    assert text.state == TextMessage.State.UNKNOWN
    later = timezone.now() + timedelta(hours=1)
    assert services.texts_send_due(now=later) == 0
    assert services.texts_resend_lost(now=later) == 0
    assert twilio.count == 1


def _left_sending_by_a_dead_worker(**options) -> TextMessage:
    text = record(enqueue=False, **options)
    claimed = timezone.now() - timedelta(minutes=30)
    TextMessage.objects.filter(pk=text.pk).update(state="sending", claimed_at=claimed)
    return text


def test_lost_worker_text_the_provider_already_took_is_marked_sent_not_resent(twilio):
    text = _left_sending_by_a_dead_worker()
    # The dead worker's request had reached the provider.
    accepted = get_text_backend().send(to=text.to, body=text.body)
    services.texts_resend_lost()
    text.refresh_from_db()
    assert twilio.count == 1
    assert text.state == TextMessage.State.SENT
    assert text.provider_id == accepted.provider_id


def test_lost_worker_text_the_provider_never_got_is_sent_again(twilio):
    text = _left_sending_by_a_dead_worker()
    assert services.texts_resend_lost() == 1
    text.refresh_from_db()
    assert twilio.count == 1
    assert text.state == TextMessage.State.SENT


def test_lost_text_past_its_relevance_is_not_sent(twilio):
    text = _left_sending_by_a_dead_worker(expires_at=timezone.now() - timedelta(minutes=1))
    services.texts_resend_lost()
    text.refresh_from_db()
    assert twilio.count == 0
    assert text.state == TextMessage.State.SKIPPED


def test_daily_cap_holds_back_texts_that_can_wait_but_not_urgent_ones(settings):
    settings.SMS_DAILY_CAP = 2
    first = record(message_key="a", now=NOON_UTC, zip_code="10001")
    second = record(message_key="b", now=NOON_UTC, zip_code="10001")
    third = record(message_key="c", now=NOON_UTC, zip_code="10001")
    urgent = record(message_key="d", now=NOON_UTC, zip_code="10001", urgent=True)
    assert [first.state, second.state] == ["queued", "queued"]
    assert third.state == "skipped" and third.error == "daily cap reached"
    assert urgent.state == "queued"


def test_opted_out_number_gets_nothing_and_its_queued_texts_are_dropped():
    queued = record(message_key="before", enqueue=False)
    assert services.number_opt_out(number="(202) 555-0143") is True
    queued.refresh_from_db()
    assert queued.state == "skipped"
    assert record(message_key="after").state == "skipped"
    assert services.number_opt_in(number=NUMBER) is True
    assert record(message_key="again", enqueue=False).state == "queued"


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("Reminder: your shift starts at 9.", "GSM-7", 1),
        ("x" * 160, "GSM-7", 1),
        ("x" * 161, "GSM-7", 2),
        ("Recordatorio: su turno empieza mañana.", "GSM-7", 1),  # ñ is in GSM-7
        ("Recordatorio: su turno empieza a las 9. ¿Vendrá? Responda C para confirmar.", "UCS-2", 2),
        ("á" + "x" * 69, "UCS-2", 1),
        ("Inscripción confirmada. " + "x" * 130, "UCS-2", 3),  # ó is not: UCS-2
        ("{" * 80, "GSM-7", 1),
        ("{" * 81, "GSM-7", 2),
    ],
)
def test_segment_count_tells_gsm7_from_ucs2(text, encoding, segments):
    counted = segment_count(text)
    assert (counted.encoding, counted.segments) == (encoding, segments)


def test_development_backend_prints_a_line_and_keeps_the_text_in_var_sms(
    settings, tmp_path, capsys
):
    settings.SMS_BACKEND = "portal.sms.backends.ConsoleFileTextBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    backend = get_text_backend()
    since = timezone.now() - timedelta(seconds=1)
    accepted = backend.send(to=NUMBER, body="Hola, ¿vendrá mañana?")
    assert f"SMS to {NUMBER}" in capsys.readouterr().out
    (kept,) = (tmp_path / "sms").iterdir()
    assert "¿vendrá mañana?" in kept.read_text(encoding="utf-8")
    assert (
        backend.find_sent(to=NUMBER, body="Hola, ¿vendrá mañana?", since=since)
        == accepted.provider_id
    )
