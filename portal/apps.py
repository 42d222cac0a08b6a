from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from portal.roles import INTERNS, ORGANIZERS


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Community")

    # What each role may do with the portal's models (portal/roles.py collects these). The
    # insights and newsletters lines move with those models when they get app labels of their own.
    role_permissions = {
        ORGANIZERS: [
            # Wagtail's admin itself; its dummy model has no app of ours.
            "wagtailadmin.access_admin",
            # Insights (portal/insights)
            "portal.view_insights",
            # Newsletters: shout-outs reviewed and written; suppressions seen and added, never
            # removed by hand (that would mail someone who asked us to stop).
            "portal.add_shoutout",
            "portal.change_shoutout",
            "portal.delete_shoutout",
            "portal.view_shoutout",
            "portal.add_suppression",
            "portal.view_suppression",
        ],
        INTERNS: ["wagtailadmin.access_admin"],
    }

    def ready(self):
        from portal.roles import apply_after_migrate

        post_migrate.connect(apply_after_migrate, dispatch_uid="portal.roles")
