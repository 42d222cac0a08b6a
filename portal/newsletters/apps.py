from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.roles import ORGANIZERS


class NewslettersConfig(AppConfig):
    name = "portal.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")
    # Shout-outs reviewed and written; suppressions seen and added, never removed by hand (that
    # would mail someone who asked us to stop). Publishing newsletters is a page permission.
    role_permissions = {
        ORGANIZERS: [
            "newsletters.add_shoutout",
            "newsletters.change_shoutout",
            "newsletters.delete_shoutout",
            "newsletters.view_shoutout",
            "newsletters.add_suppression",
            "newsletters.view_suppression",
        ],
    }

    def ready(self):
        # anymail's tracking signal feeds the suppression list.
        from portal.newsletters import receivers  # noqa: F401
