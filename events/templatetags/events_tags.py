from django import template
from django.urls import reverse

from events import selectors
from events.tokens import manage_token

register = template.Library()


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
    return {"upcoming": upcoming, "hours": selectors.volunteer_hours_for(user)}
