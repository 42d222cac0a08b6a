"""Admin: the newsletters menu, the send screen, shout-outs and the suppression list."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from portal.audit import register
from portal.newsletters import admin_views, services
from portal.newsletters.models import NewsletterPage, ShoutOut, Suppression
from portal.text import StorableTextViewSetMixin

admin_urls = [
    path("", admin_views.index, name="index"),
    path("<id:page_id>/", admin_views.send, name="send"),
    path("<id:page_id>/progress.json", admin_views.progress, name="progress"),
    path("<id:page_id>/test/", admin_views.send_test, name="send_test"),
    path("<id:page_id>/schedule/", admin_views.schedule, name="schedule"),
    path("<id:page_id>/pause/", admin_views.pause, name="pause"),
    path("<id:page_id>/resume/", admin_views.resume, name="resume"),
    path("<id:page_id>/cancel/", admin_views.cancel, name="cancel"),
    path("<id:page_id>/resend-unknown/", admin_views.resend_unknown, name="resend_unknown"),
]


@hooks.register("register_admin_urls")
def register_newsletter_admin_urls():
    return [
        path("newsletters/", include((admin_urls, "newsletters_admin"))),
        path(
            "shoutout-review/<id:pk>/approve/",
            admin_views.approve_shoutout,
            name="shoutout_approve",
        ),
        path(
            "shoutout-review/<id:pk>/decline/",
            admin_views.decline_shoutout,
            name="shoutout_decline",
        ),
    ]


class NewslettersMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_send_newsletters(request.user)


@hooks.register("register_admin_menu_item")
def register_newsletters_menu_item():
    return NewslettersMenuItem(
        _("Newsletters"), reverse("newsletters_admin:index"), icon_name="mail", order=250
    )


def _send_button(page, priority):
    if not isinstance(page.specific_deferred, NewsletterPage):
        return []
    return [
        Button(
            _("Send or schedule"),
            url=reverse("newsletters_admin:send", args=[page.pk]),
            icon_name="mail",
            priority=priority,
        )
    ]


@hooks.register("register_page_header_buttons")
def newsletter_header_buttons(page, user, view_name, next_url=None):
    yield from _send_button(page, 5)


@hooks.register("register_page_listing_more_buttons")
def newsletter_listing_buttons(page, user, next_url=None):
    yield from _send_button(page, 5)


class ShoutOutCreateView(generic.CreateView):
    def save_instance(self):
        # Through the service: it approves at once and emails the volunteer after commit.
        return services.shoutout_create(
            recipient=self.form.cleaned_data["recipient"],
            message=self.form.cleaned_data["message"],
            author=self.request.user,
        )


class ReviewColumn(Column):
    cell_template_name = "portal/newsletters/admin/shoutout_review_cell.html"


class ShoutOutViewSet(StorableTextViewSetMixin, ModelViewSet):
    model = ShoutOut
    icon = "pick"
    menu_label = _("Shout-outs")
    form_fields = ["recipient", "message"]
    add_view_class = ShoutOutCreateView
    list_display = [
        "recipient",
        Column("message", label=_("Message")),
        "status",
        "show_publicly",
        "created_at",
        ReviewColumn("review", label=_("Review")),
    ]
    list_filter = ["status", "show_publicly"]
    search_fields = ["message", "recipient__email", "recipient__first_name"]
    url_prefix = "shoutouts"
    name = "shoutouts"


class SuppressionCreateView(generic.CreateView):
    def save_instance(self):
        suppression, _created = services.suppression_add(
            email=self.form.cleaned_data["email"],
            reason=self.form.cleaned_data["reason"],
            source="admin",
            detail=self.form.cleaned_data.get("detail", ""),
        )
        return suppression


class SuppressionViewSet(StorableTextViewSetMixin, ModelViewSet):
    model = Suppression
    icon = "cross"
    menu_label = _("Suppressed addresses")
    form_fields = ["email", "reason", "detail"]
    add_view_class = SuppressionCreateView
    list_display = ["email", "reason", "source", "created_at"]
    list_filter = ["reason"]
    search_fields = ["email"]
    url_prefix = "suppressions"
    name = "suppressions"


class CommunityViewSetGroup(ViewSetGroup):
    menu_label = _("Recognition and email")
    menu_icon = "mail"
    menu_order = 260
    items = (ShoutOutViewSet, SuppressionViewSet)


@hooks.register("register_admin_viewset")
def register_community_viewsets():
    return CommunityViewSetGroup()


@hooks.register("register_log_actions")
def register_newsletter_log_actions(actions):
    register(
        actions,
        services.SEND_START,
        _("Start newsletter send"),
        _("Started sending to %(queued)s people (%(suppressed)s suppressed, %(capped)s capped)"),
    )
    register(
        actions,
        services.RESEND_UNKNOWN,
        _("Resend unknown deliveries"),
        _("Queued %(count)s deliveries of unknown outcome again"),
    )
