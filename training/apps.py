from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.roles import ORGANIZERS


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    # Organizers manage qualifications and holders and see course statistics (collected by
    # portal/roles.py). Interns get none: volunteers' training records are not theirs to see.
    role_permissions = {
        ORGANIZERS: [
            "training.view_training_reports",
            "training.add_qualification",
            "training.change_qualification",
            "training.delete_qualification",
            "training.view_qualification",
            "training.add_qualificationgrant",
            "training.view_qualificationgrant",
            "training.delete_qualificationgrant",
        ],
    }
