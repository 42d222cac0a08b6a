from django.urls import path  # noqa: F401 - routes are added as the recruitment issue lands

app_name = "recruitment"
urlpatterns: list = []
