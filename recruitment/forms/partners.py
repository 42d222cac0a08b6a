"""A partner organization's CSV list, file and rows."""

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from portal.text import StorableTextMixin
from recruitment.forms.fields import POSTAL_CODE, NameField, clean_text
from recruitment.models import Consent

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


class ImportRowForm(StorableTextMixin, forms.Form):
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


class PartnerImportForm(StorableTextMixin, forms.Form):
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
