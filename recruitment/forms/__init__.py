from recruitment.forms.fields import POSTAL_CODE, NameField, TextAreaField, clean_text
from recruitment.forms.internships import ApplicationStatusForm, InternshipApplicationForm
from recruitment.forms.partners import ImportRowForm, PartnerImportForm
from recruitment.forms.signup import (
    ConsentForm,
    ContactFields,
    DetailsFields,
    DetailsForm,
    JoinForm,
    ProfileForm,
    SelfIdForm,
)

__all__ = [
    "POSTAL_CODE",
    "ApplicationStatusForm",
    "ConsentForm",
    "ContactFields",
    "DetailsFields",
    "DetailsForm",
    "ImportRowForm",
    "InternshipApplicationForm",
    "JoinForm",
    "NameField",
    "PartnerImportForm",
    "ProfileForm",
    "SelfIdForm",
    "TextAreaField",
    "clean_text",
]
