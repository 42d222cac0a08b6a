from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users import apps as wagtail_users

from portal.roles import INTERNS, ORGANIZERS


class PortalConfig(AppConfig):
    # The default for "portal": this module also holds the users app's config below.
    default = True
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


class PortalUsersConfig(wagtail_users.WagtailUsersAppConfig):
    """Wagtail's users app (in INSTALLED_APPS in its place) with our users and groups screens,
    whose forms refuse text that cannot be stored (portal/wagtail_hooks.py)."""

    default = False
    user_viewset = "portal.wagtail_hooks.UserViewSet"
    group_viewset = "portal.wagtail_hooks.GroupViewSet"
