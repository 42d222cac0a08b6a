"""Sign-up, its optional second step, and what volunteers edit in My portal."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from portal.activities import Activity
from portal.text import StorableTextMixin
from recruitment.consent import WORDING
from recruitment.forms.fields import (
    ConsentsAndHoneypotForm,
    NameField,
    PostalCodeField,
    TextAreaField,
    clean_text,
)
from recruitment.models import Availability, Consent, HeardAbout, Language


class ContactFields(StorableTextMixin, forms.Form):
    first_name = NameField(
        label=_("Given name"), widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = NameField(
        label=_("Family name"),
        required=False,
        help_text=_("Leave empty if you use one name only."),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    phone = PhoneNumberField(
        label=_("Mobile phone"),
        required=False,
        help_text=_(
            "Optional. US numbers can be typed as they are; others start with + and the country code."
        ),
        max_length=32,
    )
    postal_code = PostalCodeField(label=_("ZIP/postal code"))
    interests = forms.MultipleChoiceField(
        label=_("What would you like to do?"),
        help_text=_("Pick any that appeal to you. You can change them later."),
        choices=Activity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})


class JoinForm(ContactFields, ConsentsAndHoneypotForm):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent_email = forms.BooleanField(label=WORDING[Consent.Channel.EMAIL].text, required=False)
    consent_sms = forms.BooleanField(label=WORDING[Consent.Channel.SMS].text, required=False)
    consent_partners = forms.BooleanField(
        label=WORDING[Consent.Channel.PARTNERS].text, required=False
    )
    referrer_url = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    field_order = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "postal_code",
        "interests",
        "consent_email",
        "consent_sms",
        "consent_partners",
    ]

    consent_channels = (Consent.Channel.EMAIL, Consent.Channel.SMS, Consent.Channel.PARTNERS)

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_referrer_url(self):
        return clean_text(self.cleaned_data["referrer_url"])[:500]

    def profile(self) -> dict:
        return {
            key: self.cleaned_data[key]
            for key in ("first_name", "last_name", "phone", "postal_code", "interests")
        }


class DetailsFields(StorableTextMixin, forms.Form):
    availability = forms.MultipleChoiceField(
        label=_("When are you usually free?"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = TextAreaField(
        label=_("Skills you would like to use"),
        help_text=_("For example: design, driving, cooking, spreadsheets, translation."),
        max_length=500,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for our messages to you"),
        choices=settings.LANGUAGES,
    )
    pronouns = forms.CharField(
        label=_("Pronouns"),
        required=False,
        max_length=40,
        help_text=_("Optional, in your own words, e.g. she/her, they/them, él."),
    )
    accessibility_needs = TextAreaField(
        label=_("Accessibility needs"),
        help_text=_("Anything that would help you take part, e.g. step-free access, captions."),
        max_length=1000,
    )
    heard_about = forms.ChoiceField(
        label=_("How did you hear about us?"),
        choices=[("", _("Choose one (optional)")), *HeardAbout.choices],
        required=False,
    )
    heard_about_detail = forms.CharField(label=_("Tell us more"), required=False, max_length=200)

    def clean_pronouns(self):
        return clean_text(self.cleaned_data["pronouns"])

    def clean_heard_about_detail(self):
        return clean_text(self.cleaned_data["heard_about_detail"])

    def details(self) -> dict:
        return {key: self.cleaned_data[key] for key in DetailsFields.base_fields}


class DetailsForm(DetailsFields):
    """The optional second step of sign-up."""

    wants_mentor = forms.BooleanField(
        label=_(
            "I would like a mentor: an experienced volunteer to show me the ropes. (We share "
            "your name and email address with the mentor you are paired with.)"
        ),
        required=False,
    )


class ProfileForm(ContactFields, DetailsFields):
    """Everything a volunteer can change on /me/profile/."""

    show_on_leaderboard = forms.BooleanField(
        # No help text: the checkbox template shows none, and an aria-describedby pointing at
        # nothing fails accessibility checks. The label says it all.
        label=_(
            "Show my name on the organizers' recruiters leaderboard (otherwise the people I "
            "bring are counted without my name)"
        ),
        required=False,
    )

    def profile(self) -> dict:
        return dict(self.cleaned_data)


class ConsentForm(StorableTextMixin, forms.Form):
    email = forms.BooleanField(label=WORDING[Consent.Channel.EMAIL].text, required=False)
    sms = forms.BooleanField(label=WORDING[Consent.Channel.SMS].text, required=False)
    partners = forms.BooleanField(label=WORDING[Consent.Channel.PARTNERS].text, required=False)

    def choices(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name in self.fields}


class SelfIdForm(StorableTextMixin, forms.Form):
    """Every question is optional; leaving one empty means "prefer not to say"."""

    def __init__(self, *args, **kwargs):
        from recruitment.models import SelfIdentification

        super().__init__(*args, **kwargs)
        prefer_not = [("", _("Prefer not to say"))]
        questions = {
            "age_range": (_("Your age"), SelfIdentification.AgeRange.choices),
            "gender": (_("Your gender"), SelfIdentification.Gender.choices),
            "race_ethnicity": (
                _("Your race or ethnicity"),
                SelfIdentification.RaceEthnicity.choices,
            ),
            "lgbtq": (
                _(
                    "Do you identify as lesbian, gay, bisexual, transgender, queer or another "
                    "LGBTQ+ identity?"
                ),
                SelfIdentification.YesNo.choices,
            ),
            "disability": (
                _("Do you consider yourself to have a disability?"),
                SelfIdentification.YesNo.choices,
            ),
        }
        for name, (label, choices) in questions.items():
            self.fields[name] = forms.ChoiceField(
                label=label, choices=prefer_not + list(choices), required=False
            )

    def answers(self) -> dict[str, str]:
        return dict(self.cleaned_data)
