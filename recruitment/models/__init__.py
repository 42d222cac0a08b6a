"""The people funnel's models, one module per subdomain."""

from recruitment.models.internships import InternshipApplication, InternshipPage
from recruitment.models.mentoring import (
    MatchingRun,
    MentoringNotice,
    MentorPair,
    MentorProfile,
    MentorRequest,
    PairCheckIn,
    PairFeedback,
    ProposedPair,
)
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
    "MatchingRun",
    "MentorPair",
    "MentorProfile",
    "MentorRequest",
    "MentoringNotice",
    "PairCheckIn",
    "PairFeedback",
    "Partner",
    "ProposedPair",
    "SelfIdentification",
    "Signup",
    "Volunteer",
    "VolunteerInterest",
    "VolunteerLanguage",
    "new_referral_code",
]
