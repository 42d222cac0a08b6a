"""Event texts: what a shift's people are told by SMS, and what their replies do.

Who is told what and when stays in services.py (reminders_due, the notice kinds): each notice a
service sends by email is also offered here, and goes out by text to people who gave a mobile
number on that RSVP, ticked "Text me", and have not said no since. The text ledger, quiet hours,
the daily cap and the provider are portal.sms's.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from events.models import RSVP, Notice, Shift
from home.selectors import organization_contact
from portal.sms import services as sms
from portal.sms.models import TextMessage
from portal.sms.signals import text_received
from recruitment.selectors import sms_withdrawn
from recruitment.services import volunteers_sms_consent_set

# Carrier keywords (CTIA): they act at once, whatever else the message says.
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
START_WORDS = {"START", "UNSTOP"}
HELP_WORDS = {"HELP", "INFO"}
CONFIRM_WORDS = {"C", "Y", "YES", "SI", "SÍ"}
DECLINE_WORDS = {"N", "NO"}

# Late news about a shift soon to start cannot wait for the morning.
URGENT_WITHIN = timedelta(hours=12)


def rsvp_textable(rsvp: RSVP) -> bool:
    """Transactional texts: a mobile number on this RSVP, "Text me" ticked, no "no" since."""
    return bool(rsvp.phone and rsvp.sms_opt_in) and not sms_withdrawn(user=rsvp.person)


def _when(shift: Shift) -> str:
    local = timezone.localtime(shift.start_at, shift.page.zone)
    return f"{formats.date_format(local, 'D j M')} {formats.time_format(local, 'TIME_FORMAT')}"


def notice_body(*, rsvp: RSVP, kind: str) -> str:
    """Short, in the person's language, signed with the organization's name."""
    shift = rsvp.shift
    values = {
        "org": organization_contact()["name"],
        "event": shift.page.title[:60],
        "when": _when(shift),
    }
    with translation.override(rsvp.language or "en"):
        text = {
            Notice.Kind.DAY_BEFORE: _(
                "%(org)s: reminder, %(event)s is %(when)s. Reply C to confirm or N if you "
                "can't come."
            ),
            Notice.Kind.TWO_HOURS: _("%(org)s: %(event)s starts at %(when)s. See you soon!"),
            Notice.Kind.CHANGED: _(
                "%(org)s: %(event)s has changed; it is now %(when)s. Details in your email."
            ),
            Notice.Kind.CANCELLED: _("%(org)s: %(event)s on %(when)s is cancelled. Sorry!"),
            Notice.Kind.PROMOTED: _(
                "%(org)s: a place opened up. You are in for %(event)s, %(when)s."
            ),
        }.get(kind)
        if kind == Notice.Kind.PROMOTED and rsvp.promotion_expires_at:
            # A late promotion is theirs only if confirmed in time (events.waitlist).
            local = timezone.localtime(rsvp.promotion_expires_at, shift.page.zone)
            values["deadline"] = formats.time_format(local, "TIME_FORMAT")
            text = _(
                "%(org)s: a place opened up for %(event)s, %(when)s. Confirm by %(deadline)s "
                "with the link in your email, or it passes to the next person."
            )
        return text % values if text else ""


def rsvp_notice_text(*, rsvp: RSVP, kind: str, key: str = "") -> TextMessage | None:
    """Offer a notice about `rsvp` by text too; at most once per (notice, number)."""
    if not rsvp_textable(rsvp):
        return None
    body = notice_body(rsvp=rsvp, kind=kind)
    if not body:
        return None
    shift = rsvp.shift
    soon = shift.start_at - timezone.now() <= URGENT_WITHIN
    return sms.text_record(
        message_key=f"events.notice:{rsvp.pk}:{kind}:{key}",
        to=rsvp.phone,
        body=body,
        user=rsvp.person,
        zip_code=rsvp.postal_code,
        urgent=soon and kind in (Notice.Kind.CANCELLED, Notice.Kind.CHANGED),
        # A cancellation matters until the shift would have started; everything else too.
        expires_at=shift.start_at,
    )


def shift_text_recipients(*, shift: Shift) -> list[RSVP]:
    """The people an organizer's message to a shift reaches: registered, and textable."""
    rsvps = RSVP.objects.filter(
        shift=shift, status__in=(RSVP.Status.REGISTERED, RSVP.Status.WALK_IN)
    ).select_related("person")
    return [rsvp for rsvp in rsvps if rsvp_textable(rsvp)]


# --- Replies ----------------------------------------------------------------------------------


