"""Signed, expiring tokens for the feedback links in mentoring emails."""

from datetime import timedelta

from django.core import signing

# The salt keeps its name from before mentoring was its own app: links already sent still work.
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
