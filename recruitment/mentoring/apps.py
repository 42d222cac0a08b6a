from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.roles import ORGANIZERS


class MentoringConfig(AppConfig):
    name = "recruitment.mentoring"
    label = "mentoring"
    verbose_name = _("Mentoring")
    role_permissions = {ORGANIZERS: ["mentoring.manage_mentoring"]}

    def ready(self):
        # Recruitment (a lower floor) announces sign-ups and erasures; mentoring acts on them.
        from recruitment import signals
        from recruitment.mentoring import receivers

        signals.signup_details_added.connect(
            receivers.request_mentor_at_signup, dispatch_uid="mentoring.signup_details_added"
        )
        signals.signup_confirmed.connect(
            receivers.request_mentor_on_confirmation, dispatch_uid="mentoring.signup_confirmed"
        )
        signals.volunteer_erasing.connect(
            receivers.erase_mentoring, dispatch_uid="mentoring.volunteer_erasing"
        )
