from django.urls import path

from recruitment import views

app_name = "recruitment"
urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/more/", views.details, name="details"),
    path("join/thanks/", views.thanks, name="thanks"),
    path("join/confirm/<str:token>/", views.confirm, name="confirm"),
]
