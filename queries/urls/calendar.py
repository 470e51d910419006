"""URLs of the calendar part (views/calendar.py)."""

urlpatterns: list = []
