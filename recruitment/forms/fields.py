"""Field rules shared by every public form: names, free text, postal codes."""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.text import StorableTextMixin

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


class PostalCodeField(forms.CharField):
    """A US ZIP (or ZIP+4) or a postal code abroad, kept upper-case."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "text"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(clean_text(value)).upper()
        if value and not POSTAL_CODE.match(value):
            raise forms.ValidationError(_("Enter a ZIP or postal code, such as 48201."))
        return value


class ConsentsAndHoneypotForm(StorableTextMixin, forms.Form):
    """What every public form that takes a person's details shares.

    Subclasses declare `consent_<channel>` boolean fields for the channels in `consent_channels`
    and a `phone` field; this adds the honeypot and the rule that texts need a phone number.
    """

    consent_channels: tuple[str, ...] = ()

    # Hidden from people by the stylesheet, filled in by form-filling bots.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_sms") and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Add a mobile number if you would like text messages."))
        return cleaned

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def consents(self) -> list[str]:
        return [
            channel
            for channel in self.consent_channels
            if self.cleaned_data.get(f"consent_{channel}")
        ]
