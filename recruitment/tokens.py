"""Signed, expiring tokens for links in emails."""

from datetime import timedelta

from django.core import signing

CONFIRMATION_SALT = "recruitment.signup-confirm"
CONFIRMATION_MAX_AGE = timedelta(days=7)


def confirmation_token(signup_id: int) -> str:
    return signing.TimestampSigner(salt=CONFIRMATION_SALT).sign_object({"s": signup_id})


def read_confirmation_token(token: str) -> int | None:
    """The sign-up id a confirmation link names, or None when it is forged, broken or too old."""
    try:
        payload = signing.TimestampSigner(salt=CONFIRMATION_SALT).unsign_object(
            token, max_age=CONFIRMATION_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    signup_id = payload.get("s") if isinstance(payload, dict) else None
    return signup_id if isinstance(signup_id, int) else None
