"""Every write about newsletters, suppressions, shout-outs and milestones."""

import hashlib
import logging
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_log
from portal.newsletters.models import (
    Delivery,
    NewsletterDispatch,
    NewsletterPage,
    ShoutOut,
    Suppression,
    TrackingEvent,
)
from portal.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

# The start of a send in the audit trail (label in portal/newsletters/wagtail_hooks.py).
SEND_START = "newsletters.send_start"
RESEND_UNKNOWN = "newsletters.resend_unknown"


# --- Newsletters -------------------------------------------------------------------------


def newsletter_schedule(
    *, newsletter: NewsletterPage, send_at: datetime, user=None
) -> NewsletterDispatch:
    """Schedule (or reschedule) the sending. Due now → the send starts right after commit."""
    from portal.newsletters import tasks

    newsletter = newsletter.source
    if not newsletter.live:
        raise ValidationError(_("Publish the newsletter before scheduling it."))
    with transaction.atomic():
        dispatch = (
            NewsletterDispatch.objects.select_for_update().filter(newsletter=newsletter).first()
        )
        if dispatch is None:
            dispatch = NewsletterDispatch(newsletter=newsletter)
        elif dispatch.status not in (
            NewsletterDispatch.Status.SCHEDULED,
            NewsletterDispatch.Status.CANCELLED,
        ):
            raise ValidationError(_("This newsletter is already being sent or was sent."))
        dispatch.status = NewsletterDispatch.Status.SCHEDULED
        dispatch.send_at = send_at
        dispatch.scheduled_by = user
        dispatch.save()
        if send_at <= timezone.now():
            enqueue_on_commit(tasks.start_newsletter, newsletter.pk)
    logger.info("Newsletter %s scheduled for %s", newsletter.pk, send_at.isoformat())
    return dispatch


def _dispatch_move(
    *, newsletter: NewsletterPage, from_status: str, to_status: str, refusal: str
) -> NewsletterDispatch:
    """Move a newsletter's dispatch from one state to the next under a row lock, or refuse."""
    dispatch = NewsletterDispatch.objects.select_for_update().get(newsletter=newsletter.source)
    if dispatch.status != from_status:
        raise ValidationError(refusal)
    dispatch.status = to_status
    dispatch.save(update_fields=["status"])
    return dispatch


def newsletter_cancel(*, newsletter: NewsletterPage) -> NewsletterDispatch:
    with transaction.atomic():
        return _dispatch_move(
            newsletter=newsletter,
            from_status=NewsletterDispatch.Status.SCHEDULED,
            to_status=NewsletterDispatch.Status.CANCELLED,
            refusal=_("Only a newsletter that has not started can be cancelled."),
        )


def newsletter_pause(*, newsletter: NewsletterPage) -> NewsletterDispatch:
    with transaction.atomic():
        return _dispatch_move(
            newsletter=newsletter,
            from_status=NewsletterDispatch.Status.SENDING,
            to_status=NewsletterDispatch.Status.PAUSED,
            refusal=_("Only a newsletter that is sending can be paused."),
        )


def newsletter_resume(*, newsletter: NewsletterPage) -> NewsletterDispatch:
    from portal.newsletters import tasks

    with transaction.atomic():
        dispatch = _dispatch_move(
            newsletter=newsletter,
            from_status=NewsletterDispatch.Status.PAUSED,
            to_status=NewsletterDispatch.Status.SENDING,
            refusal=_("Only a paused newsletter can be resumed."),
        )
        for _worker in range(parallel_senders()):
            enqueue_on_commit(tasks.deliver_newsletter, dispatch.newsletter_id)
    return dispatch


def newsletter_resend_unknown(*, newsletter: NewsletterPage, user) -> int:
    """Queue again the deliveries whose fate is unknown (see Delivery.Status.UNKNOWN).

    Only an organizer decides this: some of those people may have the newsletter already and
    will get it twice. Returns how many were queued; the action is logged on the newsletter.
    """

    from portal.newsletters import tasks

    newsletter = newsletter.source
    with transaction.atomic():
        dispatch = NewsletterDispatch.objects.select_for_update().get(newsletter=newsletter)
        count = Delivery.objects.filter(
            newsletter=newsletter, status=Delivery.Status.UNKNOWN
        ).update(
            status=Delivery.Status.QUEUED,
            claim_token="",
            lease_expires_at=None,
            attempts=0,
            error="",
        )
        if not count:
            return 0
        if dispatch.status == NewsletterDispatch.Status.SENT:
            dispatch.status = NewsletterDispatch.Status.SENDING
            dispatch.finished_at = None
            dispatch.save(update_fields=["status", "finished_at"])
        if dispatch.status == NewsletterDispatch.Status.SENDING:
            enqueue_on_commit(tasks.deliver_newsletter, newsletter.pk)
        audit_log(instance=newsletter, action=RESEND_UNKNOWN, user=user, data={"count": count})
    logger.info("Newsletter %s: %s unknown deliveries queued again", newsletter.pk, count)
    return count


