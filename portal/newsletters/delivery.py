"""The delivery ledger: queue every recipient first, then claim, send and record in batches.

Guarantees, on SQLite and PostgreSQL alike:
- a recipient gets a ledger row once per newsletter (unique constraint), before anything is sent;
- a row is claimed by one worker at a time (a conditional UPDATE on status, under
  SELECT … FOR UPDATE SKIP LOCKED where the database has it), with a lease;
- a row is marked sent, with its message id, in its own commit at the moment its message may be
  accepted (marking.py), so a re-run never sends it again;
- rows claimed by a worker that died become claimable again when the lease runs out;
- addresses suppressed while a send is running are dropped at claim time;
- a message whose connection broke after its final "." and before the server's answer is
  recorded "unknown": it may have arrived, so it is never sent again without an organizer.
"""

import logging
import smtplib
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from portal.newsletters.marking import mark_session
from portal.newsletters.models import (
    Delivery,
    NewsletterDispatch,
    NewsletterPage,
    Suppression,
)
from portal.newsletters.smtp import (
    AcceptanceUnknown,
    ClaimLost,
    send_with_commit_before_accept,
)

logger = logging.getLogger(__name__)

QUEUE_CHUNK = 2000


def lease_seconds() -> int:
    return int(getattr(settings, "NEWSLETTER_LEASE_SECONDS", 300))


def batch_size() -> int:
    return int(getattr(settings, "NEWSLETTER_BATCH_SIZE", 100))


def max_attempts() -> int:
    return int(getattr(settings, "NEWSLETTER_MAX_ATTEMPTS", 5))


def weekly_limit() -> int:
    from wagtail.models import Site

    from portal.newsletters.models import NewsletterSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return 3
    return NewsletterSettings.for_site(site).weekly_limit


def _claimable(now) -> Q:
    return Q(status=Delivery.Status.QUEUED) | Q(
        status=Delivery.Status.CLAIMED, lease_expires_at__lt=now
    )


def recipients_classify(
    *, newsletter: NewsletterPage, rows: list[tuple[int, str, str]], limit: int | None = None
) -> list[str]:
    """The ledger status each (user id, email, language) row gets, in order.

    SUPPRESSED: the address unsubscribed, bounced or complained. CAPPED: the person already got
    `limit` other newsletters in the last 7 days (the weekly limit in the settings by default).
    QUEUED: everyone else. The queue writes these; the admin preview counts them.
    """
    if limit is None:
        limit = weekly_limit()
    emails = {email.lower() for _id, email, _lang in rows}
    suppressed = set(Suppression.objects.filter(email__in=emails).values_list("email", flat=True))
    capped = set(
        Delivery.objects.filter(
            recipient_id__in=[user_id for user_id, _email, _lang in rows],
            status=Delivery.Status.SENT,
            sent_at__gte=timezone.now() - timedelta(days=7),
        )
        .exclude(newsletter=newsletter)
        .values("recipient_id")
        .annotate(count=Count("pk"))
        .filter(count__gte=limit)
        .values_list("recipient_id", flat=True)
    )
    return [
        Delivery.Status.SUPPRESSED
        if email.lower() in suppressed
        else Delivery.Status.CAPPED
        if user_id in capped
        else Delivery.Status.QUEUED
        for user_id, email, _lang in rows
    ]


@dataclass
class QueueResult:
    queued: int = 0
    suppressed: int = 0
    capped: int = 0


def deliveries_queue(*, newsletter: NewsletterPage) -> QueueResult:
    """Write a ledger row for everyone in the audience. Safe to run again: existing rows stay."""
    from portal.newsletters.audiences import audience_rows

    spanish = newsletter.get_translations().filter(locale__language_code="es", live=True).exists()
    limit = weekly_limit()
    result = QueueResult()
    chunk: list[tuple[int, str, str]] = []

    def flush():
        if not chunk:
            return
        statuses = recipients_classify(newsletter=newsletter, rows=chunk, limit=limit)
        rows = []
        for (user_id, email, language), status in zip(chunk, statuses, strict=True):
            if status == Delivery.Status.SUPPRESSED:
                result.suppressed += 1
            elif status == Delivery.Status.CAPPED:
                result.capped += 1
            else:
                result.queued += 1
            rows.append(
                Delivery(
                    newsletter=newsletter,
                    recipient_id=user_id,
                    email=email,
                    language=language,
                    status=status,
                )
            )
        with transaction.atomic():
            # The unique (newsletter, recipient) constraint makes a re-run add only the missing.
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        chunk.clear()

    for row in audience_rows(newsletter=newsletter, spanish_available=spanish):
        chunk.append(row)
        if len(chunk) >= QUEUE_CHUNK:
            flush()
    flush()
    return result


