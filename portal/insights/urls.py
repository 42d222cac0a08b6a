from django.urls import path

from portal.insights import admin_views

urlpatterns = [
    path("", admin_views.dashboard, name="dashboard"),
    path("csv/<slug:table_key>.csv", admin_views.table_csv, name="table_csv"),
    path("lapsing.csv", admin_views.lapsing_csv, name="lapsing_csv"),
]
