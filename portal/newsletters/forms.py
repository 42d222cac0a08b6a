from django import forms
from django.utils.translation import gettext_lazy as _

from portal.text import StorableTextMixin


class NominationForm(StorableTextMixin, forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        max_length=254,
        help_text=_("The address they use with us. It is never shown to anyone."),
    )
    message = forms.CharField(
        label=_("Your thanks"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("An organizer reads it before it reaches them. Up to 1,000 characters."),
    )


class ScheduleForm(StorableTextMixin, forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("In the site's time zone."),
    )