def delivery_claim_batch(*, newsletter_id: int, size: int | None = None) -> tuple[str, list]:
    """Claim up to `size` rows for this worker. Returns the claim token and the claimed rows."""
    size = size or batch_size()
    token = uuid.uuid4().hex
    now = timezone.now()
    with transaction.atomic():
        candidates = (
            Delivery.objects.filter(newsletter_id=newsletter_id)
            .filter(_claimable(now))
            .order_by("pk")
        )
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:size])
        if not ids:
            return token, []
        # Re-checking the status in the UPDATE is what makes the claim exclusive where row locks
        # do not exist (SQLite): a row someone else claimed meanwhile no longer matches.
        Delivery.objects.filter(pk__in=ids).filter(_claimable(now)).update(
            status=Delivery.Status.CLAIMED,
            claim_token=token,
            lease_expires_at=now + timedelta(seconds=lease_seconds()),
            attempts=F("attempts") + 1,
        )
    rows = list(
        Delivery.objects.filter(claim_token=token, status=Delivery.Status.CLAIMED).order_by("pk")
    )
    too_many = [row.pk for row in rows if row.attempts > max_attempts()]
    if too_many:
        Delivery.objects.filter(pk__in=too_many, claim_token=token).update(
            status=Delivery.Status.FAILED, error="Gave up after repeated attempts."
        )
        rows = [row for row in rows if row.pk not in too_many]
    suppressed = set(
        Suppression.objects.filter(email__in={row.email.lower() for row in rows}).values_list(
            "email", flat=True
        )
    )
    if suppressed:
        dropped = [row.pk for row in rows if row.email.lower() in suppressed]
        Delivery.objects.filter(pk__in=dropped, claim_token=token).update(
            status=Delivery.Status.SUPPRESSED
        )
        rows = [row for row in rows if row.pk not in dropped]
    return token, rows


def _release(token: str, rows) -> None:
    Delivery.objects.filter(
        pk__in=[row.pk for row in rows], claim_token=token, status=Delivery.Status.CLAIMED
    ).update(status=Delivery.Status.QUEUED, claim_token="", lease_expires_at=None)


class RenderCache:
    """One rendering per language per run of the sender."""

    def __init__(self, newsletter: NewsletterPage):
        self.newsletter = newsletter
        self._rendered = {}

    def get(self, language: str):
        from portal.newsletters.rendering import render_newsletter

        if language not in self._rendered:
            page = self.newsletter
            if language != page.locale.language_code:
                translation = (
                    page.get_translations()
                    .filter(locale__language_code=language, live=True)
                    .first()
                )
                page = translation.specific if translation else page
            self._rendered[language] = render_newsletter(newsletter=page)
        return self._rendered[language]


def delivery_send_batch(
    *, newsletter: NewsletterPage, token: str, rows, renders, claimed_at: float | None = None
) -> int:
    """Send the claimed rows over one connection, recording each as it is accepted.

    `claimed_at` (time.monotonic() when the claim was taken) bounds the batch: past half the
    lease, what is left is given back rather than sent on a claim another worker may soon take.
    """
    from portal.newsletters.rendering import build_message, message_domain

    deadline = (claimed_at or time.monotonic()) + lease_seconds() / 2
    sent = 0
    backend = get_connection(fail_silently=False)
    backend.open()
    # Plain SMTP commits "sent" just before the server may accept (see smtp.py); other backends
    # (anymail's HTTP APIs) are recorded right after they return.
    two_phase = isinstance(backend, DjangoSMTPBackend)
    try:
        with mark_session(token=token, pipelined=two_phase) as marks:
            for index, row in enumerate(rows):
                if time.monotonic() > deadline:
                    _release(token, rows[index:])
                    break
                message_id = f"<newsletter-{newsletter.pk}-{row.pk}@{message_domain()}>"
                message = build_message(
                    rendered=renders.get(row.language),
                    email=row.email,
                    language=row.language,
                    message_id=message_id,
                )
                try:
                    if two_phase:
                        mark = marks.mark(row_id=row.pk, message_id=message_id)
                        send_with_commit_before_accept(backend, message, mark=mark)
                    else:
                        backend.send_messages([message])
                except ClaimLost:
                    backend.open()
                    continue
                except AcceptanceUnknown as error:
                    # Sending it again could send it twice, keeping it "sent" could hide a
                    # loss: recorded as what it is, shown to organizers, never retried by itself.
                    Delivery.objects.filter(pk=row.pk, claim_token=token).update(
                        status=Delivery.Status.UNKNOWN,
                        sent_at=None,
                        error=f"No answer after the message was handed over: {error}"[:500],
                    )
                    # The connection is gone: the rest go back for the task's retry.
                    _release(token, rows[index + 1 :])
                    raise
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
                    # Refused for good: not sent, whatever was marked just before.
                    Delivery.objects.filter(pk=row.pk, claim_token=token).update(
                        status=Delivery.Status.FAILED, sent_at=None, error=str(error)[:500]
                    )
                    continue
                except Exception:
                    # The connection or the provider failed: give back what this batch did not
                    # reach (this row included, if it was marked) so another try starts there,
                    # then let the task retry.
                    Delivery.objects.filter(pk=row.pk, claim_token=token).update(
                        status=Delivery.Status.CLAIMED, sent_at=None
                    )
                    _release(token, rows[index:])
                    raise
                if not two_phase and not _record_provider_answer(
                    message=message, row=row, token=token, message_id=message_id
                ):
                    continue
                sent += 1
    finally:
        backend.close()
    return sent


