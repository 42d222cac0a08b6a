from django.urls import path

from portal.newsletters import views

app_name = "newsletters"
urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("shout-outs/public/<str:token>/", views.shoutout_public, name="shoutout_public"),
    path("shout-outs/nominate/", views.nominate, name="nominate"),
]
