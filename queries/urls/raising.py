"""URLs of the raising part (views/raising.py): asking a question, with help articles offered first."""

from django.urls import path

from ..views import raising as views

urlpatterns = [
    path("queries/ask/", views.ask, name="ask"),
    path("queries/ask/suggestions/", views.ask_suggestions, name="ask_suggestions"),
    path("queries/ask/check/", views.ask_check, name="ask_check"),
    path("queries/ask/details/", views.ask_details, name="ask_details"),
    path("queries/ask/done/", views.ask_done, name="ask_done"),
]
