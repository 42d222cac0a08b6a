from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.roles import ORGANIZERS


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    # Organizers manage volunteers (look, filter, export: profiles are the volunteers' own to
    # change), partners and their list imports, internship applications, and mentoring
    # (collected by portal/roles.py). Interns see no volunteer's data here.
    role_permissions = {
        ORGANIZERS: [
            "recruitment.view_volunteer",
            "recruitment.add_partner",
            "recruitment.change_partner",
            "recruitment.delete_partner",
            "recruitment.view_partner",
            "recruitment.view_internshipapplication",
            "recruitment.change_internshipapplication",
        ],
    }
