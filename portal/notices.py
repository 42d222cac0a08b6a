"""Resending one-to-one emails lost with a worker, for every app's notice ledger.

A notice ledger row (events' `Notice`, mentoring's `MentoringNotice`…) is written before its
email and stamped `sent_at` after it. A row still unsent some minutes after it was written lost
its worker; a sweep takes it again, at most `MAX_RETRIES` times.
"""

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.db.models import F, Model

logger = logging.getLogger(__name__)

LOST_AFTER = timedelta(minutes=10)
MAX_RETRIES = 3


def lost_notices_filter(
    *, now: datetime, taken_field: str = "created_at", lost_after: timedelta = LOST_AFTER
) -> dict:
    """The conditions that find lost rows, to combine with a ledger's own. `taken_field` is the
    time the row was last taken to send (the text ledger keeps it apart from `created_at`)."""
    return {
        "sent_at__isnull": True,
        f"{taken_field}__lt": now - lost_after,
        "retries__lt": MAX_RETRIES,
    }


def notices_resend(
    *,
    lost: Iterable[Model],
    still_relevant: Callable[[Model], bool],
    send: Callable[[Model], None],
    now: datetime,
    taken_field: str = "created_at",
) -> int:
    """Send each lost notice again if it still matters. Returns how many were sent.

    `send` sends the email and records it as sent. Taking the retry is one conditional UPDATE,
    so two sweeps never send the same notice.
    """
    sent = 0
    for notice in lost:
        taken = (
            type(notice)
            .objects.filter(pk=notice.pk, sent_at__isnull=True, retries=notice.retries)
            .update(retries=F("retries") + 1, **{taken_field: now})
        )
        if not taken or not still_relevant(notice):
            continue
        try:
            send(notice)
        except Exception:
            logger.exception("%s %s could not be sent again", type(notice).__name__, notice.pk)
            continue
        sent += 1
    return sent
