"""Public forms: the events filter, the RSVP form, the check-in desk and "host an event"."""

import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from phonenumber_field.formfields import PhoneNumberField

from events.models import TIME_ZONES, Series
from portal.activities import EventType
from portal.geo import is_us_zip, zip_centroid
from portal.text import StorableTextMixin
from recruitment.consent import WORDING
from recruitment.forms.fields import ConsentsAndHoneypotForm, NameField, PostalCodeField
from recruitment.models import Consent

RADIUS_CHOICES = [("5", "5"), ("10", "10"), ("25", "25"), ("50", "50"), ("100", "100")]


class EventFilterForm(StorableTextMixin, forms.Form):
    zip = forms.CharField(
        label=_("Near ZIP code"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    radius = forms.TypedChoiceField(
        label=_("Within (miles)"),
        choices=RADIUS_CHOICES,
        coerce=int,
        required=False,
        empty_value=25,
        initial="25",
    )
    type = forms.MultipleChoiceField(
        label=_("Kind of event"),
        choices=EventType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    virtual = forms.ChoiceField(
        label=_("In person or online"),
        choices=[("", _("Both")), ("0", _("In person")), ("1", _("Online"))],
        required=False,
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    hide_full = forms.BooleanField(label=_("Hide full events"), required=False)

    def clean_zip(self):
        value = (self.cleaned_data.get("zip") or "").strip()
        if not value:
            return ""
        if not is_us_zip(value):
            raise forms.ValidationError(_("Enter a 5-digit ZIP code, like 48201."))
        if zip_centroid(value) is None:
            raise forms.ValidationError(
                _("We could not find that ZIP code. Check it and try again.")
            )
        return value[:5]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return cleaned

    def active_filters(self) -> list[str]:
        """The filters in force, in a few words each, for the one-line summary phones show."""
        if not self.is_bound or not self.is_valid():
            return []
        data = self.cleaned_data
        words = []
        if data.get("zip"):
            words.append(
                _("within %(miles)s miles of %(zip)s")
                % {"miles": data.get("radius") or 25, "zip": data["zip"]}
            )
        labels = dict(EventType.choices)
        words += [str(labels[kind]) for kind in data.get("type") or [] if kind in labels]
        if data.get("virtual"):
            words.append(str(dict(self.fields["virtual"].choices)[data["virtual"]]))
        if data.get("date_from"):
            words.append(_("from %(date)s") % {"date": date_format(data["date_from"])})
        if data.get("date_to"):
            words.append(_("until %(date)s") % {"date": date_format(data["date_to"])})
        if data.get("hide_full"):
            words.append(str(_("no full events")))
        return words

    def filters(self):
        from events.selectors import EventFilters

        data = self.cleaned_data if self.is_valid() else {}
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)

        def day_start(day):
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), zone)

        virtual = data.get("virtual", "")
        return EventFilters(
            origin=zip_centroid(data["zip"]) if data.get("zip") else None,
            radius=float(data.get("radius") or 25),
            event_types=list(data.get("type") or []),
            is_virtual=None if virtual == "" else virtual == "1",
            starts_from=day_start(data["date_from"]) if data.get("date_from") else None,
            starts_before=(
                day_start(data["date_to"] + datetime.timedelta(days=1))
                if data.get("date_to")
                else None
            ),
            hide_full=bool(data.get("hide_full")),
        )


class RsvpForm(ConsentsAndHoneypotForm):
    shifts = forms.TypedMultipleChoiceField(
        label=_("Choose your shifts"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one shift.")},
    )
    first_name = NameField(
        label=_("Given name"), widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = NameField(
        label=_("Family name"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = PhoneNumberField(
        label=_("Mobile phone"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    postal_code = PostalCodeField(label=_("ZIP code"))
    consent_email = forms.BooleanField(label=WORDING[Consent.Channel.EMAIL].text, required=False)
    consent_sms = forms.BooleanField(label=WORDING[Consent.Channel.SMS].text, required=False)

    consent_channels = (Consent.Channel.EMAIL, Consent.Channel.SMS)

    def __init__(self, *args, shifts=(), event=None, **kwargs):
        super().__init__(*args, **kwargs)
        zone = event.zone if event else timezone.get_current_timezone()
        self.fields["shifts"].choices = [(shift.pk, shift_label(shift, zone)) for shift in shifts]
        if len(self.fields["shifts"].choices) == 1 and not self.is_bound:
            # With one shift there is nothing to choose: ticked already, the first submit works.
            self.initial.setdefault("shifts", [self.fields["shifts"].choices[0][0]])
        self.extra_field_names = add_signup_extras(self, event=event)

    @property
    def extra_fields(self):
        """Guests, "every week" and the event's questions (events/includes/rsvp_extras.html)."""
        return [self[name] for name in self.extra_field_names]

    def clean(self):
        cleaned = super().clean()
        # With "every week" chosen, picking single shifts as well is optional.
        if "shifts" in self.errors and cleaned.get("standing_series"):
            del self.errors["shifts"]
            cleaned["shifts"] = []
        return cleaned

    def signup_extras(self) -> dict:
        """Guests and answers, as keyword arguments of the RSVP services."""
        from events.questions import answers_from_form

        data = self.cleaned_data
        return {
            "guests": data.get("guests") or 0,
            "guest_names": data.get("guest_names") or "",
            "answers": answers_from_form(cleaned_data=data, questions=self.questions),
        }


def add_signup_extras(form, *, event) -> list[str]:
    """Add the event's own sign-up fields to `form`; their names, in display order."""
    from django.utils.translation import get_language

    from events.questions import event_questions, question_form_fields
    from events.series import open_series_for, series_label

    form.questions = event_questions(event=event) if event is not None and event.pk else []
    names = []
    if event is not None and event.pk:
        series = open_series_for(event=event)
        if series:
            form.fields["standing_series"] = forms.TypedMultipleChoiceField(
                label=_("Every time"),
                help_text=_(
                    "Keep a place for me in each coming occurrence; I can cancel any of them."
                ),
                coerce=int,
                required=False,
                choices=[(item.pk, series_label(item)) for item in series],
                widget=forms.CheckboxSelectMultiple,
            )
            names.append("standing_series")
        max_guests = event.shift_owner.max_guests
        if max_guests:
            form.fields["guests"] = forms.IntegerField(
                label=_("Guests coming with me"),
                min_value=0,
                max_value=max_guests,
                required=False,
                initial=0,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            form.fields["guest_names"] = forms.CharField(
                label=_("Your guests' names"), required=False, max_length=500
            )
            names += ["guests", "guest_names"]
    fields = question_form_fields(questions=form.questions, language=get_language())
    form.fields.update(fields)
    return names + list(fields)


def shift_label(shift, zone) -> str:
    from django.utils.formats import time_format

    start = timezone.localtime(shift.start_at, zone)
    end = timezone.localtime(shift.end_at, zone)
    text = (
        f"{date_format(start, 'MONTH_DAY_FORMAT')}, {time_format(start, 'TIME_FORMAT')} – "
        f"{time_format(end, 'TIME_FORMAT')} {end.tzname()}"
    )
    if shift.capacity is not None:
        if shift.is_full:
            text += " · " + str(_("full: join the waitlist"))
        else:
            left = shift.places_left
            text += " · " + ngettext("%(count)s place left", "%(count)s places left", left) % {
                "count": left
            }
    return text


class DeskSearchForm(StorableTextMixin, forms.Form):
    q = forms.CharField(label=_("Find by name, email or phone"), required=False, max_length=100)


class WalkInForm(StorableTextMixin, forms.Form):
    first_name = NameField(label=_("Given name"))
    last_name = NameField(label=_("Family name"), required=False)
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = PhoneNumberField(label=_("Mobile phone"), required=False, max_length=32)
    override_qualification = forms.BooleanField(
        label=_("This shift needs a qualification they do not hold: I checked they are ready"),
        required=False,
    )


class SelfWalkInForm(StorableTextMixin, forms.Form):
    """A walk-in adding themself from the venue poster (confirmed later by email)."""

    first_name = NameField(label=_("Given name"))
    last_name = NameField(label=_("Family name"), required=False)
    email = forms.EmailField(label=_("Email"), max_length=254)


class ShiftReportForm(StorableTextMixin, forms.Form):
    doors_knocked = forms.IntegerField(label=_("Doors knocked"), min_value=0, max_value=100000)
    calls_made = forms.IntegerField(label=_("Calls made"), min_value=0, max_value=100000)
    conversations = forms.IntegerField(label=_("Conversations"), min_value=0, max_value=100000)
    voter_registrations = forms.IntegerField(
        label=_("Voter registrations collected"), min_value=0, max_value=100000
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )


class HostEventForm(StorableTextMixin, forms.Form):
    title = forms.CharField(label=_("Event name"), max_length=120)
    event_type = forms.ChoiceField(label=_("Kind of event"), choices=EventType.choices)
    summary = forms.CharField(
        label=_("What will people do?"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONES)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    capacity = forms.IntegerField(
        label=_("How many people can come?"), required=False, min_value=1, max_value=10000
    )
    is_virtual = forms.BooleanField(label=_("This is an online event"), required=False)
    virtual_join_url = forms.URLField(
        label=_("Join link"), required=False, max_length=200, assume_scheme="https"
    )
    venue = forms.CharField(label=_("Venue"), required=False, max_length=150)
    street_address = forms.CharField(label=_("Street address"), required=False, max_length=200)
    locality = forms.CharField(label=_("City"), required=False, max_length=100)
    region = forms.CharField(label=_("State"), required=False, max_length=50)
    postal_code = forms.CharField(label=_("ZIP code"), required=False, max_length=10)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_virtual"):
            if not cleaned.get("virtual_join_url"):
                self.add_error("virtual_join_url", _("Add the link people will use to join."))
        else:
            for name in ("street_address", "locality", "region", "postal_code"):
                if not cleaned.get(name):
                    self.add_error(name, _("Add this for an in-person event."))
            if cleaned.get("postal_code") and not is_us_zip(cleaned["postal_code"]):
                self.add_error("postal_code", _("Enter a 5-digit ZIP code, like 48201."))
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            zone = zoneinfo.ZoneInfo(cleaned.get("timezone") or settings.TIME_ZONE)
            starts = timezone.make_aware(datetime.datetime.combine(day, start), zone)
            ends = timezone.make_aware(datetime.datetime.combine(day, end), zone)
            if ends <= starts:
                self.add_error("end_time", _("The event must end after it starts."))
            elif starts <= timezone.now():
                self.add_error("date", _("Choose a date and time in the future."))
            cleaned["starts_at"], cleaned["ends_at"] = starts, ends
        return cleaned


class ShiftRatingForm(StorableTextMixin, forms.Form):
    """The page a rating link in the thank-you email opens: the tapped score, and a comment."""

    score = forms.TypedChoiceField(
        label=_("Your rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to tell the organizers? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SeriesForm(StorableTextMixin, forms.Form):
    frequency = forms.ChoiceField(label=_("Repeats"), choices=Series.Frequency.choices)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On"),
        choices=sorted(WEEKDAYS.items()),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for the weekday of the first date."),
    )
    starts_on = forms.DateField(
        label=_("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    until = forms.DateField(
        label=_("Last date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    count = forms.IntegerField(
        label=_("Or a number of occurrences"),
        required=False,
        min_value=1,
        max_value=100_000,
    )
    exceptions = forms.CharField(
        label=_("Dates left out"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One date per line, like 2026-12-25."),
    )
    capacity = forms.IntegerField(
        label=_("Places in each occurrence"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Leave empty for no limit."),
    )

    def clean_exceptions(self) -> list[datetime.date]:
        dates = []
        for line in self.cleaned_data.get("exceptions", "").split():
            try:
                dates.append(datetime.date.fromisoformat(line.strip()))
            except ValueError:
                raise forms.ValidationError(
                    _("“%(value)s” is not a date: write each one like 2026-12-25.")
                    % {"value": line[:20]}
                ) from None
        return dates

    def rule(self):
        """The series this form describes (events.series.SeriesRule)."""
        from events.series import SeriesRule

        data = self.cleaned_data
        return SeriesRule(
            frequency=data["frequency"],
            weekdays=list(data.get("weekdays") or []),
            starts_on=data["starts_on"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            until=data.get("until"),
            count=data.get("count"),
            exceptions=data.get("exceptions") or [],
            capacity=data.get("capacity"),
        )