def parallel_senders() -> int:
    return int(getattr(settings, "NEWSLETTER_PARALLEL_SENDERS", 2))


def newsletter_start(*, newsletter_id: int, queue: str | None = None) -> dict[str, int]:
    """Write the ledger for a due newsletter and start the senders. Safe to run twice."""
    from portal.newsletters import tasks
    from portal.newsletters.delivery import deliveries_queue

    with transaction.atomic():
        dispatch = (
            NewsletterDispatch.objects.select_for_update()
            .filter(newsletter_id=newsletter_id)
            .first()
        )
        if dispatch is None:
            return {}
        due = dispatch.status == NewsletterDispatch.Status.SCHEDULED and (
            dispatch.send_at <= timezone.now()
        )
        if not due and dispatch.status != NewsletterDispatch.Status.QUEUING:
            return {}
        dispatch.status = NewsletterDispatch.Status.QUEUING
        dispatch.started_at = dispatch.started_at or timezone.now()
        dispatch.save(update_fields=["status", "started_at"])
    newsletter = NewsletterPage.objects.get(pk=newsletter_id)
    shoutouts_mark_featured(newsletter=newsletter)
    result = deliveries_queue(newsletter=newsletter)
    counts = {"queued": result.queued, "suppressed": result.suppressed, "capped": result.capped}
    with transaction.atomic():
        started = NewsletterDispatch.objects.filter(
            pk=dispatch.pk, status=NewsletterDispatch.Status.QUEUING
        ).update(status=NewsletterDispatch.Status.SENDING)
        if started:
            # Logged with the move to "sending", so a rerun after a crash logs it once; the
            # send is the action of whoever scheduled it.
            audit_log(
                instance=newsletter, action=SEND_START, user=dispatch.scheduled_by, data=counts
            )
        options = {"queue": queue} if queue else {}
        for _worker in range(parallel_senders()):
            enqueue_on_commit(tasks.deliver_newsletter, newsletter_id, **options)
    logger.info(
        "Newsletter %s queued: %s to send, %s suppressed, %s over the weekly limit",
        newsletter_id,
        result.queued,
        result.suppressed,
        result.capped,
    )
    return counts


def newsletters_start_due() -> int:
    from portal.newsletters import tasks

    due = list(
        NewsletterDispatch.objects.filter(
            status=NewsletterDispatch.Status.SCHEDULED, send_at__lte=timezone.now()
        ).values_list("newsletter_id", flat=True)
    )
    for newsletter_id in due:
        tasks.start_newsletter.delay(newsletter_id)
    return len(due)


def newsletters_resume_stalled() -> int:
    """Restart senders for sends left unfinished (e.g. every worker was killed)."""
    from portal.newsletters import tasks

    now = timezone.now()
    stalled = 0
    for dispatch in NewsletterDispatch.objects.filter(
        status__in=[NewsletterDispatch.Status.SENDING, NewsletterDispatch.Status.QUEUING]
    ):
        if dispatch.status == NewsletterDispatch.Status.QUEUING:
            tasks.start_newsletter.delay(dispatch.newsletter_id)
            stalled += 1
            continue
        waiting = Delivery.objects.filter(newsletter_id=dispatch.newsletter_id).filter(
            status=Delivery.Status.QUEUED
        ) | Delivery.objects.filter(
            newsletter_id=dispatch.newsletter_id,
            status=Delivery.Status.CLAIMED,
            lease_expires_at__lt=now,
        )
        if waiting.exists():
            tasks.deliver_newsletter.delay(dispatch.newsletter_id)
            stalled += 1
    return stalled


