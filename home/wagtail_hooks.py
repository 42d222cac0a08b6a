from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import Office, SiteTexts


class OfficeViewSet(SnippetViewSet):
    model = Office
    icon = "home"
    menu_label = _("Local offices")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "locality", "region", "phone"]
    list_filter = ["region"]
    search_fields = ["name", "locality", "postal_code"]


register_snippet(OfficeViewSet)


class SiteTextsViewSet(SnippetViewSet):
    model = SiteTexts
    icon = "site"
    menu_label = _("Site texts by language")
    menu_order = 260
    add_to_admin_menu = True


register_snippet(SiteTextsViewSet)
