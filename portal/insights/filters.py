"""The filters every figure shares: a date range, an office area and an event type.

The same form reads the admin screen's query string and the API's; invalid input gives a clear
message (a 400 from the API, the form's errors on the screen), never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.models import Office
from home.selectors import offices_in_default_language
from portal.activities import EventType
from portal.text import StorableTextMixin

DEFAULT_WEEKS = 12
MAX_DAYS = 2 * 366
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class InsightsFilters:
    date_from: date
    date_to: date
    office: Office | None = None
    event_type: str = ""

    @property
    def start(self) -> datetime:
        """The first instant of `date_from`, in the site's time zone."""
        return timezone.make_aware(datetime.combine(self.date_from, time.min))

    @property
    def end(self) -> datetime:
        """The first instant after `date_to` (the range is inclusive of whole days)."""
        return timezone.make_aware(datetime.combine(self.date_to + timedelta(days=1), time.min))

    @property
    def event_type_label(self) -> str:
        return str(EventType(self.event_type).label) if self.event_type else ""

    def as_query(self) -> dict[str, str]:
        query = {"date_from": self.date_from.isoformat(), "date_to": self.date_to.isoformat()}
        if self.office is not None:
            query["office"] = str(self.office.pk)
        if self.event_type:
            query["event_type"] = self.event_type
        return query


def default_range(today: date | None = None) -> tuple[date, date]:
    """The last twelve whole weeks, Monday to today."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=DEFAULT_WEEKS - 1), today


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OfficeChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        # Ids only: anything else (or a number no database column holds) is an unknown office.
        if value not in self.empty_values and (not str(value).isdigit() or len(str(value)) > 18):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class InsightsFilterForm(StorableTextMixin, forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=DateInput(), input_formats=["%Y-%m-%d"]
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=DateInput(), input_formats=["%Y-%m-%d"]
    )
    office = OfficeChoiceField(
        label=_("Office area"),
        queryset=offices_in_default_language().order_by("name"),
        required=False,
        empty_label=_("All areas"),
        error_messages={"invalid_choice": _("Choose one of the offices in the list.")},
    )
    event_type = forms.ChoiceField(
        label=_("Event type"),
        choices=[("", _("All event types")), *EventType.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose one of the event types in the list.")},
    )

    def __init__(self, data=None, *, today: date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(data, **kwargs)
        default_from, default_to = default_range(self.today)
        self.fields["date_from"].help_text = _("Default: twelve weeks ago.")
        self.fields["date_to"].help_text = _("Default: today.")
        self.initial.setdefault("date_from", default_from)
        self.initial.setdefault("date_to", default_to)

    def clean(self):
        cleaned = super().clean()
        date_to = cleaned.get("date_to") or self.today
        # Without a start, the twelve weeks up to the end date.
        date_from = cleaned.get("date_from") or default_range(date_to)[0]
        if "date_from" in self.errors or "date_to" in self.errors:
            return cleaned
        if date_from < EARLIEST or date_to < EARLIEST:
            raise forms.ValidationError(_("Choose dates from the year 2000 on."))
        if date_from > date_to:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        elif (date_to - date_from).days > MAX_DAYS:
            self.add_error("date_from", _("Choose a range of at most two years."))
        elif date_to > self.today + timedelta(days=366):
            self.add_error("date_to", _("Choose an end date within a year from today."))
        cleaned["date_from"], cleaned["date_to"] = date_from, date_to
        return cleaned

    def filters(self) -> InsightsFilters:
        """The filters the form holds; call after is_valid()."""
        data = self.cleaned_data
        return InsightsFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            office=data.get("office"),
            event_type=data.get("event_type") or "",
        )


def filters_from(params, *, today: date | None = None) -> tuple[InsightsFilters | None, dict]:
    """(filters, {}) for valid parameters, else (None, {field: [messages]})."""
    form = InsightsFilterForm(params or {}, today=today)
    if not form.is_valid():
        return None, {field: [str(m) for m in messages] for field, messages in form.errors.items()}
    return form.filters(), {}
