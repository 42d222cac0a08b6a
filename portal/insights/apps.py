from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.roles import ORGANIZERS


class InsightsConfig(AppConfig):
    name = "portal.insights"
    label = "insights"
    verbose_name = _("Insights")
    role_permissions = {ORGANIZERS: ["insights.view_insights"]}
