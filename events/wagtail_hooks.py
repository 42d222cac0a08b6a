import django_filters
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import CreateView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from events import admin_views, selectors, services
from events.forms_admin import EventTagForm
from events.models import RSVP, ApiKey, EventPage, EventTag
from portal.audit import register
from portal.text import StorableTextViewSetMixin


class ViewOnlyPolicy(ModelPermissionPolicy):
    """RSVPs change only through the services (capacity, waitlist, emails), never a raw form."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


class RsvpFilterSet(WagtailFilterSet):
    # An email handed to the mail server with no answer: organizers look here before deciding
    # to resend from the event's check-in desk (never automatic, see notices_resend_unknown).
    email_unknown = django_filters.BooleanFilter(
        label=_("Email outcome unknown"), method="filter_email_unknown"
    )

    def filter_email_unknown(self, queryset, name, value):
        condition = selectors.rsvps_with_unknown_email()
        if value is None:
            return queryset
        return queryset.filter(condition) if value else queryset.exclude(condition)

    class Meta:
        model = RSVP
        fields = ["status", "attendance", "source"]


class RsvpIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(email_unknown=selectors.rsvps_with_unknown_email())
            .select_related("person", "shift__page")
        )


class RsvpViewSet(StorableTextViewSetMixin, ModelViewSet):
    model = RSVP
    icon = "list-ul"
    menu_label = _("RSVPs")
    menu_order = 220
    add_to_admin_menu = True
    index_view_class = RsvpIndexView
    list_display = [
        "person",
        "shift",
        "status",
        "attendance",
        "source",
        "created_at",
        Column(
            "email_unknown",
            label=_("Email"),
            accessor=lambda rsvp: _("Outcome unknown") if rsvp.email_unknown else "",
        ),
    ]
    filterset_class = RsvpFilterSet
    search_fields = ["person__email", "person__first_name", "person__last_name"]
    search_backend_name = None
    inspect_view_enabled = True
    form_fields = ["status"]


register_permission_policy(RSVP, ViewOnlyPolicy(RSVP))


@hooks.register("register_admin_viewset")
def register_rsvps():
    return RsvpViewSet("event_rsvps")


class ApiKeyCreateView(CreateView):
    """Shows the new key once, in the success message; only its hash is stored."""

    def save_instance(self):
        data = self.form.cleaned_data
        instance, self.raw_key = services.api_key_create(
            name=data["name"],
            owner=data.get("owner"),
            can_read_insights=data.get("can_read_insights", False),
            is_active=data.get("is_active", True),
        )
        log(instance=instance, action="wagtail.create", user=self.request.user)
        return instance

    def get_success_message(self, instance):
        return _("API key “%(name)s” created. Copy it now; it will not be shown again: %(key)s") % {
            "name": instance.name,
            "key": self.raw_key,
        }


class ApiKeyViewSet(StorableTextViewSetMixin, ModelViewSet):
    model = ApiKey
    add_view_class = ApiKeyCreateView
    icon = "key"
    menu_label = _("API keys")
    add_to_settings_menu = True
    list_display = [
        "name",
        "prefix",
        "is_active",
        "owner",
        "can_read_insights",
        "created_at",
        "last_used_at",
    ]
    form_fields = ["name", "is_active", "owner", "can_read_insights"]
    inspect_view_enabled = False


@hooks.register("register_admin_viewset")
def register_api_keys():
    return ApiKeyViewSet("event_api_keys")


class EventTagViewSet(ModelViewSet):
    """Organizers' labels for events; API clients filter by them (tag_id)."""

    model = EventTag
    icon = "tag"
    menu_label = _("Event tags")
    add_to_admin_menu = True
    list_display = ["name"]
    edit_handler = ObjectList([FieldPanel("name")], base_form_class=EventTagForm)
    search_fields = ["name"]
    inspect_view_enabled = False


@hooks.register("register_admin_viewset")
def register_event_tags():
    return EventTagViewSet("event_tags")


@hooks.register("register_admin_urls")
def register_desk_urls():
    return [
        path("checkin/", include((admin_views.urlpatterns, "events_desk"), namespace="events_desk"))
    ]


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_use_desk(request.user)


@hooks.register("insert_global_admin_css")
def desk_css():
    return format_html('<link rel="stylesheet" href="{}">', static("events/desk.css"))


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return DeskMenuItem(
        _("Check-in desk"), reverse("events_desk:index"), icon_name="tasks", order=210
    )


@hooks.register("register_admin_urls")
def register_text_urls():
    return [
        path(
            "shift-texts/",
            include((admin_views.texting_urlpatterns, "events_texts"), namespace="events_texts"),
        )
    ]


@hooks.register("register_admin_urls")
def register_message_urls():
    from events import admin_views

    return [
        path(
            "event-messages/",
            include(
                (admin_views.messages_urlpatterns, "events_messages"), namespace="events_messages"
            ),
        )
    ]


@hooks.register("register_admin_urls")
def register_series_urls():
    from events import admin_views

    return [
        path(
            "events-series/",
            include((admin_views.series_urlpatterns, "events_series"), namespace="events_series"),
        )
    ]


@hooks.register("register_page_header_buttons")
def series_button(page, user, view_name=None, next_url=None):
    # Events get "Add a recurring series" next to their other page actions.
    from wagtail.admin.widgets import Button

    is_event = page.specific_class is not None and issubclass(page.specific_class, EventPage)
    if is_event and page.permissions_for_user(user).can_publish():
        yield Button(
            _("Add a recurring series"),
            reverse("events_series:add", args=[page.pk]),
            icon_name="date",
            priority=60,
        )


@hooks.register("register_log_actions")
def register_desk_log_actions(actions):
    from events import messaging, series, texts

    register(
        actions,
        messaging.EVENT_MESSAGE,
        _("Message an event's people"),
        _("Sent a message to %(recipients)s people"),
    )

    register(actions, texts.SHIFT_TEXT, _("Text a shift"), _("Texted the shift's people"))
    register(actions, services.CHECKIN, _("Check in"), _("Checked in"))
    register(
        actions,
        series.SERIES_CREATE,
        _("Add a recurring series"),
        _("Added a recurring series of shifts"),
    )
    register(
        actions,
        series.STANDING_CANCEL,
        _("Stop a standing sign-up"),
        _("Stopped a standing sign-up and gave up its places"),
    )
    register(actions, services.CHECKIN_UNDO, _("Undo check-in"), _("Check-in undone"))
    register(actions, services.NO_SHOW, _("Mark no-show"), _("Marked as a no-show"))
    register(actions, services.WALK_IN, _("Add walk-in"), _("Added as a walk-in and checked in"))
    register(
        actions,
        services.NOTICES_RESEND_UNKNOWN,
        _("Resend emails of unknown outcome"),
        _("Chose to resend %(count)s email(s) whose outcome was unknown"),
    )
