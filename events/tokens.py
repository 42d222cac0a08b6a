"""Signed, expiring links in event emails: manage my RSVP, confirm I'm coming, can't make it."""

from datetime import timedelta

from django.core import signing

MANAGE_SALT = "events.rsvp-manage"
MANAGE_MAX_AGE = timedelta(days=120)


def manage_token(*, person_id: int, event_id: int) -> str:
    return signing.TimestampSigner(salt=MANAGE_SALT).sign_object({"p": person_id, "e": event_id})


def read_manage_token(token: str) -> tuple[int, int] | None:
    """(person id, event id), or None when the link is forged, broken or too old."""
    try:
        payload = signing.TimestampSigner(salt=MANAGE_SALT).unsign_object(
            token, max_age=MANAGE_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict):
        return None
    person_id, event_id = payload.get("p"), payload.get("e")
    if isinstance(person_id, int) and isinstance(event_id, int):
        return person_id, event_id
    return None
