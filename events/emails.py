"""Rendering and sending event emails, in the attendee's language and the event's time zone."""

from django.urls import reverse
from django.utils import timezone

from events.calendar import google_calendar_url, rsvp_ics
from events.models import RSVP, Notice
from events.tokens import manage_token
from portal.i18n import in_language
from portal.links import absolute_url
from portal.mail import email_build

TEMPLATES = {
    Notice.Kind.PROMOTED: "promoted",
    Notice.Kind.DAY_BEFORE: "reminder",
    Notice.Kind.TWO_HOURS: "reminder",
    Notice.Kind.CHANGED: "changed",
    Notice.Kind.CANCELLED: "cancelled",
    Notice.Kind.PROMOTION_EXPIRED: "promotion_expired",
}


def manage_url(*, person_id: int, event_id: int, action: str = "") -> str:
    path = reverse("events:manage", args=[manage_token(person_id=person_id, event_id=event_id)])
    return absolute_url(path + (f"?action={action}" if action else ""))


def _send(*, to: str, template: str, context: dict, language: str, attach_ics=None) -> None:
    event = context["event"]
    with timezone.override(event.zone):
        message = email_build(
            template=f"emails/events/{template}",
            context=context,
            to=[to],
            language=language,
            reply_to=[event.contact_email] if event.contact_email else None,
        )
    if attach_ics:
        message.attach("event.ics", attach_ics, "text/calendar")
    message.send()


def _shift_lines(rsvps) -> list[dict]:
    return [
        {
            "rsvp": rsvp,
            "shift": rsvp.shift,
            "registered": rsvp.status in (RSVP.Status.REGISTERED, RSVP.Status.WALK_IN),
            "google_url": google_calendar_url(rsvp.shift.page, rsvp.shift),
        }
        for rsvp in rsvps
    ]


def _base_context(rsvps) -> dict:
    first = rsvps[0]
    # The words of the event in the language the person signed up in; the shifts (and the
    # manage link's event) stay the source's.
    event = in_language(first.shift.page, first.language)
    return {
        "event": event,
        "person": first.person,
        "name": first.person.get_short_name(),
        "lines": _shift_lines(rsvps),
        "event_url": event.get_full_url() or absolute_url(event.url or "/"),
        "manage_url": manage_url(person_id=first.person_id, event_id=first.shift.page_id),
        "timezone_label": event.timezone_label,
    }


def send_rsvp_confirmation(*, rsvps: list[RSVP]) -> None:
    context = _base_context(rsvps)
    registered = [line["rsvp"] for line in context["lines"] if line["registered"]]
    context["any_registered"] = bool(registered)
    _send(
        to=rsvps[0].person.email,
        template="rsvp_confirmation",
        context=context,
        language=rsvps[0].language,
        attach_ics=rsvp_ics(registered) if registered else None,
    )


def send_already_signed_up(*, rsvps: list[RSVP]) -> None:
    """The public form was used again for shifts this person holds; the page said nothing."""
    _send(
        to=rsvps[0].person.email,
        template="already_signed_up",
        context=_base_context(rsvps),
        language=rsvps[0].language,
    )


def send_rsvp_notice(*, rsvp: RSVP, kind: str) -> None:
    if kind in (Notice.Kind.THANK_YOU, Notice.Kind.MISSED_YOU):
        # Follow-ups have their own content; an organizer's resend of one comes through here.
        return send_followup(rsvp=rsvp, kind=kind)
    context = _base_context([rsvp])
    context["kind"] = kind
    context["is_day_before"] = kind == Notice.Kind.DAY_BEFORE
    if kind == Notice.Kind.PROMOTED and rsvp.promotion_expires_at:
        # A late promotion: the place is theirs only if they confirm in time (events.waitlist).
        context["confirm_by"] = rsvp.promotion_expires_at
        context["confirm_url"] = manage_url(
            person_id=rsvp.person_id, event_id=rsvp.shift.page_id, action="confirm"
        )
    if kind == Notice.Kind.DAY_BEFORE:
        context["confirm_url"] = manage_url(
            person_id=rsvp.person_id, event_id=rsvp.shift.page_id, action="confirm"
        )
        context["cancel_url"] = manage_url(
            person_id=rsvp.person_id, event_id=rsvp.shift.page_id, action="cancel"
        )
    ics = rsvp_ics([rsvp]) if kind in (Notice.Kind.PROMOTED, Notice.Kind.CHANGED) else None
    _send(
        to=rsvp.person.email,
        template=TEMPLATES[kind],
        context=context,
        language=rsvp.language,
        attach_ics=ics,
    )


def send_host_approved(*, event) -> None:
    context = {
        "event": event,
        "name": event.host.get_short_name(),
        "event_url": event.get_full_url() or absolute_url(event.url or "/"),
    }
    language = getattr(getattr(event.host, "volunteer", None), "preferred_language", "en")
    _send(to=event.host.email, template="host_approved", context=context, language=language)


def send_event_message(*, delivery) -> None:
    """A staff message to one of the event's people, in their language, replies to the contact."""
    message = delivery.message
    event = message.event
    rsvp = delivery.rsvp
    context = {
        "event": event,
        "name": delivery.person.get_short_name(),
        "subject": message.subject,
        "body": message.body,
        "event_url": event.get_full_url() or absolute_url(event.url or "/"),
        "manage_url": manage_url(person_id=delivery.person_id, event_id=event.pk),
    }
    _send(
        to=delivery.person.email,
        template="event_message",
        context=context,
        language=(rsvp.language if rsvp else "") or "en",
    )


def send_followup(*, rsvp: RSVP, kind: str) -> None:
    """After the shift: thanks, hours and a rating for those who came; "we missed you" else."""
    from events.followup import next_events_near, rating_token

    context = _base_context([rsvp])
    context["hours"] = rsvp.shift.duration_hours
    context["next_events"] = [
        {"event": event, "url": event.get_full_url() or absolute_url(event.url or "/")}
        for event in next_events_near(rsvp=rsvp)
    ]
    template = "missed_you"
    if kind == Notice.Kind.THANK_YOU:
        template = "thank_you"
        rate = absolute_url(reverse("events:rate", args=[rating_token(rsvp_id=rsvp.pk)]))
        context["rating_links"] = [(score, f"{rate}?score={score}") for score in range(1, 6)]
    _send(to=rsvp.person.email, template=template, context=context, language=rsvp.language)


def send_walk_in_confirmation(*, walk_in) -> None:
    """Ask the owner of the address a walk-in gave whether it was them (events.desk)."""
    from events.tokens import walk_in_token

    event = walk_in.shift.page
    context = {
        "event": event,
        "shift": walk_in.shift,
        "name": walk_in.first_name,
        "timezone_label": event.timezone_label,
        "confirm_url": absolute_url(
            reverse("events:walk_in_confirm", args=[walk_in_token(walk_in_id=walk_in.pk)])
        ),
    }
    _send(to=walk_in.email, template="walk_in_confirm", context=context, language=walk_in.language)
