"""Admin: the "Insights" menu item and screens, and a summary panel on the admin home page.
Interns and anyone else without the permission see neither."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from portal.insights import urls
from portal.insights.access import may_view_insights


@hooks.register("register_admin_urls")
def register_insights_urls():
    from portal.insights import admin_views

    return [
        path("insights/", include((urls.urlpatterns, "insights"), namespace="insights")),
        path("privacy/", admin_views.privacy_report, name="privacy_report"),
    ]


class AdministratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_menu_item")
def register_privacy_menu_item():
    return AdministratorsMenuItem(
        _("Privacy report"), reverse("privacy_report"), icon_name="lock", order=9000
    )


@hooks.register("register_log_actions")
def register_retention_action(actions):
    from portal.audit import register
    from portal.insights.retention import RETENTION

    register(
        actions,
        RETENTION,
        _("Retention rule"),
        _("Retention rule %(rule)s removed %(removed)s records"),
    )


class InsightsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view_insights(request.user)


@hooks.register("register_admin_menu_item")
def register_insights_menu_item():
    return InsightsMenuItem(
        _("Insights"), reverse("insights:dashboard"), icon_name="table", order=240
    )


@hooks.register("insert_global_admin_css")
def insights_css():
    return format_html('<link rel="stylesheet" href="{}">', static("portal/insights/insights.css"))


class InsightsPanel(Component):
    name = "insights_summary"
    template_name = "portal/insights/home_panel.html"
    order = 90

    def get_context_data(self, parent_context=None):
        from portal.insights.selectors.summary import home_summary

        return {"summary": home_summary()}


@hooks.register("construct_homepage_panels")
def add_insights_panel(request, panels):
    if may_view_insights(request.user):
        panels.append(InsightsPanel())
