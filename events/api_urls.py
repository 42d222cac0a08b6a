"""/api/v1/: the events API, outside the language prefixes (clients do not localize URLs)."""

from django.urls import path

from events import api

app_name = "events_api"
urlpatterns = [
    path("events", api.event_list, name="event_list"),
    path("events/<id:event_id>", api.event_detail, name="event_detail"),
    path("events/<id:event_id>/attendances", api.attendance_create, name="attendance_create"),
]