def newsletter_send_test(*, newsletter: NewsletterPage, user) -> None:
    """Send the latest draft to one editor. Not a bulk send: no ledger row, no weekly limit."""
    from django.core.mail import get_connection

    from portal.newsletters.rendering import build_message, render_newsletter

    if not getattr(user, "email", ""):
        raise ValidationError(_("Your account has no email address."))
    draft = newsletter.get_latest_revision_as_object()
    rendered = render_newsletter(newsletter=draft)
    message = build_message(
        rendered=rendered, email=user.email, language=draft.locale.language_code
    )
    message.subject = _("[Test] %(subject)s") % {"subject": message.subject}
    get_connection().send_messages([message])


# --- Suppression and tracking ------------------------------------------------------------


def suppression_add(
    *, email: str, reason: str, source: str = "", detail: str = ""
) -> tuple[Suppression, bool]:
    """Suppress an address. The first reason recorded stays; adding again changes nothing."""
    email = (email or "").strip().lower()
    if not email or "@" not in email:
        raise ValidationError(_("An email address is required."))
    if reason not in Suppression.Reason.values:
        raise ValidationError(_("Unknown suppression reason."))
    with transaction.atomic():
        suppression, created = Suppression.objects.get_or_create(
            email=email,
            defaults={"reason": reason, "source": source[:40], "detail": detail[:500]},
        )
    if created:
        logger.info("Suppressed an address (%s, %s)", reason, source)
    return suppression, created


def newsletter_unsubscribe(*, email: str, source: str) -> tuple[Suppression, bool]:
    """Stop bulk email to an address, and record it in the person's consent ledger too."""
    from recruitment.models import Consent, Volunteer
    from recruitment.services import volunteer_set_consents

    with transaction.atomic():
        result = suppression_add(email=email, reason=Suppression.Reason.UNSUBSCRIBED, source=source)
        volunteer = Volunteer.objects.filter(user__email__iexact=email.strip()).first()
        if volunteer is not None:
            volunteer_set_consents(
                volunteer=volunteer,
                choices={Consent.Channel.EMAIL: False},
                source=Consent.Source.UNSUBSCRIBE,
            )
    return result


# anymail's normalized event types that mean "never mail this address in bulk again".
SUPPRESSING_EVENTS = {
    "bounced": Suppression.Reason.BOUNCED,
    "complained": Suppression.Reason.COMPLAINED,
    "unsubscribed": Suppression.Reason.UNSUBSCRIBED,
    "rejected": Suppression.Reason.REJECTED,
}


def _event_fingerprint(event, esp_name: str) -> str:
    if event.event_id:
        raw = f"id:{event.event_id}"
    else:
        stamp = event.timestamp.isoformat() if event.timestamp else ""
        raw = f"{event.event_type}|{event.recipient}|{event.message_id}|{stamp}"
    return hashlib.sha256(f"{esp_name}|{raw}".encode()).hexdigest()


def tracking_event_record(*, event, esp_name: str) -> bool:
    """Record one ESP tracking event; a replay is recognised and changes nothing."""
    fingerprint = _event_fingerprint(event, esp_name)
    try:
        with transaction.atomic():
            TrackingEvent.objects.create(
                esp_name=esp_name[:40],
                fingerprint=fingerprint,
                event_type=str(event.event_type or "")[:30],
                recipient=(event.recipient or "")[:254],
                message_id=str(event.message_id or "")[:255],
            )
            reason = SUPPRESSING_EVENTS.get(event.event_type)
            # A soft bounce is a deferral dressed as a bounce; only hard failures suppress.
            if reason == Suppression.Reason.BOUNCED and _is_soft_bounce(event):
                reason = None
            if reason == Suppression.Reason.UNSUBSCRIBED and event.recipient:
                newsletter_unsubscribe(email=event.recipient, source=esp_name)
            elif reason and event.recipient:
                suppression_add(
                    email=event.recipient,
                    reason=reason,
                    source=esp_name,
                    detail=str(event.description or event.reject_reason or "")[:500],
                )
    except IntegrityError:
        logger.info("Ignored a replayed %s webhook event", esp_name)
        return False
    except ValidationError:
        logger.warning("Ignored a %s webhook event without a usable address", esp_name)
        return False
    return True


def _is_soft_bounce(event) -> bool:
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    return raw.get("Type") == "SoftBounce"


# --- Shout-outs ----------------------------------------------------------------------------


def _is_organizer(user) -> bool:
    return bool(
        user
        and user.is_active
        and (user.is_superuser or user.has_perm("newsletters.change_shoutout"))
    )


