"""URLs of the content part (views/content.py): managers' pages for help articles, canned replies and topic
rules."""

from django.urls import path

from ..views import content as views

urlpatterns = [
    path("team/help/review/", views.content_review, name="content_review"),
    path("team/help/articles/", views.content_articles, name="content_articles"),
    path("team/help/articles/new/", views.content_article_add, name="content_article_add"),
    path("team/help/articles/<slug:slug>/change/", views.content_article_change, name="content_article_change"),
    path("team/help/articles/<slug:slug>/reviewed/", views.content_article_reviewed, name="content_article_reviewed"),
    path("team/queries/canned-replies/", views.canned_replies, name="canned_replies"),
    path("team/queries/canned-replies/new/", views.canned_reply_add, name="canned_reply_add"),
    path("team/queries/canned-replies/<int:pk>/change/", views.canned_reply_change, name="canned_reply_change"),
    path("team/queries/canned-replies/<int:pk>/switch/", views.canned_reply_switch, name="canned_reply_switch"),
    path("team/queries/topics/", views.topic_rules, name="topic_rules"),
    path("team/queries/topics/phrases/<int:pk>/remove/", views.topic_rule_remove, name="topic_rule_remove"),
]
