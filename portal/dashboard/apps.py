from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The volunteer's own page, /me/. No models: an app so that it stands on its floor."""

    name = "portal.dashboard"
    label = "dashboard"
    verbose_name = _("My portal")
