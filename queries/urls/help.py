"""URLs of the help part (views/help.py): the public help centre."""

from django.urls import path

from ..views import help as views

urlpatterns = [
    path("help/", views.help_home, name="help_home"),
    path("help/search/", views.help_search, name="help_search"),
    path("help/topics/<slug:slug>/", views.help_topic, name="help_topic"),
    path("help/<slug:slug>/", views.help_article, name="help_article"),
    path("help/<slug:slug>/feedback/", views.help_feedback, name="help_feedback"),
]
