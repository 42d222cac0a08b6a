"""Every write about text messages: record before sending, send at most once, sweep the lost,
apply the provider's status callbacks, and keep the numbers that said STOP.

A text's life: `text_record` writes its ledger row (queued, with the time it may go out: now, or
08:00 where the person lives if it is quiet hours there); `text_send` takes a due row with one
conditional UPDATE (queued → sending), so two workers never both send it, and records what the
provider said: sent, failed, or unknown (the request went out and no answer came: never sent
again by itself). A row left "sending" by a dead worker is found by `texts_resend_lost`, which
first asks the provider whether it already took that text, then sends it only if not.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import phonenumbers
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from portal.links import absolute_url
from portal.notices import MAX_RETRIES, lost_notices_filter, notices_resend
from portal.sms.backends import (
    BaseTextBackend,
    TextOutcomeUnknown,
    TextRefused,
    get_text_backend,
)
from portal.sms.models import TextMessage, TextOptOut
from portal.sms.quiet import next_allowed_time, zone_for_zip
from portal.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

State = TextMessage.State
# Rows that count against a person's daily cap: everything that went or will go out that day.
COUNTED = (State.QUEUED, State.SENDING, State.SENT, State.DELIVERED, State.UNKNOWN)


def phone_normalize(raw: str) -> str:
    """E.164 for a number people typed, or "" when it is not a possible phone number."""
    try:
        number = phonenumbers.parse(str(raw or ""), settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def number_is_opted_out(number: str) -> bool:
    return TextOptOut.objects.filter(number=phone_normalize(number)).exists()


def _lost_after() -> timedelta:
    return timedelta(seconds=settings.SMS_LOST_AFTER_SECONDS)


def _skip(rows, reason: str) -> int:
    return rows.update(state=State.SKIPPED, error=reason[:300])


def text_record(
    *,
    message_key: str,
    to: str,
    body: str,
    user=None,
    zip_code: str = "",
    urgent: bool = False,
    expires_at: datetime | None = None,
    now: datetime | None = None,
    enqueue: bool = True,
) -> TextMessage | None:
    """Record one text before it is sent; None when this message was already recorded for this
    number (so a task run twice, or a second path, never sends it twice) or the number is not a
    phone number. A row that must not go out (opted out, over the daily cap, or only sendable
    after it stopped mattering) is recorded as "not sent" with the reason, for organizers."""
    now = now or timezone.now()
    number = phone_normalize(to)
    if not number:
        return None
    send_after = now if urgent else next_allowed_time(at=now, zip_code=zip_code)
    reason = ""
    if number_is_opted_out(number):
        reason = "opted out"
    elif expires_at is not None and send_after >= expires_at:
        reason = "quiet hours last until after it mattered"
    elif not urgent and _over_daily_cap(number=number, at=send_after, zip_code=zip_code):
        reason = "daily cap reached"
    try:
        with transaction.atomic():
            text = TextMessage.objects.create(
                message_key=message_key[:160],
                to=number,
                user=user,
                body=body,
                urgent=urgent,
                send_after=send_after,
                expires_at=expires_at,
                state=State.SKIPPED if reason else State.QUEUED,
                error=reason,
                created_at=now,
            )
    except IntegrityError:
        return None
    if enqueue and not reason and send_after <= now:
        texts_enqueue(text_ids=[text.pk])
    return text


def _over_daily_cap(*, number: str, at: datetime, zip_code: str) -> bool:
    """The person's local day of `at`: texts already due that day to this number."""
    zone = zone_for_zip(zip_code)
    day = timezone.localtime(at, zone).date()
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    counted = TextMessage.objects.filter(
        to=number,
        urgent=False,
        state__in=COUNTED,
        send_after__gte=start,
        send_after__lt=start + timedelta(days=1),
    ).count()
    return counted >= settings.SMS_DAILY_CAP


def texts_record_many(*, message_key: str, recipients: list[dict], body: str) -> list[int]:
    """One message to many people (an organizer's message to a shift): every row is written in
    one go before any is sent, then handed to senders in batches. Returns the queued ids."""
    now = timezone.now()
    queued = []
    for recipient in recipients:
        text = text_record(message_key=message_key, body=body, now=now, enqueue=False, **recipient)
        if text is not None and text.state == State.QUEUED:
            queued.append(text.pk)
    texts_enqueue(text_ids=[pk for pk in queued if pk is not None])
    return queued


def texts_enqueue(*, text_ids: list[int], batch: int = 50) -> None:
    from portal import tasks

    for start in range(0, len(text_ids), batch):
        enqueue_on_commit(tasks.send_texts, text_ids[start : start + batch])


def _status_callback_url() -> str:
    try:
        return absolute_url(reverse("sms_status"))
    except NoReverseMatch:
        return ""


def text_send(*, text_id: int, backend: BaseTextBackend | None = None) -> bool:
    """Send one recorded text if it is due and nobody took it yet. True when this call sent it."""
    now = timezone.now()
    taken = TextMessage.objects.filter(pk=text_id, state=State.QUEUED, send_after__lte=now).update(
        state=State.SENDING, claimed_at=now
    )
    if not taken:
        return False
    text = TextMessage.objects.get(pk=text_id)
    if text.expires_at is not None and text.expires_at <= now:
        _skip(TextMessage.objects.filter(pk=text.pk), "no longer relevant")
        return False
    if number_is_opted_out(text.to):
        _skip(TextMessage.objects.filter(pk=text.pk), "opted out")
        return False
    return _deliver(text, backend or get_text_backend())


