from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from portal.roles import INTERNS, ORGANIZERS


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Community")

    # What each role may do with the portal's own models (portal/roles.py collects these from
    # every app's config; each app declares its own).
    role_permissions = {
        # Wagtail's admin itself; its dummy model has no app of ours.
        ORGANIZERS: ["wagtailadmin.access_admin"],
        INTERNS: ["wagtailadmin.access_admin"],
    }

    def ready(self):
        from portal.audit import connect_role_signals
        from portal.roles import apply_after_migrate
        from portal.staff_sessions import connect_signals as connect_staff_session_signals

        connect_role_signals()
        connect_staff_session_signals()
        post_migrate.connect(apply_after_migrate, dispatch_uid="portal.roles")
