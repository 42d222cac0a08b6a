"""Field rules shared by every public form: names, free text, postal codes."""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

# Letters, digits, spaces and hyphens: covers US ZIP+4 and most postal codes abroad.
POSTAL_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{1,8}[A-Za-z0-9]$")


def clean_text(value: str) -> str:
    """Trim, and drop control characters (they break CSV exports and emails)."""
    value = (value or "").strip()
    return "".join(char for char in value if char in "\n\t" or unicodedata.category(char)[0] != "C")


class NameField(forms.CharField):
    """A name exactly as the person writes it: any script, accents, apostrophes, hyphens."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 150)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("spellcheck", "false")

    def clean(self, value):
        value = clean_text(value)
        value = super().clean(value)
        if value and not any(unicodedata.category(char).startswith("L") for char in value):
            raise forms.ValidationError(_("Enter a name with at least one letter."))
        return value


class TextAreaField(forms.CharField):
    def __init__(self, *, max_length: int, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(max_length=max_length, **kwargs)

    def clean(self, value):
        return super().clean(clean_text(value))