def _deliver(text: TextMessage, backend: BaseTextBackend) -> bool:
    rows = TextMessage.objects.filter(pk=text.pk, state=State.SENDING)
    try:
        accepted = backend.send(to=text.to, body=text.body, status_callback=_status_callback_url())
    except TextRefused as error:
        rows.update(state=State.FAILED, error=str(error)[:300])
        logger.warning("Text %s refused: %s", text.pk, error)
        return False
    except TextOutcomeUnknown as error:
        rows.update(state=State.UNKNOWN, error=str(error)[:300])
        logger.warning("Text %s: no answer after the request was sent (%s)", text.pk, error)
        return False
    rows.update(state=State.SENT, provider_id=accepted.provider_id, sent_at=timezone.now())
    return True


def texts_send(*, text_ids: list[int]) -> int:
    backend = get_text_backend()
    return sum(text_send(text_id=text_id, backend=backend) for text_id in text_ids)


def texts_send_due(*, now: datetime | None = None, limit: int = 2000) -> int:
    """Send the queued texts whose time has come (quiet hours over, or their task was lost)."""
    now = now or timezone.now()
    due = TextMessage.objects.filter(state=State.QUEUED, send_after__lte=now).order_by(
        "send_after", "pk"
    )
    return texts_send(text_ids=list(due.values_list("pk", flat=True)[:limit]))


def texts_resend_lost(*, now: datetime | None = None, limit: int = 500) -> int:
    """Rows left "sending" by a worker that died: if the provider already took the text it is
    recorded as sent; otherwise it is sent again while it still matters (portal/notices.py's
    sweep, which takes each row with one conditional UPDATE)."""
    now = now or timezone.now()
    lost_after = _lost_after()
    sending = TextMessage.objects.filter(state=State.SENDING)
    _skip(sending.filter(expires_at__lte=now), "no longer relevant")
    TextMessage.objects.filter(
        state=State.SENDING, retries__gte=MAX_RETRIES, claimed_at__lt=now - lost_after
    ).update(state=State.UNKNOWN, error="worker lost too often")
    lost = list(
        TextMessage.objects.filter(
            **lost_notices_filter(now=now, taken_field="claimed_at", lost_after=lost_after),
            state=State.SENDING,
        ).order_by("pk")[:limit]
    )
    backend = get_text_backend()

    def still_relevant(text: TextMessage) -> bool:
        if number_is_opted_out(text.to):
            _skip(TextMessage.objects.filter(pk=text.pk), "opted out")
            return False
        return True

    def send(text: TextMessage) -> None:
        if not backend.can_look_up:
            # Nobody can tell whether it left: the truthful state, never a second copy.
            TextMessage.objects.filter(pk=text.pk).update(
                state=State.UNKNOWN, error="worker lost during the send"
            )
            return
        since = text.claimed_at - timedelta(minutes=1)
        found = backend.find_sent(to=text.to, body=text.body, since=since)
        if found:
            TextMessage.objects.filter(pk=text.pk, state=State.SENDING).update(
                state=State.SENT, provider_id=found, sent_at=timezone.now()
            )
            return
        _deliver(text, backend)

    return notices_resend(
        lost=lost, still_relevant=still_relevant, send=send, now=now, taken_field="claimed_at"
    )


# Twilio's message statuses, as the ledger records them; the rest (queued, sending…) change nothing.
PROVIDER_STATES = {
    "sent": State.SENT,
    "delivered": State.DELIVERED,
    "undelivered": State.FAILED,
    "failed": State.FAILED,
}


def text_status_update(*, provider_id: str, status: str, error_code: str = "") -> bool:
    """A provider status callback. Delivered is final; a failure after "sent" is recorded."""
    state = PROVIDER_STATES.get((status or "").lower())
    if state is None or not provider_id:
        return False
    rows = TextMessage.objects.filter(provider_id=provider_id).exclude(state=State.DELIVERED)
    if state == State.DELIVERED:
        return bool(rows.update(state=state, delivered_at=timezone.now(), error=""))
    if state == State.FAILED:
        return bool(rows.update(state=state, error=f"provider: {status} {error_code}".strip()))
    return bool(rows.filter(state=State.UNKNOWN).update(state=state, error=""))


def number_opt_out(*, number: str) -> bool:
    """STOP: the number gets nothing more, queued texts included. True when it changed."""
    number = phone_normalize(number)
    if not number:
        return False
    with transaction.atomic():
        _, created = TextOptOut.objects.get_or_create(number=number)
        _skip(TextMessage.objects.filter(to=number, state=State.QUEUED), "opted out")
    return created


def number_opt_in(*, number: str) -> bool:
    """START: texts may go to the number again. True when it changed."""
    number = phone_normalize(number)
    deleted, _ = TextOptOut.objects.filter(number=number).delete()
    return bool(deleted)
