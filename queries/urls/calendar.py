"""URLs of the calendar part (views/calendar.py): the managers' working calendar."""

from django.urls import path

from ..views import calendar as views

urlpatterns = [
    path("team/queries/calendar/", views.calendar, name="calendar"),
    # Changing a day is a POST from a button in the table.
    path("team/queries/calendar/<int:pk>/open/", views.calendar_day_open, name="calendar_day_open"),
    path("team/queries/calendar/<int:pk>/close/", views.calendar_day_close, name="calendar_day_close"),
    path("team/queries/calendar/<int:pk>/remove/", views.calendar_day_remove, name="calendar_day_remove"),
]
