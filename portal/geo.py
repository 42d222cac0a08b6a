"""Offline geography: US ZIP centroids (from the `zipcodes` package) and great-circle distance."""

import math
import re
from functools import lru_cache

import zipcodes

EARTH_RADIUS_MILES = 3958.8
# ASCII digits only: `\d` also matches other scripts' digits (full-width ４８２０１), which the
# ZIP database cannot look up.
ZIP_PATTERN = re.compile(r"^[0-9]{5}(?:-[0-9]{4})?$")


def is_us_zip(value: str) -> bool:
    return bool(ZIP_PATTERN.match((value or "").strip()))


@lru_cache(maxsize=4096)
def zip_centroid(postal_code: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a US ZIP code's centroid, or None when it is unknown."""
    code = (postal_code or "").strip()[:5]
    if not is_us_zip(code):
        return None
    matches = zipcodes.matching(code)
    if not matches:
        return None
    return float(matches[0]["lat"]), float(matches[0]["long"])


def distance_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))
