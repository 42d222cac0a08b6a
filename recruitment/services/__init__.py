"""Every write of the people funnel. Views, the admin, tasks and commands call these."""

from recruitment.services.internships import (
    application_send_status_email,
    application_set_status,
    application_submit,
)
from recruitment.services.partners import ImportRowResult, partner_import
from recruitment.services.people import (
    SignupSource,
    consent_record,
    profile_apply,
    signup_add_details,
    signup_confirm,
    signup_send_confirmation,
    volunteer_erase,
    volunteer_get_or_create,
    volunteer_set_consents,
    volunteer_signup,
    volunteer_update_profile,
    volunteers_sms_consent_set,
)
from recruitment.services.selfid import SELF_ID_FIELDS, selfid_delete, selfid_save

__all__ = [
    "SELF_ID_FIELDS",
    "ImportRowResult",
    "SignupSource",
    "application_send_status_email",
    "application_set_status",
    "application_submit",
    "consent_record",
    "partner_import",
    "profile_apply",
    "selfid_delete",
    "selfid_save",
    "signup_add_details",
    "signup_confirm",
    "signup_send_confirmation",
    "volunteer_erase",
    "volunteer_get_or_create",
    "volunteer_set_consents",
    "volunteer_signup",
    "volunteer_update_profile",
    "volunteers_sms_consent_set",
]
