"""The shared base's admin hooks: the log actions every app shares, the users and groups screens
(Wagtail's, with the text rule; named by PortalUsersConfig) and staff access screens (your
sessions; an administrator's second-factor reset). Newsletters and insights are apps now, and
Wagtail finds their own `wagtail_hooks` modules; nothing is forwarded from here."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.users.views.groups import GroupViewSet as WagtailGroupViewSet
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from portal import admin_views
from portal.audit import register_shared_actions
from portal.staff_sessions import register_actions as register_staff_actions
from portal.text import StorableTextViewSetMixin

hooks.register("register_log_actions", register_shared_actions)
hooks.register("register_log_actions", register_staff_actions)


@hooks.register("register_admin_urls")
def register_staff_access_urls():
    return [
        path("sessions/", admin_views.sessions_view, name="staff_sessions"),
        path(
            "sessions/<id:session_id>/end/",
            admin_views.session_end_view,
            name="staff_session_end",
        ),
        path(
            "sessions/end-others/",
            admin_views.sessions_end_others_view,
            name="staff_sessions_end_others",
        ),
        path(
            "second-factor/<id:user_id>/reset/",
            admin_views.factor_reset_view,
            name="staff_factor_reset",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_sessions_menu_item():
    return MenuItem(_("Your sessions"), reverse("staff_sessions"), icon_name="key", order=10000)


@hooks.register("register_user_listing_buttons")
def factor_reset_button(user, request_user):
    if request_user.is_superuser:
        yield ListingButton(
            _("Reset second factor"),
            reverse("staff_factor_reset", args=[user.pk]),
            priority=60,
            icon_name="key",
        )


class UserViewSet(StorableTextViewSetMixin, WagtailUserViewSet):
    pass


class GroupViewSet(StorableTextViewSetMixin, WagtailGroupViewSet):
    pass


@hooks.register("before_serve_page")
def translation_without_its_source(page, request, serve_args, serve_kwargs):
    # A translation shares its source's records; without a live source it is a clean 404.
    from django.http import Http404
    from django.utils.translation import get_language

    from portal.i18n import default_language, source_is_gone

    # Pages served in the default language are sources themselves (translations live under
    # their own language's prefix), so only other languages pay for the check.
    if (get_language() or "").split("-")[0] != default_language() and source_is_gone(page):
        raise Http404


@hooks.register("before_edit_page")
def warn_translation_out_of_date(request, page):
    # Organizers see at once that the English words moved on; "Sync translated pages" on the
    # source brings the new strings into the translation editor.
    from django.contrib import messages

    from portal.i18n import translation_out_of_date

    if request.method == "GET" and translation_out_of_date(page):
        messages.warning(
            request,
            _(
                "This translation is out of date: the original page's text has changed. Sync "
                "the translated pages from the original to see what to translate."
            ),
        )