def _record_provider_answer(*, message, row, token: str, message_id: str) -> bool:
    """Record what an ESP said of one message; False when it rejected it."""
    status = getattr(message, "anymail_status", None)
    if status is not None and status.status and status.status <= {"rejected", "invalid"}:
        Delivery.objects.filter(pk=row.pk, claim_token=token).update(
            status=Delivery.Status.FAILED, error=f"Rejected: {status.status}"
        )
        return False
    esp_id = getattr(status, "message_id", None) if status is not None else None
    # Recorded at once, on its own: a crash now loses at most this one row's record.
    Delivery.objects.filter(pk=row.pk, claim_token=token).update(
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        message_id=str(esp_id or message_id)[:255],
    )
    return True


def delivery_progress(*, newsletter_id: int) -> dict[str, int]:
    counts = dict(
        Delivery.objects.filter(newsletter_id=newsletter_id)
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    progress = {status.value: counts.get(status.value, 0) for status in Delivery.Status}
    progress["total"] = sum(progress.values())
    return progress


def newsletter_deliver(*, newsletter_id: int, max_batches: int = 50) -> dict[str, int]:
    """Send up to `max_batches` batches. Returns {"sent", "more"}; more=1 when work remains."""
    dispatch = NewsletterDispatch.objects.filter(newsletter_id=newsletter_id).first()
    if dispatch is None or dispatch.status != NewsletterDispatch.Status.SENDING:
        return {"sent": 0, "more": 0}
    newsletter = NewsletterPage.objects.get(pk=newsletter_id)
    renders = RenderCache(newsletter)
    sent = 0
    for _batch in range(max_batches):
        # Pausing takes effect between batches.
        if not NewsletterDispatch.objects.filter(
            pk=dispatch.pk, status=NewsletterDispatch.Status.SENDING
        ).exists():
            return {"sent": sent, "more": 0}
        claimed_at = time.monotonic()
        token, rows = delivery_claim_batch(newsletter_id=newsletter_id)
        if not rows:
            if (
                token
                and Delivery.objects.filter(
                    newsletter_id=newsletter_id, status=Delivery.Status.QUEUED
                ).exists()
            ):
                # Everything left was suppressed or failed in this claim; look again.
                continue
            break
        sent += delivery_send_batch(
            newsletter=newsletter, token=token, rows=rows, renders=renders, claimed_at=claimed_at
        )
    else:
        return {"sent": sent, "more": 1}
    newsletter_finish_if_done(newsletter_id=newsletter_id)
    return {"sent": sent, "more": 0}


def newsletter_finish_if_done(*, newsletter_id: int) -> bool:
    unfinished = Delivery.objects.filter(
        newsletter_id=newsletter_id,
        status__in=[Delivery.Status.QUEUED, Delivery.Status.CLAIMED],
    ).exists()
    if unfinished:
        return False
    updated = NewsletterDispatch.objects.filter(
        newsletter_id=newsletter_id, status=NewsletterDispatch.Status.SENDING
    ).update(status=NewsletterDispatch.Status.SENT, finished_at=timezone.now())
    if updated:
        logger.info("Newsletter %s: every recipient handled", newsletter_id)
    return bool(updated)
