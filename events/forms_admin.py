"""The event page's admin form: shift times in the event's own time zone, and safe shift edits."""

import zoneinfo

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from portal.roles import INTERNS_GROUP
from portal.text import StorableTextMixin


def _as_local_naive(value, zone):
    return timezone.localtime(value, zone).replace(tzinfo=None)


class EventPageForm(StorableTextMixin, WagtailAdminPageForm):
    """Editors type shift times as the clock reads where the event happens.

    Django reads form datetimes in the admin user's time zone; here they are shown and read in
    the event's zone instead, so a Phoenix event is typed in Phoenix time from anywhere.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "interns" in self.fields:
            User = get_user_model()
            self.fields["interns"].queryset = User.objects.filter(
                groups__name=INTERNS_GROUP
            ).order_by("first_name", "last_name", "email")
            self.fields["interns"].widget = forms.CheckboxSelectMultiple()
            self.fields["interns"].widget.choices = self.fields["interns"].choices
        if self._is_translation():
            # A translation uses its source's shifts (one event, one set of shifts): it needs
            # none of its own, and gets none (see clean).
            self.formsets["shifts"].min_num = 0
            self.formsets["shifts"].validate_min = False
        zone = self._zone(self.instance.timezone)
        for form in self.formsets["shifts"].forms:
            shift = form.instance
            if shift.pk and shift.start_at and shift.end_at:
                form.initial["start_at"] = _as_local_naive(shift.start_at, zone)
                form.initial["end_at"] = _as_local_naive(shift.end_at, zone)

    def _is_translation(self) -> bool:
        instance = self.instance
        return bool(instance.pk) and instance.shift_owner.pk != instance.pk

    @staticmethod
    def _zone(name):
        try:
            return zoneinfo.ZoneInfo(name or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def clean(self):
        cleaned = super().clean()
        zone = self._zone(cleaned.get("timezone") or self.instance.timezone)
        current = timezone.get_current_timezone()
        formset = self.formsets["shifts"]
        formset.is_valid()
        if self._is_translation() and any(
            getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
            for form in formset.forms
        ):
            self.add_error(
                None,
                _("Shifts belong to the original event; change them on the original page."),
            )
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            for name in ("start_at", "end_at"):
                value = data.get(name)
                if value is not None:
                    local = timezone.make_aware(timezone.make_naive(value, current), zone)
                    data[name] = local
                    setattr(form.instance, name, local)
            self._check_shift(form, data)
        return cleaned

    def _check_shift(self, form, data) -> None:
        from events.models import RSVP, Shift

        start, end = data.get("start_at"), data.get("end_at")
        if start and end and end <= start:
            form.add_error("end_at", _("A shift must end after it starts."))
        if not form.instance.pk:
            return
        live = Shift.objects.filter(pk=form.instance.pk).first()
        if live is None:
            return
        if data.get("DELETE"):
            if live.rsvps.filter(status__in=RSVP.ACTIVE).exists():
                form.add_error(
                    None,
                    _(
                        "People have signed up for this shift. Cancel the event or move them "
                        "before removing it."
                    ),
                )
            return
        capacity = data.get("capacity")
        if capacity is not None and capacity < live.attendee_count:
            form.add_error(
                "capacity",
                _("%(count)s people already hold a place; the limit cannot be lower.")
                % {"count": live.attendee_count},
            )


class ShiftTextForm(StorableTextMixin, forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=612,  # four GSM-7 segments
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Start with the organization's name; keep it short."),
    )


class EventTagForm(StorableTextMixin, WagtailAdminModelForm):
    """The admin form of event tags (organizers type the names)."""


class EventMessageForm(StorableTextMixin, forms.Form):
    """Staff write to an event's people: which shift (or all), which status, subject, words."""

    shift = forms.TypedChoiceField(label=_("Shift"), coerce=int, empty_value=None, required=False)
    audience = forms.ChoiceField(label=_("Who"))
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Sent by email; people who asked for texts about their sign-up get it too."),
    )

    def __init__(self, *args, shifts=(), audiences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift"].choices = [("", _("Every shift")), *shifts]
        self.fields["audience"].choices = list(audiences)
