from django.urls import path

from portal.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("consents/", views.consents, name="consents"),
    path("about-you/", views.self_identification, name="self_identification"),
    path("data.json", views.download_data, name="data"),
    path("delete/", views.delete_account, name="delete"),
]
