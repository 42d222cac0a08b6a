"""Quiet hours: no text that can wait goes out between 21:00 and 08:00 where the person lives.

Their time zone comes from their ZIP code (the `zipcodes` package's offline table); without a
known ZIP the site's own zone stands in.
"""

from datetime import datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import zipcodes
from django.conf import settings
from django.utils import timezone

QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)


def quiet_hours_kept() -> bool:
    # On everywhere but in tests that are not about quiet hours: those must not depend on the
    # hour at which the suite happens to run (after 21:00 in New York every text would wait).
    return settings.SMS_QUIET_HOURS


@lru_cache(maxsize=4096)
def zone_for_zip(zip_code: str) -> ZoneInfo:
    try:
        found = zipcodes.matching((zip_code or "").strip()[:5])
    except (ValueError, TypeError):
        found = []
    name = found[0].get("timezone") if found else ""
    try:
        return ZoneInfo(name) if name else ZoneInfo(settings.TIME_ZONE)
    except ZoneInfoNotFoundError:
        return ZoneInfo(settings.TIME_ZONE)


def next_allowed_time(*, at: datetime, zip_code: str) -> datetime:
    """`at` itself outside quiet hours; otherwise 08:00 local on the morning that ends them."""
    if not quiet_hours_kept():
        return at
    zone = zone_for_zip(zip_code)
    local = timezone.localtime(at, zone)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return at
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    # Built from the wall clock, so 08:00 stays 08:00 across a daylight-saving change.
    return datetime.combine(day, QUIET_UNTIL, tzinfo=zone)
