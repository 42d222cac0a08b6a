"""Signed, expiring links in event emails: manage my RSVP, confirm I'm coming, can't make it."""

import hashlib
import hmac
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
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


# --- Check-in at the door ---------------------------------------------------------------------
# Each RSVP has a QR code (a signed token naming the RSVP and its shift) and a 6-character code
# printed under it for typing. The code is derived, not stored: a keyed permutation of the RSVP's
# id, so it is unique (two ids never share a code), unguessable from a neighbour's code, and
# needs no column, backfill or collision retry. It names one RSVP, hence one shift.

CHECKIN_SALT = "events.rsvp-checkin"
POSTER_SALT = "events.shift-poster"
WALK_IN_SALT = "events.walk-in-confirm"
# A QR code in an old email still works at a shift moved months later; the desk checks the shift.
CHECKIN_MAX_AGE = timedelta(days=400)
WALK_IN_MAX_AGE = timedelta(days=30)
# No 0/O, 1/I: read aloud or typed on a phone without mix-ups. 32 symbols, 6 of them = 30 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 6
_HALF_BITS = 15
_HALF_MASK = (1 << _HALF_BITS) - 1
_ROUNDS = 4


@lru_cache(maxsize=4)
def _round_key(secret: str) -> bytes:
    # Derived once per secret: the desk computes a code for each of hundreds of cards.
    return hashlib.sha256(f"events.checkin-code:{secret}".encode()).digest()


def _round_value(round_number: int, half: int) -> int:
    key = _round_key(settings.SECRET_KEY)
    digest = hmac.new(key, f"{round_number}:{half}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big") & _HALF_MASK


def _permute(value: int, *, reverse: bool = False) -> int:
    # A balanced Feistel network over 30 bits: a bijection, so distinct ids give distinct codes.
    left, right = value >> _HALF_BITS, value & _HALF_MASK
    rounds = range(_ROUNDS - 1, -1, -1) if reverse else range(_ROUNDS)
    for number in rounds:
        if reverse:
            left, right = right ^ _round_value(number, left), left
        else:
            left, right = right, left ^ _round_value(number, right)
    return (left << _HALF_BITS) | right


def checkin_code(*, rsvp_id: int) -> str:
    """The 6-character code printed under an RSVP's QR code."""
    if not 0 < rsvp_id < (1 << (2 * _HALF_BITS)):
        raise ValueError("RSVP id out of the code's range")
    value = _permute(rsvp_id)
    symbols = []
    for _position in range(CODE_LENGTH):
        value, index = divmod(value, len(CODE_ALPHABET))
        symbols.append(CODE_ALPHABET[index])
    return "".join(reversed(symbols))


def read_checkin_code(code: str) -> int | None:
    """The RSVP id a typed code names, or None. Lower case, spaces and dashes are forgiven."""
    cleaned = "".join(ch for ch in str(code or "").upper() if ch not in " -")
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    value = 0
    for ch in cleaned:
        value = value * len(CODE_ALPHABET) + CODE_ALPHABET.index(ch)
    rsvp_id = _permute(value, reverse=True)
    return rsvp_id or None


def rsvp_checkin_token(*, rsvp_id: int, shift_id: int) -> str:
    """What the RSVP's QR code holds: good for that RSVP at that shift only."""
    return signing.dumps({"r": rsvp_id, "s": shift_id}, salt=CHECKIN_SALT, compress=True)


def read_rsvp_checkin_token(token: str) -> tuple[int, int] | None:
    """(RSVP id, shift id), or None when forged, broken or too old."""
    payload = _loads(token, salt=CHECKIN_SALT, max_age=CHECKIN_MAX_AGE)
    rsvp_id, shift_id = payload.get("r"), payload.get("s")
    if isinstance(rsvp_id, int) and isinstance(shift_id, int):
        return rsvp_id, shift_id
    return None


def poster_token(*, shift_id: int) -> str:
    """The venue poster's link: proves the scanner stands where the poster hangs, nothing more."""
    return signing.dumps({"s": shift_id}, salt=POSTER_SALT, compress=True)


def read_poster_token(token: str) -> int | None:
    shift_id = _loads(token, salt=POSTER_SALT, max_age=CHECKIN_MAX_AGE).get("s")
    return shift_id if isinstance(shift_id, int) else None


def walk_in_token(*, walk_in_id: int) -> str:
    """The link that lets an address's owner confirm they were a walk-in at a shift."""
    return signing.dumps({"w": walk_in_id}, salt=WALK_IN_SALT, compress=True)


def read_walk_in_token(token: str) -> int | None:
    walk_in_id = _loads(token, salt=WALK_IN_SALT, max_age=WALK_IN_MAX_AGE).get("w")
    return walk_in_id if isinstance(walk_in_id, int) else None


def _loads(token: str, *, salt: str, max_age: timedelta) -> dict:
    try:
        payload = signing.loads(str(token or "")[:500], salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return {}
    return payload if isinstance(payload, dict) else {}
