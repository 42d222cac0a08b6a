from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.roles import ORGANIZERS


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    # Organizers keep the local offices and the site's texts up to date, and translate pages
    # and snippets with wagtail-localize (collected by portal/roles.py).
    role_permissions = {
        ORGANIZERS: [
            "home.add_office",
            "home.change_office",
            "home.delete_office",
            "home.view_office",
            "home.add_sitetexts",
            "home.change_sitetexts",
            "home.delete_sitetexts",
            "home.view_sitetexts",
            "wagtail_localize.submit_translation",
        ],
    }
