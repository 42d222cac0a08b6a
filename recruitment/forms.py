import re
import unicodedata

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from portal.activities import Activity
from recruitment.consent import WORDING
from recruitment.models import Availability, Consent, HeardAbout, Language

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


class ContactFields(forms.Form):
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
    postal_code = forms.CharField(
        label=_("ZIP/postal code"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
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

    def clean_postal_code(self):
        value = clean_text(self.cleaned_data["postal_code"]).upper()
        if not POSTAL_CODE.match(value):
            raise forms.ValidationError(_("Enter a ZIP or postal code, such as 48201."))
        return value


class JoinForm(ContactFields):
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
    # Honeypot: hidden from people by the stylesheet, filled in by form-filling bots.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_referrer_url(self):
        return clean_text(self.cleaned_data["referrer_url"])[:500]

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
            for channel in (Consent.Channel.EMAIL, Consent.Channel.SMS, Consent.Channel.PARTNERS)
            if self.cleaned_data.get(f"consent_{channel}")
        ]

    def profile(self) -> dict:
        return {
            key: self.cleaned_data[key]
            for key in ("first_name", "last_name", "phone", "postal_code", "interests")
        }


class DetailsFields(forms.Form):
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
    heard_about_detail = forms.CharField(
        label=_("Tell us more (optional)"), required=False, max_length=200
    )

    def clean_pronouns(self):
        return clean_text(self.cleaned_data["pronouns"])

    def clean_heard_about_detail(self):
        return clean_text(self.cleaned_data["heard_about_detail"])

    def details(self) -> dict:
        return {key: self.cleaned_data[key] for key in DetailsFields.base_fields}


class DetailsForm(DetailsFields):
    """The optional second step of sign-up."""


class ProfileForm(ContactFields, DetailsFields):
    """Everything a volunteer can change on /me/profile/."""

    def profile(self) -> dict:
        return dict(self.cleaned_data)


class ConsentForm(forms.Form):
    email = forms.BooleanField(label=WORDING[Consent.Channel.EMAIL].text, required=False)
    sms = forms.BooleanField(label=WORDING[Consent.Channel.SMS].text, required=False)
    partners = forms.BooleanField(label=WORDING[Consent.Channel.PARTNERS].text, required=False)

    def choices(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name in self.fields}


TRUE_WORDS = {"1", "y", "yes", "true", "on", "x", "sí", "si"}
IMPORT_COLUMNS = [
    "email",
    "given_name",
    "family_name",
    "phone",
    "postal_code",
    "email_opt_in",
    "sms_opt_in",
]
IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ROWS = 5000


class ImportRowForm(forms.Form):
    """One row of a partner's CSV, checked with the same rules as the sign-up form."""

    email = forms.EmailField(max_length=254)
    given_name = NameField()
    family_name = NameField(required=False)
    phone = PhoneNumberField(required=False, max_length=32)
    postal_code = forms.CharField(required=False, max_length=10)
    email_opt_in = forms.CharField(required=False)
    sms_opt_in = forms.CharField(required=False)

    def clean_postal_code(self):
        value = clean_text(self.cleaned_data["postal_code"]).upper()
        if value and not POSTAL_CODE.match(value):
            raise forms.ValidationError(_("Enter a ZIP or postal code, such as 48201."))
        return value

    def consents(self) -> list[str]:
        wanted = []
        if self.cleaned_data["email_opt_in"].strip().lower() in TRUE_WORDS:
            wanted.append(Consent.Channel.EMAIL)
        if self.cleaned_data["sms_opt_in"].strip().lower() in TRUE_WORDS:
            wanted.append(Consent.Channel.SMS)
        return wanted

    def profile(self) -> dict:
        return {
            "first_name": self.cleaned_data["given_name"],
            "last_name": self.cleaned_data["family_name"],
            "phone": self.cleaned_data["phone"],
            "postal_code": self.cleaned_data["postal_code"],
        }


class PartnerImportForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner organization"), queryset=None)
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, with a header row. Columns: email, given_name, family_name, phone, "
            "postal_code, email_opt_in, sms_opt_in. Only email and given_name are required."
        ),
    )
    send_confirmation = forms.BooleanField(
        label=_("Email new people a link to confirm their address"),
        required=False,
        help_text=_("Their opt-ins count only once they confirm."),
    )

    def __init__(self, *args, **kwargs):
        from recruitment.models import Partner

        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.all()

    def clean_file(self) -> list[dict[str, str]]:
        import csv
        import io

        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("Save the file as UTF-8 CSV and try again.")) from error
        reader = csv.DictReader(io.StringIO(text))
        headers = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
        if "email" not in headers or "given_name" not in headers:
            raise forms.ValidationError(
                _("The first row must name the columns, including email and given_name.")
            )
        rows = []
        try:
            for row in reader:
                rows.append(
                    {
                        (key or "").strip().lower(): (value or "") if isinstance(value, str) else ""
                        for key, value in row.items()
                        if (key or "").strip().lower() in IMPORT_COLUMNS
                    }
                )
                if len(rows) > IMPORT_MAX_ROWS:
                    raise forms.ValidationError(_("Import at most 5000 rows at a time."))
        except csv.Error as error:
            raise forms.ValidationError(_("This is not a readable CSV file.")) from error
        if not rows:
            raise forms.ValidationError(_("The file has no rows to import."))
        return rows


class SelfIdForm(forms.Form):
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


RESUME_MAX_BYTES = 2 * 1024 * 1024


class InternshipApplicationForm(forms.Form):
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
        if upload.size > RESUME_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        # Trust the file's first bytes, not its name or the browser's content type.
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("Upload your résumé as a PDF file."))
        return upload

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class ApplicationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Move to"))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(application.Status.choices)
        self.fields["status"].choices = [
            (status, labels[status]) for status in application.next_statuses()
        ]
