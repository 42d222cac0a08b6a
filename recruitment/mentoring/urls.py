"""Mentoring's pages. They live on My portal (/me/); the feedback link in emails needs no login.
Included from portal/urls.py at the site root, so the paths are the ones people already have."""

from django.urls import path

from recruitment.mentoring import views

app_name = "mentoring"
urlpatterns = [
    path("me/mentoring/offer/", views.offer, name="offer"),
    path("me/mentoring/ask/", views.ask, name="ask"),
    path("me/mentoring/ask/withdraw/", views.withdraw, name="withdraw"),
    path("me/mentoring/pairs/<id:pair_id>/end/", views.end_pair, name="end"),
    path("me/mentoring/check-ins/<id:checkin_id>/done/", views.checkin_done, name="checkin_done"),
    path("mentoring/feedback/<str:token>/", views.feedback, name="feedback"),
]
