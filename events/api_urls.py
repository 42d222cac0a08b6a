"""/api/v1/: the events API, outside the language prefixes (clients do not localize URLs).

Routes, OpenAPI document (openapi.json) and docs page (docs) all come from `events.api.api`.
"""

from events.api import api

app_name = "events_api"
urlpatterns = api.urls[0]
