"""Events' template tags. Pages of lower floors (the home page, a course) show events through
these, loaded by name in their templates, so their Python never imports events."""

from django import template
from django.urls import reverse
from django.utils.translation import get_language

from events import selectors
from events.messaging import may_message_event as messaging_allowed
from events.messaging import messages_history, messages_received
from events.tokens import manage_token
from portal.activities import EventType
from portal.links import absolute_url

register = template.Library()


@register.simple_tag
def live_trainings(course, limit: int = 3) -> dict:
    """A course's next live trainings, and the events listing filtered to trainings in the
    page's language (`listing_url`, "" when there is no listing)."""
    index = selectors.event_index_page(language=get_language())
    return {
        "events": selectors.live_trainings_for(course=course, limit=limit),
        "listing_url": f"{index.url}?type={EventType.TRAINING}" if index and index.url else "",
    }


@register.simple_tag
def events_listing_link() -> str:
    """The events listing as an absolute link for emails, in the active language when it has
    one."""
    index = selectors.event_index_page(language=get_language())
    return absolute_url((index.url if index else None) or "/events/")


@register.simple_tag
def featured_events(limit: int = 3) -> list:
    """The next public events, for the home page."""
    return selectors.featured_events(limit=limit)


@register.simple_tag(takes_context=True)
def my_event_summary(context) -> dict:
    """The logged-in person's upcoming shifts (each with its cancel/change link) and hours."""
    user = context["request"].user
    upcoming = [
        {
            "rsvp": rsvp,
            "manage_url": reverse(
                "events:manage",
                args=[manage_token(person_id=user.pk, event_id=rsvp.shift.page_id)],
            ),
        }
        for rsvp in selectors.upcoming_rsvps_for(user)
    ]
    return {
        "upcoming": upcoming,
        "hours": selectors.volunteer_hours_for(user),
        # Organizers' messages about their sign-ups: part of the person's history.
        "messages": messages_received(user=user),
    }


@register.simple_tag(takes_context=True)
def may_message_event(context, event) -> bool:
    """Whether the person looking at an event page may write to its people (its host, where the
    organizers allow it; staff write from the admin)."""
    return messaging_allowed(user=context["request"].user, event=event)


@register.simple_tag
def event_messages_for(user, limit: int = 50) -> list:
    """Every message about their sign-ups sent (or being sent) to `user`, newest first, for the
    person's history in the admin (the volunteer screen loads this tag by name)."""
    return messages_history(user=user, limit=limit) if user is not None else []


@register.filter
def answer_text(answer) -> str:
    """An answer to a sign-up question as people read it ("Yes", choices joined)."""
    from events.questions import answer_display

    return answer_display(answer)


@register.filter
def series_text(series) -> str:
    """ "Every week on Tuesday, 6 p.m." for a recurring series."""
    from events.series import series_label

    return series_label(series)


@register.simple_tag
def rsvp_checkin_code(rsvp) -> dict:
    """An RSVP's check-in QR code (inline SVG; a PNG link for emails) and its typed code.

    Nothing for a cancelled RSVP: its code would only be refused at the door.
    """
    from events.desk.qr import qr_svg
    from events.tokens import checkin_code, rsvp_checkin_token

    if not rsvp.is_active:
        return {}
    token = rsvp_checkin_token(rsvp_id=rsvp.pk, shift_id=rsvp.shift_id)
    code = checkin_code(rsvp_id=rsvp.pk)
    return {
        "code": code,
        "svg": qr_svg(token, label=code),
        "png_url": absolute_url(reverse("events:rsvp_qr", args=[token])),
    }
