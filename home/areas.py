"""Office areas, computable in SQL.

An office's area is every US ZIP code whose centroid lies within the office's
`area_radius_miles` (25 by default) of the office's own ZIP centroid. Events (by their ZIP) and
volunteers (by the ZIP they gave) belong to every office area that contains their ZIP, so a
filter is a plain `postal_code IN (…)` and a per-area breakdown is one conditional aggregate per
office. Virtual events have no ZIP and belong to no area. The ZIP list for an office is worked
out once per process from the offline ZIP database (`zipcodes`), whatever the amount of data.
"""

from __future__ import annotations

import math
from functools import lru_cache

import zipcodes
from django.db.models import F, Q
from django.db.models.functions import Left
from django.db.models.lookups import In

from portal.geo import distance_miles, zip_centroid


@lru_cache(maxsize=1)
def _zip_points() -> tuple[tuple[str, float, float], ...]:
    return tuple(
        (row["zip_code"], float(row["lat"]), float(row["long"]))
        for row in zipcodes.list_all()
        if row.get("lat") and row.get("long")
    )


@lru_cache(maxsize=256)
def zips_within(postal_code: str, radius_miles: int) -> tuple[str, ...]:
    """The ZIP codes whose centroid lies within `radius_miles` of `postal_code`'s centroid."""
    centre = zip_centroid(postal_code)
    if centre is None:
        return ()
    lat, lng = centre
    # A cheap box first, then the exact great-circle distance.
    dlat = radius_miles / 69.0
    dlng = radius_miles / (69.0 * max(math.cos(math.radians(lat)), 0.01))
    return tuple(
        code
        for code, zlat, zlng in _zip_points()
        if abs(zlat - lat) <= dlat
        and abs(zlng - lng) <= dlng
        and distance_miles(centre, (zlat, zlng)) <= radius_miles
    )


def office_zips(office) -> tuple[str, ...]:
    return zips_within((office.postal_code or "").strip()[:5], office.area_radius_miles)


def in_office_area(office, *, field: str):
    """A condition: the row's ZIP field (e.g. "postal_code" or "shift__page__postal_code") lies
    in the office's area. Usable in filter() and in an aggregate's filter=.

    Only the first five characters are compared, so ZIP+4 codes match too.
    """
    codes = office_zips(office)
    if not codes:
        return Q(pk__in=[])
    return Q(In(Left(F(field), 5), list(codes)))
