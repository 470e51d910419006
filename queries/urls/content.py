"""URLs of the content part (views/content.py): managers' pages for help articles and topic rules."""

from django.urls import path

from ..views import content as views

urlpatterns = [
    path("team/help/review/", views.content_review, name="content_review"),
    path("team/queries/topics/", views.topic_rules, name="topic_rules"),
    path("team/queries/topics/phrases/<int:pk>/remove/", views.topic_rule_remove, name="topic_rule_remove"),
]
