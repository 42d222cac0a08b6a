from django.urls import path

from portal.insights import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("csv/<slug:table_key>.csv", views.table_csv, name="table_csv"),
    path("lapsing.csv", views.lapsing_csv, name="lapsing_csv"),
]