def shoutout_create(*, recipient, message: str, author) -> ShoutOut:
    """An organizer's shout-out: approved at once, and the volunteer is told."""
    if not _is_organizer(author):
        raise PermissionDenied(_("Only organizers can publish shout-outs."))
    message = (message or "").strip()
    if not message:
        raise ValidationError(_("Write a few words of thanks."))
    with transaction.atomic():
        shoutout = ShoutOut.objects.create(recipient=recipient, author=author, message=message)
        shoutout_approve(shoutout=shoutout, user=author)
    return shoutout


def shoutout_nominate(*, recipient, message: str, author) -> ShoutOut:
    """A volunteer thanks a peer; an organizer approves it before anyone sees it."""
    message = (message or "").strip()
    if not message:
        raise ValidationError(_("Write a few words of thanks."))
    if recipient.pk == author.pk:
        raise ValidationError(_("Nominate someone other than yourself."))
    with transaction.atomic():
        return ShoutOut.objects.create(recipient=recipient, author=author, message=message)


def shoutout_approve(*, shoutout: ShoutOut, user) -> ShoutOut:
    from portal.newsletters import tasks

    if not _is_organizer(user):
        raise PermissionDenied(_("Only organizers can approve shout-outs."))
    with transaction.atomic():
        shoutout = ShoutOut.objects.select_for_update().get(pk=shoutout.pk)
        if shoutout.status == ShoutOut.Status.APPROVED:
            return shoutout
        shoutout.status = ShoutOut.Status.APPROVED
        shoutout.approved_at = timezone.now()
        shoutout.approved_by = user
        shoutout.save(update_fields=["status", "approved_at", "approved_by"])
        enqueue_on_commit(tasks.notify_shoutout, shoutout.pk)
    return shoutout


def shoutout_decline(*, shoutout: ShoutOut, user) -> ShoutOut:
    if not _is_organizer(user):
        raise PermissionDenied(_("Only organizers can decline shout-outs."))
    with transaction.atomic():
        shoutout = ShoutOut.objects.select_for_update().get(pk=shoutout.pk)
        if shoutout.status != ShoutOut.Status.PENDING:
            raise ValidationError(_("Only a shout-out waiting for review can be declined."))
        shoutout.status = ShoutOut.Status.DECLINED
        shoutout.save(update_fields=["status"])
    return shoutout


def shoutout_set_public(*, shoutout: ShoutOut, public: bool) -> ShoutOut:
    """The volunteer's own choice to show (or hide) their shout-out on the wall."""
    with transaction.atomic():
        shoutout = ShoutOut.objects.select_for_update().get(pk=shoutout.pk)
        if shoutout.status != ShoutOut.Status.APPROVED:
            raise ValidationError(_("This shout-out is not approved."))
        shoutout.show_publicly = public
        shoutout.save(update_fields=["show_publicly"])
    return shoutout


def shoutouts_mark_featured(*, newsletter: NewsletterPage) -> int:
    """Pin the shout-outs this newsletter shows, so the next newsletter shows newer ones."""
    from portal.newsletters.selectors import shoutouts_for_newsletter

    ids = [item.pk for item in shoutouts_for_newsletter(newsletter=newsletter)]
    with transaction.atomic():
        return ShoutOut.objects.filter(pk__in=ids, featured_in__isnull=True).update(
            featured_in=newsletter
        )


def shoutout_notify(*, shoutout_id: int) -> bool:
    """Email the volunteer about their shout-out, once."""
    from portal.newsletters import emails

    with transaction.atomic():
        claimed = ShoutOut.objects.filter(
            pk=shoutout_id, status=ShoutOut.Status.APPROVED, notified_at__isnull=True
        ).update(notified_at=timezone.now())
    if not claimed:
        return False
    shoutout = ShoutOut.objects.select_related("recipient").get(pk=shoutout_id)
    return emails.send_shoutout_email(shoutout=shoutout)


def ledger_forget_erased_addresses() -> int:
    """Retention (issue 22): the delivery ledger keeps no address of a person who is gone.

    Deliveries go with the account (their recipient key cascades); replay-guard rows of the
    tracking webhooks keep the address only while someone still has it. Suppressions stay:
    they are what keeps a bounced or unsubscribed address from being mailed again. Ledger rows
    hold no message bodies at all (the newsletter page is the body).
    """
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef

    owner = get_user_model().objects.filter(email__iexact=OuterRef("recipient"))
    with transaction.atomic():
        return (
            TrackingEvent.objects.exclude(recipient="").filter(~Exists(owner)).update(recipient="")
        )
