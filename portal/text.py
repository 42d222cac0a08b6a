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
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

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

    def _clean_fields(self):
        # Before the fields' own cleaning: `clean_<field>` methods and a model form's uniqueness
        # check query the database with the value, and a lone surrogate in a query is a
        # UnicodeEncodeError (a 500). A refused field sits out the cleaning, so nothing else
        # sees its text; its error replaces whatever the field would have said, as this is the
        # one thing the person must fix.
        refused = {}
        for name, field in self.fields.items():
            if field.disabled:
                continue
            raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            try:
                validate_storable_text(raw)
            except ValidationError as error:
                refused[name] = error
        if not refused:
            super()._clean_fields()
            return
        every_field = self.fields
        self.fields = {name: field for name, field in every_field.items() if name not in refused}
        try:
            super()._clean_fields()
        finally:
            self.fields = every_field
        for name, error in refused.items():
            self.add_error(name, error)


class StorableTextModelForm(StorableTextMixin, WagtailAdminModelForm):
    """The base form of admin screens built from a model's panels (site settings, snippets)."""


class StorableTextViewSetMixin:
    """For a ModelViewSet (ours or Wagtail's): the rule in front of whatever form it builds.
    Wagtail makes a `form_fields` viewset's form with Django's plain ModelForm, and its users
    and groups screens have forms of their own; none of them would otherwise refuse the text."""

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update=for_update)
        if issubclass(form_class, StorableTextMixin):
            return form_class
        return type(form_class.__name__, (StorableTextMixin, form_class), {})


class StorableTextPageForm(StorableTextMixin, WagtailAdminPageForm):
    """The admin edit form of every project page that has no form class of its own."""
