"""URLs of the reports part (views/reports.py)."""

from django.urls import path

from ..views import reports

urlpatterns: list = [
    path("team/queries/reports/", reports.reports, name="reports"),
    path("team/queries/reports/queries-by-topic-area-month.csv", reports.reports_csv, name="reports_csv"),
]
