"""The people funnel's models, one module per subdomain."""

from recruitment.models.internships import InternshipApplication, InternshipPage
from recruitment.models.people import (
    Availability,
    Consent,
    HeardAbout,
    Language,
    Partner,
    Signup,
    Volunteer,
    VolunteerInterest,
    VolunteerLanguage,
    new_referral_code,
)
from recruitment.models.selfid import SelfIdentification

__all__ = [
    "Availability",
    "Consent",
    "HeardAbout",
    "InternshipApplication",
    "InternshipPage",
    "Language",
    "Partner",
    "SelfIdentification",
    "Signup",
    "Volunteer",
    "VolunteerInterest",
    "VolunteerLanguage",
    "new_referral_code",
]
