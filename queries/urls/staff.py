"""URLs of the staff part (views/staff.py): the queue and the query page, with one URL per action."""

from django.urls import path, re_path

from ..views import intake, queue
from ..views import staff as views

urlpatterns = [
    path("team/queries/", queue.staff_queue, name="staff_queue"),
    path("team/queries/assign/", queue.staff_bulk_assign, name="staff_bulk_assign"),
    path("team/queries/log/", intake.staff_log_query, name="staff_log_query"),
    path("team/queries/<int:pk>/", views.staff_query, name="staff_query"),
    # A reference in the address, in any case, with its number padded or not: on to the query's page.
    re_path(
        r"^team/queries/(?P<reference>[Dd][Pp][Ss][Ss]-\d{4}-\d{1,6})/$",
        queue.staff_query_by_reference,
        name="staff_query_by_reference",
    ),
    path("team/queries/<int:pk>/reply/", views.staff_reply, name="staff_reply"),
    path("team/queries/<int:pk>/note/", views.staff_note, name="staff_note"),
    path("team/queries/<int:pk>/contact/", views.staff_contact, name="staff_contact"),
    path("team/queries/<int:pk>/status/", views.staff_status, name="staff_status"),
    path("team/queries/<int:pk>/priority/", views.staff_priority, name="staff_priority"),
    path("team/queries/<int:pk>/topic/", views.staff_topic, name="staff_topic"),
    path("team/queries/<int:pk>/team/", views.staff_team, name="staff_team"),
    path("team/queries/<int:pk>/assign/", views.staff_assign, name="staff_assign"),
    path("team/queries/<int:pk>/merge/", views.staff_merge, name="staff_merge"),
    path("team/queries/<int:pk>/complaint/", views.staff_complaint, name="staff_complaint"),
    path("team/queries/<int:pk>/safeguarding/", views.staff_safeguarding, name="staff_safeguarding"),
    path("team/queries/<int:pk>/redirect/", views.staff_redirect, name="staff_redirect"),
]
