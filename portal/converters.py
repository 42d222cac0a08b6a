"""`<id:…>` in URL patterns: a database id, at most 18 digits.

Django's `<int:…>` takes any number of digits, and a 30-digit id reaches the database as an
integer too large for its column (an OverflowError, a 500). An id this converter refuses is
simply a 404.
"""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")
