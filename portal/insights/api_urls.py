from django.urls import path

from portal.insights import api

app_name = "insights_api"
urlpatterns = [
    path("", api.insights_all, name="all"),
    path("<slug:section>", api.insights_section, name="section"),
]
