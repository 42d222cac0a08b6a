"""tel: links from phone numbers as people type them."""

import re

from django import template

register = template.Library()


@register.filter
def tel_uri(number) -> str:
    """`(313) 555-0100` → `tel:+13135550100`-style links: a tel: URI holds no spaces or
    brackets (RFC 3966), so the raw number made every page fail HTML validation. A leading +
    is kept; ten-digit numbers are read as US ones, like the rest of the portal does."""
    text = str(number or "")
    digits = re.sub(r"\D", "", text)
    if not digits:
        return ""
    if text.strip().startswith("+"):
        return f"tel:+{digits}"
    if len(digits) == 10:
        return f"tel:+1{digits}"
    return f"tel:{digits}"
