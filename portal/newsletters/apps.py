from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "portal.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        # anymail's tracking signal feeds the suppression list.
        from portal.newsletters import receivers  # noqa: F401
