"""One rule for every piece of text the portal accepts: no NUL and no unpaired surrogates.

Neither can be stored: PostgreSQL refuses NUL in text, and a lone surrogate ("\\ud800", which
JSON escapes can carry) has no UTF-8 encoding, so saving it fails with a UnicodeEncodeError (a
500). Every form (through `StorableTextMixin`), the JSON API and the query-string guard in
`portal.security` ask this module, so the rule cannot drift between them.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

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
    """Every project form mixes this in (a test walks them all): a field whose submitted value
    holds NUL or an unpaired surrogate gets this field error, whatever the field would have made
    of it. The raw value is checked, not the cleaned one: some fields quietly drop control
    characters, and widgets that decode JSON (rich text) produce text only in value_from_datadict.
    Django's CharField refuses NUL on its own but not surrogates."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            if field.disabled:
                continue
            raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            try:
                validate_storable_text(raw)
            except ValidationError as error:
                # Replaces what the field said: this is the one thing the person must fix.
                self._errors.pop(name, None)
                self.add_error(name, error)


class StorableTextPageForm(StorableTextMixin, WagtailAdminPageForm):
    """The admin edit form of every project page that has no form class of its own."""
