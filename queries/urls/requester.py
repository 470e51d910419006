"""URLs of the requester part (views/requester.py): a person's queries, the link without an account, the survey."""

from django.urls import path, re_path

from ..views import requester as views

# References look like DPSS-2026-000123, so they never clash with the other pages under /queries/.
REFERENCE = r"(?P<reference>DPSS-\d{4}-\d{6})"

urlpatterns = [
    path("queries/", views.my_queries, name="my_queries"),
    path("queries/link/<str:token>/", views.query_link, name="query_link"),
    path("queries/link/<str:token>/withdraw/", views.query_link_withdraw, name="query_link_withdraw"),
    path("queries/link/<str:token>/files/<int:pk>/", views.attachment_link, name="attachment_link"),
    re_path(rf"^queries/{REFERENCE}/$", views.query_detail, name="query_detail"),
    re_path(rf"^queries/{REFERENCE}/withdraw/$", views.query_withdraw_page, name="query_withdraw"),
    re_path(rf"^queries/{REFERENCE}/files/(?P<pk>[0-9]+)/$", views.attachment, name="attachment"),
    path("survey/thanks/", views.survey_thanks, name="survey_thanks"),
    path("survey/<str:token>/", views.survey, name="survey"),
]
