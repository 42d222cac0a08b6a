"""Event URLs served by Django views; event pages themselves are served by Wagtail."""

from django.urls import path

from events import admin_messages, followup_views, views

app_name = "events"
urlpatterns = [
    # Wagtail's page URLs cannot end in a file name, so the calendar files are plain views.
    path("events/feed.ics", views.calendar_feed, name="feed"),
    path("events/<slug:slug>/calendar.ics", views.event_calendar, name="event_calendar"),
    path("rsvp/<str:token>/", views.manage, name="manage"),
    path("rate/<str:token>/", followup_views.rate, name="rate"),
    path("host-an-event/", views.host_event, name="host"),
    path("host-an-event/thanks/", views.host_thanks, name="host_thanks"),
    # An event's volunteer host writes to its people here, where the organizers allow it.
    path("host-an-event/<id:event_id>/message/", admin_messages.host_compose, name="host_compose"),
]
