"""Signed links in newsletter and shout-out emails."""

from datetime import timedelta

from django.core import signing

UNSUBSCRIBE_SALT = "newsletters.unsubscribe"
# Long enough that an old newsletter's link still works (the law asks for at least 30 days after
# sending; mailbox providers expect far longer), short enough that a leaked link dies eventually.
UNSUBSCRIBE_MAX_AGE = timedelta(days=400)
SHOUTOUT_SALT = "newsletters.shoutout-public"
SHOUTOUT_MAX_AGE = timedelta(days=60)


def unsubscribe_token(*, email: str) -> str:
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign_object({"e": email.lower()})


def read_unsubscribe_token(token: str) -> str | None:
    """The address an unsubscribe link names, or None when it is forged, broken or too old."""
    try:
        payload = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).unsign_object(
            token, max_age=UNSUBSCRIBE_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return None
    email = payload.get("e") if isinstance(payload, dict) else None
    return email if isinstance(email, str) and "@" in email else None


def shoutout_token(*, shoutout_id: int) -> str:
    return signing.TimestampSigner(salt=SHOUTOUT_SALT).sign_object({"s": shoutout_id})


def read_shoutout_token(token: str) -> int | None:
    try:
        payload = signing.TimestampSigner(salt=SHOUTOUT_SALT).unsign_object(
            token, max_age=SHOUTOUT_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return None
    value = payload.get("s") if isinstance(payload, dict) else None
    return value if isinstance(value, int) else None