def _accounts_on(number: str) -> list:
    """Every account this number belongs to: those texted on it, and RSVPs that gave it."""
    texted = TextMessage.objects.filter(to=number, user__isnull=False).values_list(
        "user", flat=True
    )
    national = number[2:] if number.startswith("+1") else number
    rsvps = RSVP.objects.filter(phone__in=[number, national, number[1:]]).values_list(
        "person", flat=True
    )
    return sorted(set(texted) | set(rsvps))


def _last_reminder(number: str) -> RSVP | None:
    text = (
        TextMessage.objects.filter(
            to=number,
            message_key__startswith="events.notice:",
            message_key__contains=f":{Notice.Kind.DAY_BEFORE}:",
            state__in=(TextMessage.State.SENT, TextMessage.State.DELIVERED),
        )
        .order_by("-sent_at", "-pk")
        .first()
    )
    if text is None:
        return None
    rsvp_id = int(text.message_key.split(":")[1])
    return (
        RSVP.objects.select_related("shift__page")
        .filter(pk=rsvp_id, status__in=RSVP.ACTIVE, shift__start_at__gt=timezone.now())
        .first()
    )


def _language(number: str) -> str:
    rsvp = RSVP.objects.filter(person__in=_accounts_on(number)).order_by("-created_at").first()
    return rsvp.language if rsvp else "en"


@receiver(text_received, dispatch_uid="events.text_received")
def text_reply(sender: str, body: str, **kwargs) -> str | None:
    """The answer to a text from `sender` (a normalized number), or None to stay silent."""
    from events import services

    word = (body or "").strip().upper().rstrip(".!")
    contact = organization_contact()
    with translation.override(_language(sender)):
        if word in STOP_WORDS:
            with transaction.atomic():
                changed = sms.number_opt_out(number=sender)
                volunteers_sms_consent_set(number=sender, users=_accounts_on(sender), granted=False)
            # Confirmed once: a second STOP changes nothing and gets no answer.
            if not changed:
                return None
            return _(
                "%(org)s: you will get no more texts from us. Reply START to get them again."
            ) % {"org": contact["name"]}
        if word in START_WORDS:
            with transaction.atomic():
                changed = sms.number_opt_in(number=sender)
                volunteers_sms_consent_set(number=sender, users=_accounts_on(sender), granted=True)
            return _("%(org)s: texts are on again. Reply STOP to stop, HELP for help.") % {
                "org": contact["name"]
            }
        if word in HELP_WORDS:
            reach = " · ".join(part for part in (contact["email"], contact["phone"]) if part)
            return _(
                "%(org)s volunteer texts: shift reminders and changes. Contact: %(reach)s. "
                "Reply STOP to stop. Msg & data rates may apply."
            ) % {"org": contact["name"], "reach": reach or "-"}
        if word in CONFIRM_WORDS | DECLINE_WORDS:
            rsvp = _last_reminder(sender)
            if rsvp is None:
                return None
            values = {"org": contact["name"], "event": rsvp.shift.page.title[:60]}
            if word in CONFIRM_WORDS:
                services.rsvp_confirm_attendance(rsvp=rsvp)
                return _("%(org)s: thank you, see you at %(event)s!") % values
            services.rsvp_cancel(rsvp=rsvp)
            return _("%(org)s: thanks for telling us; your place at %(event)s is freed.") % values
    return None


# --- Organizers' messages to a shift ----------------------------------------------------------

SHIFT_TEXT = "events.shift_text"


def shift_text_send(*, shift: Shift, body: str, by) -> int:
    """An organizer's text to a shift's people, each recorded before any is sent. The same words
    to the same shift are one message: sending the form twice texts nobody twice. Returns how
    many texts were queued (quiet hours and the cap may hold some back, shown on the screen)."""
    from portal.audit import audit_log

    digest = hashlib.sha256(body.encode()).hexdigest()[:24]
    recipients = [
        {"to": rsvp.phone, "user": rsvp.person, "zip_code": rsvp.postal_code}
        for rsvp in shift_text_recipients(shift=shift)
    ]
    with transaction.atomic():
        queued = sms.texts_record_many(
            message_key=f"events.shift_text:{shift.pk}:{digest}",
            recipients=recipients,
            body=body,
        )
        audit_log(
            instance=shift.page,
            action=SHIFT_TEXT,
            user=by,
            data={"shift": shift.pk, "recipients": len(recipients), "queued": len(queued)},
        )
    return len(queued)


def shift_texts(*, shift: Shift):
    """Every text about this shift (notices to its RSVPs and organizers' messages), newest first."""
    rsvp_keys = [f"events.notice:{pk}:" for pk in shift.rsvps.values_list("pk", flat=True)]
    query = Q(message_key__startswith=f"events.shift_text:{shift.pk}:")
    for prefix in rsvp_keys:
        query |= Q(message_key__startswith=prefix)
    return TextMessage.objects.filter(query).order_by("-created_at", "-pk")
