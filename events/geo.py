"""portal.geo, guarded: only plain ASCII ZIP codes reach the ZIP database.

`\\d` also matches other scripts' digits (e.g. full-width ４８２０１), and the lookup library
crashes on them; such input is simply "not a ZIP code" here.
"""

from portal import geo


def is_us_zip(value: str) -> bool:
    value = (value or "").strip()
    return value.isascii() and geo.is_us_zip(value)


def zip_centroid(postal_code: str) -> tuple[float, float] | None:
    if not is_us_zip(postal_code):
        return None
    return geo.zip_centroid(postal_code.strip())
