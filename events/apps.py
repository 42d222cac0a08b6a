from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.roles import INTERNS, ORGANIZERS


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    # What each role may do with events' models (collected by portal/roles.py). Interns run the
    # desk for the events they are assigned to; organizers run every desk and see every RSVP.
    role_permissions = {
        ORGANIZERS: [
            "events.use_checkin_desk",
            "events.manage_all_attendance",
            "events.view_rsvp",
            # Organizers manage the tags they put on events.
            "events.add_eventtag",
            "events.change_eventtag",
            "events.delete_eventtag",
            "events.view_eventtag",
        ],
        INTERNS: ["events.use_checkin_desk"],
    }

    def ready(self):
        from events import cached_event, signals, texts  # noqa: F401
