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


FEEDBACK_SALT = "recruitment.mentoring-feedback"
FEEDBACK_MAX_AGE = timedelta(days=30)


def feedback_token(*, pair_id: int, volunteer_id: int) -> str:
    return signing.TimestampSigner(salt=FEEDBACK_SALT).sign_object(
        {"p": pair_id, "v": volunteer_id}
    )


def read_feedback_token(token: str) -> tuple[int, int] | None:
    """(pair id, volunteer id) a feedback link names, or None when forged, broken or too old."""
    try:
        payload = signing.TimestampSigner(salt=FEEDBACK_SALT).unsign_object(
            token, max_age=FEEDBACK_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict):
        return None
    pair_id, volunteer_id = payload.get("p"), payload.get("v")
    if isinstance(pair_id, int) and isinstance(volunteer_id, int):
        return pair_id, volunteer_id
    return None
