"""Signals that let apps on higher floors (mentoring) act on the people funnel's events without
recruitment importing them. Receivers run inside the sender's transaction, so whatever they write
commits or rolls back with the event, and an exception from one undoes the event."""

from django.dispatch import Signal

# A sign-up's optional second step was saved. Kwargs: `signup` (Signup) and `wishes`, the set of
# things the person asked for beyond their profile (e.g. "mentor" for "I'd like a mentor").
signup_details_added = Signal()
WISH_MENTOR = "mentor"  # the join form's "I'd like a mentor" box

# A sign-up took effect: its owner confirmed the address. Kwargs: `signup`, `volunteer`, and
# `pending`, what waited on the sign-up for that confirmation (read it before it is cleared).
signup_confirmed = Signal()

# A volunteer is being erased at their request, before their account goes. Kwargs: `volunteer`.
# Every app holding their personal data removes it here.
volunteer_erasing = Signal()
