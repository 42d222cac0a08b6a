"""Event URLs served by Django views; event pages themselves are served by Wagtail."""

from django.urls import path

from events import followup_views, message_views, views
from events.desk import views as desk_views

app_name = "events"
urlpatterns = [
    # Wagtail's page URLs cannot end in a file name, so the calendar files are plain views.
    path("events/feed.ics", views.calendar_feed, name="feed"),
    path("events/<slug:slug>/calendar.ics", views.event_calendar, name="event_calendar"),
    # The event page's sign-up form posts here (events.views.event_sign_up).
    path("events/<id:event_id>/sign-up/", views.event_sign_up, name="sign_up"),
    path("rsvp/<str:token>/", views.manage, name="manage"),
    path("rate/<str:token>/", followup_views.rate, name="rate"),
    # Check-in: the QR code image for emails, the venue poster's self check-in, and the link
    # that lets a walk-in's address owner confirm the attendance (events/desk/views.py).
    path("checkin/qr/<str:token>.png", desk_views.rsvp_qr, name="rsvp_qr"),
    path("checkin/<str:token>/", desk_views.self_checkin, name="self_checkin"),
    path("walk-in/<str:token>/", desk_views.walk_in_confirm, name="walk_in_confirm"),
    path("host-an-event/", views.host_event, name="host"),
    path("host-an-event/thanks/", views.host_thanks, name="host_thanks"),
    # An event's volunteer host writes to its people here, where the organizers allow it.
    path("host-an-event/<id:event_id>/message/", message_views.host_compose, name="host_compose"),
]
