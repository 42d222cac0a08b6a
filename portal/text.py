"""One rule for every piece of text the portal accepts: no NUL and no unpaired surrogates.

Neither can be stored: PostgreSQL refuses NUL in text, and a lone surrogate ("\\ud800", which
JSON escapes can carry) has no UTF-8 encoding, so saving it fails with a UnicodeEncodeError (a
500). Every form (through `StorableTextMixin`), the JSON API and the query-string guard in
`portal.security` ask this module, so the rule cannot drift between them.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# NUL, or a surrogate code point (U+D800–U+DFFF). Python strings never hold a valid pair as two
# surrogates, so any surrogate in a str is unpaired and unencodable.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

UNSTORABLE_MESSAGE = _(
    "This text contains a character that cannot be stored (a null character or a broken "
    "one). Please retype it."
)


def is_storable(value: Any) -> bool:
    """True when the value (a string, or lists and dicts of them) holds only storable text."""
    if isinstance(value, str):
        return UNSTORABLE.search(value) is None
    if isinstance(value, dict):
        return all(is_storable(key) and is_storable(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return all(is_storable(item) for item in value)
    return True


def validate_storable_text(value: Any) -> None:
    """A field validator: refuses NUL and unpaired surrogates with a message the person can act on."""
    if not is_storable(value):
        raise ValidationError(UNSTORABLE_MESSAGE, code="unstorable_text")


class StorableTextMixin:
    """Every project form mixes this in (a test walks them all): each text field of the form,
    declared or added in a subclass's __init__, refuses NUL and unpaired surrogates with a field
    error. Django's CharField refuses NUL on its own but not surrogates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_text_fields(self.fields.values())

    def full_clean(self):
        # Fields added after __init__ (some forms build theirs late) are guarded too.
        guard_text_fields(self.fields.values())
        super().full_clean()


def guard_text_fields(fields) -> None:
    for field in fields:
        if isinstance(field, (forms.CharField, forms.JSONField)) and (
            validate_storable_text not in field.validators
        ):
            field.validators.append(validate_storable_text)
