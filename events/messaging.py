"""Staff messages to the people of an event, a shift or one status (issue 19, item 1).

These are about a sign-up, so they are transactional: no marketing consent is asked, but every
one goes through a ledger unique per (message, person), written before any email is sent, so a
task run twice sends nobody two copies and a lost worker's rows are swept again
(portal.notices). People who gave a mobile number and ticked "Text me" on their sign-up also
get it by text, through the text ledger (portal.sms). Replies go to the event's contact.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import RSVP, EventMessage, EventMessageDelivery, EventPage, Shift
from events.selectors import can_run_desk_for_all
from portal.audit import audit_log
from portal.db import retry_when_sqlite_is_locked
from portal.mail import AcceptanceUnknown
from portal.notices import lost_notices_filter, notices_resend
from portal.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

# The audit trail's action (label in events/wagtail_hooks.py).
EVENT_MESSAGE = "events.event_message"

# Rate limits: enough for a busy evening ("parking moved", "we start late"), too few to turn an
# event's sign-ups into a mailing list.
PER_SENDER_PER_HOUR = 10
PER_EVENT_PER_DAY = 10
# The same words to the same event again within this window are a double submit, not news.
DUPLICATE_WINDOW = timedelta(hours=1)
# A text carries the message cut to four GSM-7 segments.
TEXT_LIMIT = 612

Audience = EventMessage.Audience


class MessageError(Exception):
    """Why a message cannot be sent, in words for the person writing it."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def may_message_event(*, user, event: EventPage) -> bool:
    """Organizers message any event; its host and assigned interns only where the organizers
    switched it on for that event."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if can_run_desk_for_all(user):
        return True
    if not event.staff_may_message:
        return False
    return event.host_id == user.pk or event.interns.filter(pk=user.pk).exists()


def _audience_filter(audience: str) -> Q:
    return {
        Audience.ACTIVE: Q(status__in=RSVP.ACTIVE),
        Audience.REGISTERED: Q(status__in=(RSVP.Status.REGISTERED, RSVP.Status.WALK_IN)),
        Audience.WAITLISTED: Q(status=RSVP.Status.WAITLISTED),
        Audience.ATTENDED: Q(attendance=RSVP.Attendance.ATTENDED)
        & ~Q(status=RSVP.Status.CANCELLED),
        Audience.NO_SHOW: Q(attendance=RSVP.Attendance.NO_SHOW) & ~Q(status=RSVP.Status.CANCELLED),
    }[audience]


def message_recipients(*, event: EventPage, shift: Shift | None, audience: str) -> list[RSVP]:
    """One sign-up per person who would get the message (their earliest matching shift's, for
    its language and phone number), in name order for the preview."""
    if audience not in Audience.values:
        raise MessageError(_("Choose who the message is for."))
    if shift is not None and shift.page_id != event.shift_owner.pk:
        raise MessageError(_("That shift is not part of this event."))
    rsvps = (
        RSVP.objects.filter(_audience_filter(audience), shift__page=event.shift_owner)
        .select_related("person", "shift")
        .order_by("shift__start_at", "pk")
    )
    if shift is not None:
        rsvps = rsvps.filter(shift=shift)
    first_by_person: dict[int, RSVP] = {}
    for rsvp in rsvps:
        first_by_person.setdefault(rsvp.person_id, rsvp)
    return sorted(
        first_by_person.values(),
        key=lambda rsvp: (rsvp.person.last_name.lower(), rsvp.person.first_name.lower()),
    )


def _rate_limit_problem(*, event: EventPage, by, subject: str, body: str, now: datetime):
    recent = EventMessage.objects.filter(created_at__gt=now - DUPLICATE_WINDOW)
    if recent.filter(event=event, subject=subject, body=body).exists():
        return _("This message was already sent to this event in the last hour.")
    if recent.filter(sender=by).count() >= PER_SENDER_PER_HOUR:
        return _("You have sent %(count)s messages in the last hour; wait a little.") % {
            "count": PER_SENDER_PER_HOUR
        }
    day = EventMessage.objects.filter(event=event, created_at__gt=now - timedelta(days=1))
    if day.count() >= PER_EVENT_PER_DAY:
        return _(
            "This event's people were sent %(count)s messages in the last day; that is the limit."
        ) % {"count": PER_EVENT_PER_DAY}
    return None


def event_message_send(
    *,
    event: EventPage,
    shift: Shift | None,
    audience: str,
    subject: str,
    body: str,
    by,
    now: datetime | None = None,
) -> EventMessage:
    """Record a message and one ledger row per recipient, log it, and send it after commit."""
    now = now or timezone.now()
    subject, body = subject.strip(), body.strip()
    if not may_message_event(user=by, event=event):
        raise PermissionDenied
    if not subject or not body:
        raise MessageError(_("Write a subject and a message."))
    return retry_when_sqlite_is_locked(
        lambda: _event_message_send(
            event=event, shift=shift, audience=audience, subject=subject, body=body, by=by, now=now
        )
    )


def _event_message_send(
    *, event: EventPage, shift, audience: str, subject: str, body: str, by, now: datetime
) -> EventMessage:
    from events import tasks

    with transaction.atomic():
        # One sender at a time per event, so two clicks cannot both pass the limits.
        EventPage.objects.select_for_update().filter(pk=event.pk).first()
        recipients = message_recipients(event=event, shift=shift, audience=audience)
        if not recipients:
            raise MessageError(_("Nobody matches this choice: the message was not sent."))
        problem = _rate_limit_problem(event=event, by=by, subject=subject, body=body, now=now)
        if problem:
            raise MessageError(problem)
        message = EventMessage.objects.create(
            event=event,
            shift=shift,
            audience=audience,
            subject=subject,
            body=body,
            sender=by,
            created_at=now,
            recipient_count=len(recipients),
        )
        EventMessageDelivery.objects.bulk_create(
            [
                EventMessageDelivery(message=message, person=rsvp.person, rsvp=rsvp, created_at=now)
                for rsvp in recipients
            ]
        )
        texted = _texts_record(message=message, recipients=recipients)
        audit_log(
            instance=event,
            action=EVENT_MESSAGE,
            user=by,
            data={
                "message": message.pk,
                "shift": getattr(shift, "pk", None),
                "audience": audience,
                "recipients": len(recipients),
                "texts": texted,
            },
        )
        enqueue_on_commit(tasks.send_event_message, message.pk)
    return message


def _texts_record(*, message: EventMessage, recipients: list[RSVP]) -> int:
    from events.texts import rsvp_textable
    from home.selectors import organization_contact
    from portal.sms import services as sms

    textable = [rsvp for rsvp in recipients if rsvp_textable(rsvp)]
    if not textable:
        return 0
    org = organization_contact()["name"]
    text = f"{org}: {message.subject}. {message.body}"
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1] + "…"
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    queued = sms.texts_record_many(
        message_key=f"events.message:{message.pk}:{digest}",
        recipients=[
            {"to": rsvp.phone, "user": rsvp.person, "zip_code": rsvp.postal_code}
            for rsvp in textable
        ],
        body=text,
    )
    return len(queued)


def event_message_deliver(*, message_id: int) -> int:
    """Send every untaken row of the message, each at most once. Returns how many were sent.

    A row is taken with one conditional UPDATE before its email: a second run of the task (or
    a concurrent one) finds it taken and skips it.
    """
    rows = (
        EventMessageDelivery.objects.filter(
            message_id=message_id, sent_at__isnull=True, taken_at__isnull=True, retries=0
        )
        .select_related("message__event", "message__shift", "person", "rsvp")
        .order_by("pk")
    )
    sent = 0
    for row in rows:
        taken = EventMessageDelivery.objects.filter(
            pk=row.pk, sent_at__isnull=True, taken_at__isnull=True, retries=0
        ).update(taken_at=timezone.now())
        if not taken:
            continue
        try:
            _deliver(row)
        except AcceptanceUnknown:
            continue
        except Exception:
            # Left taken and unsent: the sweep sends it again later (deliveries_resend_lost).
            logger.exception("Event message delivery %s failed", row.pk)
            continue
        sent += 1
    return sent


def _deliver(row: EventMessageDelivery) -> None:
    from events import emails

    try:
        emails.send_event_message(delivery=row)
    except AcceptanceUnknown:
        # It may have arrived: recorded as such and never sent again automatically.
        EventMessageDelivery.objects.filter(pk=row.pk).update(outcome_unknown=True)
        raise
    EventMessageDelivery.objects.filter(pk=row.pk).update(sent_at=timezone.now())


def deliveries_resend_lost(*, now: datetime | None = None, limit: int = 500) -> int:
    """Rows whose worker was lost (taken long ago, or never taken) are sent again."""
    now = now or timezone.now()
    lost_after = timedelta(minutes=10)
    lost = (
        EventMessageDelivery.objects.filter(
            Q(taken_at__isnull=True, created_at__lt=now - lost_after)
            | Q(**lost_notices_filter(now=now, taken_field="taken_at")),
            sent_at__isnull=True,
            outcome_unknown=False,
            retries__lt=3,
        )
        .select_related("message__event", "message__shift", "person", "rsvp")
        .order_by("pk")[:limit]
    )
    return notices_resend(
        lost=list(lost),
        still_relevant=lambda row: True,
        send=_deliver,
        now=now,
        taken_field="taken_at",
    )


# --- Reads for the screens ----------------------------------------------------------------


def event_messages(*, event: EventPage):
    """The event's messages, newest first, with how many of each were sent or are in doubt."""
    return (
        EventMessage.objects.filter(event=event)
        .select_related("sender", "shift")
        .annotate(
            sent=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False)),
            unknown=Count("deliveries", filter=Q(deliveries__outcome_unknown=True)),
        )
    )


def messages_received(*, user, limit: int = 10) -> list[EventMessageDelivery]:
    """The messages about their sign-ups a person was sent, newest first (their history)."""
    if not user.is_authenticated:
        return []
    return list(
        EventMessageDelivery.objects.filter(person=user, sent_at__isnull=False)
        .select_related("message__event")
        .order_by("-sent_at", "-pk")[:limit]
    )


def messages_history(*, user, limit: int = 50) -> list[EventMessageDelivery]:
    """Every ledger row for a person, sent or not, newest first (the admin's person history)."""
    return list(
        EventMessageDelivery.objects.filter(person=user)
        .select_related("message__event", "message__sender")
        .order_by("-created_at", "-pk")[:limit]
    )
