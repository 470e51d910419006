from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("team/undelivered-messages/", views.dead_letter_list, name="dead_letter_list"),
    path("team/undelivered-messages/<int:pk>/retry/", views.dead_letter_retry, name="dead_letter_retry"),
]
