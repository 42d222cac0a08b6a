"""Mentoring's admin screens (pairs and check-ins, mentors, requests, matching runs) and their
menu; the views are in admin_views."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from portal.audit import register
from recruitment.mentoring import admin_views
from recruitment.mentoring.services.common import PAIR_END, PUBLISH


@hooks.register("register_admin_urls")
def register_mentoring_urls():
    return [
        path("mentoring/", admin_views.overview, name="mentoring_admin"),
        path(
            "mentoring/pairs/<id:pair_id>/end/",
            admin_views.pair_end,
            name="mentoring_admin_pair_end",
        ),
        path("mentoring/mentors/", admin_views.mentors, name="mentoring_admin_mentors"),
        path(
            "mentoring/mentors/<id:profile_id>/status/",
            admin_views.mentor_status,
            name="mentoring_admin_mentor_status",
        ),
        path("mentoring/requests/", admin_views.requests, name="mentoring_admin_requests"),
        path("mentoring/matching/", admin_views.matching, name="mentoring_admin_matching"),
        path(
            "mentoring/matching/action/",
            admin_views.matching_action,
            name="mentoring_admin_action",
        ),
    ]


class MentoringMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_manage(request.user)


@hooks.register("register_admin_menu_item")
def register_mentoring_menu():
    items = [
        (_("Pairs and check-ins"), "mentoring_admin", "group"),
        (_("Mentors"), "mentoring_admin_mentors", "user"),
        (_("Requests"), "mentoring_admin_requests", "help"),
        (_("Run matching"), "mentoring_admin_matching", "resubmit"),
    ]
    menu = Menu(
        items=[
            MentoringMenuItem(label, reverse(name), icon_name=icon, order=index)
            for index, (label, name, icon) in enumerate(items)
        ]
    )
    return SubmenuMenuItem(_("Mentoring"), menu, icon_name="group", order=253)


@hooks.register("register_log_actions")
def register_mentoring_actions(actions):
    register(
        actions, PUBLISH, _("Publish mentoring matches"), _("Published %(pairs)s mentoring pairs")
    )
    register(actions, PAIR_END, _("End mentoring pair"), _("Ended the mentoring pair"))
