from django.urls import path

from recruitment import views, views_mentoring

app_name = "recruitment"
urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/more/", views.details, name="details"),
    path("join/thanks/", views.thanks, name="thanks"),
    path("join/confirm/<str:token>/", views.confirm, name="confirm"),
    # Mentoring lives on My portal (/me/); the feedback link in emails needs no login.
    path("me/mentoring/offer/", views_mentoring.offer, name="mentoring_offer"),
    path("me/mentoring/ask/", views_mentoring.ask, name="mentoring_ask"),
    path("me/mentoring/ask/withdraw/", views_mentoring.withdraw, name="mentoring_withdraw"),
    path("me/mentoring/pairs/<id:pair_id>/end/", views_mentoring.end_pair, name="mentoring_end"),
    path(
        "me/mentoring/check-ins/<id:checkin_id>/done/",
        views_mentoring.checkin_done,
        name="mentoring_checkin_done",
    ),
    path("mentoring/feedback/<str:token>/", views_mentoring.feedback, name="mentoring_feedback"),
]
