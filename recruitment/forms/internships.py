from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from portal.text import StorableTextMixin
from recruitment.forms.fields import NameField, TextAreaField
from recruitment.forms.resume import resume_check


class InternshipApplicationForm(StorableTextMixin, forms.Form):
    given_name = NameField(
        label=_("Given name"), widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    family_name = NameField(
        label=_("Family name"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = PhoneNumberField(label=_("Phone"), required=False, max_length=32)
    resume = forms.FileField(
        label=_("Résumé"),
        help_text=_("A PDF file of at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    availability = TextAreaField(
        label=_("Your availability"),
        help_text=_("Days and times you can work, and your start and end dates."),
        max_length=1000,
        required=True,
    )
    statement = TextAreaField(
        label=_("Why this internship?"),
        help_text=_("A few sentences are enough."),
        max_length=3000,
        required=True,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    # Honeypot, as on the sign-up form.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_resume(self):
        upload = self.cleaned_data["resume"]
        resume_check(upload)
        return upload

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class ApplicationStatusForm(StorableTextMixin, forms.Form):
    status = forms.ChoiceField(label=_("Move to"))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(application.Status.choices)
        self.fields["status"].choices = [
            (status, labels[status]) for status in application.next_statuses()
        ]
